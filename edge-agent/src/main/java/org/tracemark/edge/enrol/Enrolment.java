package org.tracemark.edge.enrol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import org.tracemark.edge.config.AgentConfig;
import org.tracemark.keys.pki.DeviceCsr;
import org.tracemark.keys.pki.EncryptedPrivateKey;
import org.tracemark.keys.pki.KeyPairs;

/**
 * Enrolment as a device does it: the key is generated here and never leaves the device (only the
 * CSR, signed with it, goes to the API), then the certificate and CA chain are stored beside it.
 */
public final class Enrolment {

  /** What enrolment stored. */
  public record Result(Path certificate, Path chain, Path key, String kid, String serial) {}

  private final AgentConfig config;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public Enrolment(AgentConfig config) {
    this.config = config;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * Enrols (or, with {@code rotate}, rotates to) a new key.
   *
   * @param token the Bearer token of a producer of the device's organisation
   * @param passphrase encrypts the new private key at rest
   * @throws EnrolmentException with the API's problem detail, or what else went wrong
   */
  public Result enrol(String token, char[] passphrase, boolean rotate) throws EnrolmentException {
    if (!rotate && Files.exists(config.certificate())) {
      throw new EnrolmentException(
          config.device()
              + " is already enrolled ("
              + config.certificate()
              + "); use --rotate for a new key");
    }
    try {
      Files.createDirectories(config.stateDirectory());
      KeyPair keys = KeyPairs.generate(config.algorithm());
      String csr = DeviceCsr.create(config.device(), keys).toPem();
      // The new key is on disk (encrypted) before the CA sees its CSR: a crash after enrolment
      // must not leave a certificate for a key nobody has.
      Path pendingKey =
          config.privateKey().resolveSibling(config.privateKey().getFileName() + ".new");
      writePrivate(pendingKey, EncryptedPrivateKey.toPem(keys.getPrivate(), passphrase));

      URI uri =
          config
              .api()
              .resolve(
                  rotate ? "/api/devices/" + config.device().value() + "/rotate" : "/api/devices");
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("csr", csr))))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        Files.deleteIfExists(pendingKey);
        throw new EnrolmentException(problem(uri, response));
      }
      JsonNode device = json.readTree(response.body());
      JsonNode certificates = device.get("certificates");
      JsonNode issued = certificates.get(certificates.size() - 1);
      Files.writeString(config.certificate(), issued.get("certificate").asText());
      Path chain = config.stateDirectory().resolve("ca-chain.pem");
      Files.writeString(chain, device.get("chain").asText());
      if (rotate && Files.exists(config.privateKey())) {
        Files.move(
            config.privateKey(),
            config.privateKey().resolveSibling(config.privateKey().getFileName() + ".old"),
            StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(pendingKey, config.privateKey(), StandardCopyOption.ATOMIC_MOVE);
      return new Result(
          config.certificate(),
          chain,
          config.privateKey(),
          issued.get("kid").asText(),
          issued.get("serial").asText());
    } catch (IOException e) {
      throw new EnrolmentException("enrolment failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnrolmentException("enrolment interrupted", e);
    } catch (org.tracemark.keys.pki.IssuanceException
        | org.tracemark.keys.pki.PrivateKeyException e) {
      throw new EnrolmentException("cannot make the device key or CSR: " + e.getMessage(), e);
    }
  }

  /** The API's RFC 9457 detail (and code) when it sent one, else the status and body start. */
  private String problem(URI uri, HttpResponse<String> response) {
    try {
      JsonNode problem = json.readTree(response.body());
      if (problem.has("detail")) {
        return "the API refused the enrolment ("
            + response.statusCode()
            + (problem.has("code") ? " " + problem.get("code").asText() : "")
            + "): "
            + problem.get("detail").asText();
      }
    } catch (IOException e) {
      // Not JSON: report what came back.
    }
    String body = response.body();
    return "POST "
        + uri
        + " answered "
        + response.statusCode()
        + ": "
        + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the user profile's ACLs apply.
    }
    Files.writeString(file, content);
  }
}
