package org.tracemark.keys.reading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SignatureKey;

/**
 * The golden vectors made by the independent Python implementation (firmware-keys/src/test/python),
 * read from their {@code manifest.json}.
 */
public final class GoldenVectors {

  public static final Path ROOT = Path.of("src/test/resources/vectors");

  private GoldenVectors() {}

  public static JsonNode manifest(String kind) throws IOException {
    return new ObjectMapper().readTree(ROOT.resolve(kind).resolve("manifest.json").toFile());
  }

  public static byte[] file(String kind, String name) throws IOException {
    return Files.readAllBytes(ROOT.resolve(kind).resolve(name));
  }

  public static SignatureKey key(JsonNode key) throws Exception {
    byte[] spki = Base64.getDecoder().decode(key.get("spki").asText());
    String algorithm = key.get("alg").asInt() == -8 ? "Ed25519" : "EC";
    PublicKey publicKey =
        KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
    SignatureKey signatureKey = SignatureKey.of(publicKey);
    if (!signatureKey.kid().equals(KeyId.fromHex(key.get("kid").asText()))) {
      throw new IllegalStateException("manifest kid does not match its spki: " + key);
    }
    return signatureKey;
  }

  /** The enrolled keys every reading vector is verified against. */
  public static DeviceKeys readingKeys(JsonNode manifest) throws Exception {
    Map<KeyId, DeviceKey> keys = new HashMap<>();
    for (JsonNode key : manifest.get("keys")) {
      JsonNode revocation = key.get("revocation");
      Optional<KeyRevocation> revoked =
          revocation == null || revocation.isNull()
              ? Optional.empty()
              : Optional.of(
                  new KeyRevocation(
                      Instant.ofEpochMilli(revocation.get("at").asLong()),
                      revocation.get("reason").asText().equals("rotation")));
      SignatureKey signatureKey = key(key);
      keys.put(
          signatureKey.kid(),
          new DeviceKey(
              DeviceId.of(key.get("device").asText()),
              signatureKey,
              Instant.ofEpochMilli(key.get("notBefore").asLong()),
              Instant.ofEpochMilli(key.get("notAfter").asLong()),
              revoked));
    }
    return kid -> Optional.ofNullable(keys.get(kid));
  }
}
