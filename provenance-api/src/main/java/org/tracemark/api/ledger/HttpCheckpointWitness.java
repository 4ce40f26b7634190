package org.tracemark.api.ledger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A remote witness reached over HTTP at {@code {url}/add-checkpoint} (C2SP tlog-witness). */
public final class HttpCheckpointWitness implements CheckpointWitness {

  /** Witness answers are a few signature lines or a size; anything longer is refused. */
  static final int MAX_REPLY = 64 * 1024;

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final URI addCheckpoint;

  public HttpCheckpointWitness(URI witnessUrl) {
    String base = witnessUrl.toString();
    this.addCheckpoint =
        URI.create(base.endsWith("/") ? base + "add-checkpoint" : base + "/add-checkpoint");
  }

  @Override
  public Reply addCheckpoint(byte[] request) throws Exception {
    HttpResponse<byte[]> response =
        CLIENT.send(
            HttpRequest.newBuilder(addCheckpoint)
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    byte[] body = response.body();
    if (body.length > MAX_REPLY) {
      throw new IllegalStateException(
          "witness " + addCheckpoint + " sent " + body.length + " bytes; at most " + MAX_REPLY);
    }
    return new Reply(
        response.statusCode(), new String(body, java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return addCheckpoint.toString();
  }
}
