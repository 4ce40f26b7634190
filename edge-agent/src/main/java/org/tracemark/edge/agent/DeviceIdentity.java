package org.tracemark.edge.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import org.tracemark.edge.config.AgentConfig;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.EncryptedPrivateKey;
import org.tracemark.keys.signing.SigningKey;

/**
 * The enrolled identity an agent signs with: its certificate and the matching private key,
 * decrypted for the life of the process. Refuses to start with an expired or not-yet-valid
 * certificate, a certificate for another device, or a key that is not the certified one: readings
 * signed so would all be quarantined, so it is better to say so at once.
 */
public record DeviceIdentity(DeviceCertificate certificate, SigningKey key) {

  /** Loads and checks the identity in {@code config}'s state. */
  public static DeviceIdentity load(AgentConfig config, char[] passphrase, Instant now)
      throws AgentException {
    if (!Files.exists(config.certificate())) {
      throw new AgentException(
          config.device()
              + " is not enrolled: no certificate at "
              + config.certificate()
              + " (run: tracemark-agent enroll)");
    }
    DeviceCertificate certificate;
    PrivateKey privateKey;
    try {
      certificate = DeviceCertificate.fromPem(Files.readString(config.certificate()));
      privateKey = EncryptedPrivateKey.fromPem(Files.readString(config.privateKey()), passphrase);
    } catch (IOException e) {
      throw new AgentException("cannot read the device identity: " + e.getMessage(), e);
    } catch (org.tracemark.keys.pki.DeviceCertificateException e) {
      throw new AgentException(config.certificate() + ": " + e.getMessage(), e);
    } catch (org.tracemark.keys.pki.PrivateKeyException e) {
      throw new AgentException(config.privateKey() + ": " + e.getMessage(), e);
    }
    if (!certificate.deviceId().equals(config.device())) {
      throw new AgentException(
          config.certificate()
              + " is for device "
              + certificate.deviceId()
              + ", the config says "
              + config.device());
    }
    if (now.isAfter(certificate.notAfter())) {
      throw new AgentException(
          "the device certificate expired at "
              + certificate.notAfter()
              + "; readings signed now would be quarantined (run: tracemark-agent enroll --rotate)."
              + " Queued readings are kept.");
    }
    if (now.isBefore(certificate.notBefore())) {
      throw new AgentException(
          "the device certificate is valid only from "
              + certificate.notBefore()
              + "; is the device clock right? It says "
              + now);
    }
    SigningKey key;
    try {
      key = SigningKey.of(new KeyPair(certificate.publicKey(), privateKey));
    } catch (org.tracemark.keys.signing.UnsupportedKeyException e) {
      throw new AgentException(config.privateKey() + ": " + e.getMessage(), e);
    }
    // A key that does not belong to the certificate signs readings nobody can verify.
    byte[] probe = "tracemark-agent key check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (!key.publicKey().verify(probe, key.sign(probe))) {
      throw new AgentException(
          config.privateKey() + " is not the key certified in " + config.certificate());
    }
    return new DeviceIdentity(certificate, key);
  }
}
