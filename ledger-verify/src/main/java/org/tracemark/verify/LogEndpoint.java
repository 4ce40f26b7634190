package org.tracemark.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.note.Note;
import org.tracemark.ledger.tile.BundleIndex;
import org.tracemark.ledger.tile.EntryBundle;
import org.tracemark.ledger.tile.MalformedBundleException;
import org.tracemark.ledger.tile.TileIndex;
import org.tracemark.ledger.tile.Tiling;

/**
 * The log's HTTP endpoints as seen by a client that trusts none of them: each response is bounded
 * in size and time, checked for the shape the protocol gives it, and any deviation is a {@link
 * FetchException} carrying the {@link Failure} with the URL. Redirects are followed only within the
 * same scheme, host and port, so a log cannot send the verifier to fetch from somewhere else.
 */
final class LogEndpoint {

  /** A full hash tile: 256 hashes of 32 bytes. */
  static final int MAX_TILE = Tiling.WIDTH * Hash.LENGTH;

  /** A full bundle of 256 entries of at most 65,535 bytes, each behind a 2-byte length. */
  static final int MAX_BUNDLE = Tiling.WIDTH * (2 + EntryBundle.MAX_ENTRY_LENGTH);

  /** The signed-note parser's own limit. */
  static final int MAX_CHECKPOINT = Note.MAX_SIZE;

  /** A proof holds at most 2 × 63 hashes of 46 characters; this leaves room for formatting. */
  static final int MAX_PROOF = 64 * 1024;

  private static final int MAX_REDIRECTS = 5;
  private static final String USER_AGENT = "tracemark-verify/1";

  private final MonitoredLog log;
  private final HttpClient client;
  private final MonitorSettings settings;
  private final AtomicInteger requests = new AtomicInteger();

  LogEndpoint(MonitoredLog log, MonitorSettings settings) {
    this.log = Objects.requireNonNull(log, "log");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            // Followed by hand in get(), to keep them on the log's own host.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** HTTP requests sent so far, redirects included. */
  int requests() {
    return requests.get();
  }

  String url(String relative) {
    return log.ledger(relative).toString();
  }

  /** The signed checkpoint, as served (not verified here). */
  byte[] checkpoint() throws FetchException {
    String url = url("checkpoint");
    return get("checkpoint", MAX_CHECKPOINT, status -> new Failure.UnexpectedStatus(url, status));
  }

  /** A hash tile, checked to be exactly {@code width × 32} bytes. */
  byte[] tile(TileIndex tile) throws FetchException {
    String path = tile.path();
    String url = url(path);
    byte[] data = get(path, MAX_TILE, status -> new Failure.MissingTile(path, url, status));
    if (data.length != tile.byteLength()) {
      throw new FetchException(
          new Failure.MalformedResponse(
              url,
              "hash tile "
                  + path
                  + " is "
                  + tile.width()
                  + " hashes wide, so "
                  + tile.byteLength()
                  + " bytes, got "
                  + data.length
                  + " bytes"));
    }
    return data;
  }

  /** An entry bundle, checked to hold exactly {@code width} well-formed entries. */
  byte[] bundle(BundleIndex bundle) throws FetchException {
    String path = bundle.path();
    String url = url(path);
    byte[] data = get(path, MAX_BUNDLE, status -> new Failure.MissingTile(path, url, status));
    try {
      EntryBundle.decode(data, bundle.width());
    } catch (MalformedBundleException e) {
      throw new FetchException(
          new Failure.MalformedResponse(url, "entry bundle " + path + ": " + e.getMessage()));
    }
    return data;
  }

  /** The server's consistency proof between two sizes; checked for shape, not verified. */
  ServedProof consistencyProof(long from, long to) throws FetchException {
    String path = "proof/consistency?from=" + from + "&to=" + to;
    String url = url(path);
    byte[] body = get(path, MAX_PROOF, status -> new Failure.UnexpectedStatus(url, status));
    return ServedProof.parse(url, body, "from", from, "to", to);
  }

  /** The server's inclusion proof of an index in a size; checked for shape, not verified. */
  ServedProof inclusionProof(long index, long size) throws FetchException {
    String path = "proof/inclusion?index=" + index + "&size=" + size;
    String url = url(path);
    byte[] body = get(path, MAX_PROOF, status -> new Failure.UnexpectedStatus(url, status));
    return ServedProof.parse(url, body, "index", index, "size", size);
  }

  private byte[] get(String relative, int limit, IntFunction<Failure> notOk) throws FetchException {
    URI uri = log.ledger(relative);
    for (int redirects = 0; ; redirects++) {
      HttpResponse<Optional<byte[]>> response = send(uri, limit);
      int status = response.statusCode();
      if (status == 200) {
        return response.body().orElseThrow();
      }
      if (!isRedirect(status)) {
        throw new FetchException(notOk.apply(status));
      }
      String location = response.headers().firstValue("Location").orElse(null);
      if (location == null) {
        throw new FetchException(
            new Failure.MalformedResponse(
                uri.toString(), "HTTP " + status + " redirect without a Location header"));
      }
      URI target;
      try {
        target = uri.resolve(location);
      } catch (IllegalArgumentException e) {
        throw new FetchException(
            new Failure.RedirectRefused(uri.toString(), location, "not a valid URI"));
      }
      if (!sameOrigin(uri, target)) {
        throw new FetchException(
            new Failure.RedirectRefused(
                uri.toString(),
                location,
                "the log's tiles and checkpoints are only fetched from "
                    + uri.getScheme()
                    + "://"
                    + uri.getRawAuthority()));
      }
      if (redirects == MAX_REDIRECTS) {
        throw new FetchException(
            new Failure.RedirectRefused(
                uri.toString(), location, "more than " + MAX_REDIRECTS + " redirects"));
      }
      uri = target;
    }
  }

  private HttpResponse<Optional<byte[]>> send(URI uri, int limit) throws FetchException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .header("User-Agent", USER_AGENT);
    if (uri.getRawPath().endsWith("/ledger/checkpoint")) {
      // The checkpoint must be the log's latest, not a cache's; tiles are immutable and may be
      // cached anywhere.
      builder.header("Cache-Control", "no-cache");
    }
    HttpRequest request = builder.GET().build();
    requests.incrementAndGet();
    CompletableFuture<HttpResponse<Optional<byte[]>>> pending =
        client.sendAsync(
            request,
            info ->
                info.statusCode() == 200
                    ? new BoundedBody(limit, info.headers().firstValueAsLong("Content-Length"))
                    : new DiscardedBody());
    String url = uri.toString();
    try {
      // The request timeout covers the headers only; this deadline covers the body as well.
      return pending.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new FetchException(
          new Failure.Unreachable(
              url, "no complete response within " + seconds(settings.requestTimeout())));
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new FetchException(new Failure.Unreachable(url, "interrupted"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TooLargeException tooLarge) {
        throw new FetchException(new Failure.ResponseTooLarge(url, limit, tooLarge.getMessage()));
      }
      throw new FetchException(new Failure.Unreachable(url, describe(cause)));
    }
  }

  private String describe(Throwable cause) {
    if (cause instanceof HttpTimeoutException) {
      return "no response within " + seconds(settings.requestTimeout());
    }
    if (cause instanceof ConnectException) {
      return "connection failed" + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
    if (cause instanceof IOException && cause.getMessage() != null) {
      return cause.getMessage();
    }
    return cause.toString();
  }

  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return b.isAbsolute()
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && b.getHost() != null
        && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
        && port(a) == port(b)
        && b.getRawUserInfo() == null;
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  /** A body over the limit: named by what gave it away. */
  private static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  /**
   * The body of an error or a redirect: of no use, so not read at all. Cancelling drops the
   * connection, which is cheaper than draining whatever a misbehaving server sends.
   */
  private static final class DiscardedBody
      implements HttpResponse.BodySubscriber<Optional<byte[]>> {

    private final CompletableFuture<Optional<byte[]>> result = new CompletableFuture<>();

    @Override
    public CompletionStage<Optional<byte[]>> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.cancel();
      result.complete(Optional.empty());
    }

    @Override
    public void onNext(List<ByteBuffer> item) {}

    @Override
    public void onError(Throwable throwable) {
      result.complete(Optional.empty());
    }

    @Override
    public void onComplete() {
      result.complete(Optional.empty());
    }
  }

  /**
   * Collects a body up to {@code limit} bytes and gives up, cancelling the stream, as soon as it is
   * longer: refused before the first byte when Content-Length already says so, or at the byte that
   * crosses the limit when the body is chunked.
   */
  private static final class BoundedBody implements HttpResponse.BodySubscriber<Optional<byte[]>> {

    private final CompletableFuture<Optional<byte[]>> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int limit;
    private final long declared;
    private Flow.Subscription subscription;
    private long received;

    BoundedBody(int limit, OptionalLong contentLength) {
      this.limit = limit;
      this.declared = contentLength.orElse(-1);
    }

    @Override
    public CompletionStage<Optional<byte[]>> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      if (declared > limit) {
        subscription.cancel();
        result.completeExceptionally(
            new TooLargeException("Content-Length declares " + declared + " bytes"));
        return;
      }
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer buffer : buffers) {
        received += buffer.remaining();
        if (received > limit) {
          subscription.cancel();
          result.completeExceptionally(
              new TooLargeException("more than " + limit + " bytes received"));
          return;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        out.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(Optional.of(out.toByteArray()));
    }
  }
}
