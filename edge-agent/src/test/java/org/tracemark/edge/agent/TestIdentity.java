package org.tracemark.edge.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.CertificateAuthority;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.DeviceCsr;
import org.tracemark.keys.pki.DeviceEnrolment;
import org.tracemark.keys.pki.EncryptedPrivateKey;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.signing.SigningAlgorithm;

/** A real device identity (root → issuing CA → device) written where an agent config says. */
final class TestIdentity {

  static final char[] PASSPHRASE = "agent-test-passphrase".toCharArray();

  private TestIdentity() {}

  /** Writes {@code state/device.pem} and {@code state/device-key.pem} for {@code device}. */
  static DeviceCertificate enrol(Path state, String device, Instant notBefore, Instant notAfter)
      throws Exception {
    Instant now = Instant.now();
    CertificateAuthority root =
        CertificateAuthority.createRoot(
            "Test Root",
            KeyPairs.generate(SigningAlgorithm.ED25519),
            now.minusSeconds(86_400 * 400L),
            now.plusSeconds(86_400 * 3650L));
    KeyPair issuingKeys = KeyPairs.generate(SigningAlgorithm.ED25519);
    CertificateAuthority issuing =
        new CertificateAuthority(
            root.issueIntermediate(
                "Test Issuing",
                issuingKeys.getPublic(),
                now.minusSeconds(86_400 * 399L),
                now.plusSeconds(86_400 * 3000L)),
            issuingKeys.getPrivate());
    KeyPair deviceKeys = KeyPairs.generate(SigningAlgorithm.ED25519);
    DeviceCertificate certificate =
        DeviceEnrolment.issue(
            issuing,
            DeviceCsr.create(DeviceId.of(device), deviceKeys),
            "org-test",
            notBefore,
            notAfter);
    Files.createDirectories(state);
    Files.writeString(state.resolve("device.pem"), certificate.toPem());
    Files.writeString(
        state.resolve("device-key.pem"),
        EncryptedPrivateKey.toPem(deviceKeys.getPrivate(), PASSPHRASE));
    return certificate;
  }
}
