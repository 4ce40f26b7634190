package org.tracemark.keys.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tracemark.keys.pki.TestPki.DEVICE_FROM;
import static org.tracemark.keys.pki.TestPki.DEVICE_UNTIL;
import static org.tracemark.keys.pki.TestPki.INTERMEDIATE_FROM;
import static org.tracemark.keys.pki.TestPki.INTERMEDIATE_UNTIL;
import static org.tracemark.keys.pki.TestPki.NOW;
import static org.tracemark.keys.pki.TestPki.ROOT_UNTIL;
import static org.tracemark.keys.pki.TestPki.extension;
import static org.tracemark.keys.pki.TestPki.uri;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.ValidationResult.Level;
import org.tracemark.keys.pki.ValidationResult.Status;
import org.tracemark.keys.signing.SigningAlgorithm;

class ChainValidatorTest {

  private static final Instant CRL_THIS_UPDATE = Instant.parse("2026-06-01T00:00:00Z");
  private static final Instant CRL_NEXT_UPDATE = Instant.parse("2026-06-08T00:00:00Z");

  private static TestPki pki;
  private static KeyPair deviceKeys;
  private static DeviceCertificate device;

  @BeforeAll
  static void enrol() throws Exception {
    pki = TestPki.create(SigningAlgorithm.ED25519, SigningAlgorithm.ED25519);
    deviceKeys = KeyPairs.generate(SigningAlgorithm.ED25519);
    device = pki.enrol("silo-7", deviceKeys);
  }

  @Test
  void aFreshlyEnrolledDeviceIsValid() {
    ValidationResult result = pki.validate(device, Optional.empty(), NOW);

    assertThat(result.status()).isEqualTo(Status.VALID);
    assertThat(result.isValid()).isTrue();
    assertThat(result.revocation()).isEmpty();
    assertThat(result.evidence())
        .contains("silo-7", device.keyId().hex(), "Tracemark Root", "revocation not checked");
  }

  @Test
  void beforeNotBeforeIsNotYetValidAtTheLevelThatStartsLater() {
    ValidationResult deviceTooEarly =
        pki.validate(device, Optional.empty(), DEVICE_FROM.minusSeconds(1));
    assertThat(deviceTooEarly.status()).isEqualTo(Status.NOT_YET_VALID);
    assertThat(deviceTooEarly.level()).isEqualTo(Level.DEVICE);
    assertThat(deviceTooEarly.evidence()).contains("valid from " + DEVICE_FROM);

    ValidationResult intermediateTooEarly =
        pki.validate(device, Optional.empty(), INTERMEDIATE_FROM.minusSeconds(1));
    assertThat(intermediateTooEarly.status()).isEqualTo(Status.NOT_YET_VALID);
    assertThat(intermediateTooEarly.level()).isEqualTo(Level.INTERMEDIATE);

    assertThat(pki.validate(device, Optional.empty(), DEVICE_FROM).isValid())
        .as("notBefore itself is inside")
        .isTrue();
  }

  @Test
  void afterNotAfterIsExpiredAtTheLevelThatEndsFirst() {
    ValidationResult deviceExpired =
        pki.validate(device, Optional.empty(), DEVICE_UNTIL.plusSeconds(1));
    assertThat(deviceExpired.status()).isEqualTo(Status.EXPIRED);
    assertThat(deviceExpired.level()).isEqualTo(Level.DEVICE);
    assertThat(deviceExpired.evidence()).contains("expired at " + DEVICE_UNTIL);

    ValidationResult intermediateExpired =
        pki.validate(device, Optional.empty(), INTERMEDIATE_UNTIL.plusSeconds(1));
    assertThat(intermediateExpired.status()).isEqualTo(Status.EXPIRED);
    assertThat(intermediateExpired.level()).isEqualTo(Level.INTERMEDIATE);

    ValidationResult rootExpired =
        pki.validate(device, Optional.empty(), ROOT_UNTIL.plusSeconds(1));
    assertThat(rootExpired.status()).isEqualTo(Status.EXPIRED);
    assertThat(rootExpired.level()).isEqualTo(Level.ROOT);

    assertThat(pki.validate(device, Optional.empty(), DEVICE_UNTIL).isValid())
        .as("notAfter itself is inside")
        .isTrue();
  }

  @Test
  void aRevokedCertificateIsRevokedWithItsCrlEntry() throws Exception {
    Revocation revocation =
        new Revocation(
            device.serial(),
            Instant.parse("2026-05-20T08:00:00Z"),
            RevocationReason.KEY_COMPROMISE);
    RevocationList crl = crl(pki, List.of(revocation));

    ValidationResult result = pki.validate(device, Optional.of(crl), NOW.minusSeconds(86_400 * 2));

    assertThat(result.status()).isEqualTo(Status.REVOKED);
    assertThat(result.level()).isEqualTo(Level.DEVICE);
    assertThat(result.revocation()).contains(revocation);
    assertThat(result.evidence())
        .contains("silo-7", device.serial().toString(16), "2026-05-20T08:00:00Z", "KEY_COMPROMISE");
  }

  @Test
  void aCrlThatDoesNotListTheDeviceLeavesItValid() throws Exception {
    RevocationList crl =
        crl(
            pki,
            List.of(
                new Revocation(
                    device.serial().add(BigInteger.ONE),
                    CRL_THIS_UPDATE,
                    RevocationReason.CESSATION_OF_OPERATION)));

    ValidationResult result = pki.validate(device, Optional.of(crl), CRL_THIS_UPDATE);

    assertThat(result.status()).isEqualTo(Status.VALID);
    assertThat(result.evidence()).contains("not revoked as of CRL 1");
  }

  @Test
  void aCrlPastItsNextUpdateIsStale() throws Exception {
    RevocationList crl = crl(pki, List.of());

    ValidationResult result =
        pki.validate(device, Optional.of(crl), CRL_NEXT_UPDATE.plusSeconds(1));

    assertThat(result.status()).isEqualTo(Status.STALE_CRL);
    assertThat(result.evidence()).contains(CRL_NEXT_UPDATE.toString());
  }

  @Test
  void aCrlFromAnotherIntermediateIsNotTrusted() throws Exception {
    TestPki other = TestPki.create(SigningAlgorithm.ED25519, SigningAlgorithm.ED25519);
    RevocationList foreign = crl(other, List.of());

    ValidationResult result = pki.validate(device, Optional.of(foreign), NOW);

    assertThat(result.status()).isEqualTo(Status.UNTRUSTED_CRL);
    assertThat(result.evidence()).contains("bad-crl-signature");
  }

  @Test
  void aDeviceCertificateFromAnotherIntermediateHasAnUntrustedIssuer() throws Exception {
    TestPki other =
        TestPki.create(
            "Other Root", "Other Devices", SigningAlgorithm.ED25519, SigningAlgorithm.ED25519);
    DeviceCertificate foreign = other.enrol("silo-7", KeyPairs.generate(SigningAlgorithm.ED25519));

    ValidationResult result = pki.validate(foreign, Optional.empty(), NOW);

    assertThat(result.status()).isEqualTo(Status.UNTRUSTED_ISSUER);
    assertThat(result.level()).isEqualTo(Level.DEVICE);
    assertThat(result.evidence()).contains("CN=Other Devices", "CN=Tracemark Devices 1");
  }

  @Test
  void anImpostorIntermediateWithTheSameNameHasABadSignature() throws Exception {
    // Same names throughout, different keys: only the signatures tell them apart.
    TestPki impostor = TestPki.create(SigningAlgorithm.ED25519, SigningAlgorithm.ES256);
    DeviceCertificate forged = impostor.enrol("silo-7", deviceKeys);

    ValidationResult deviceLevel = pki.validate(forged, Optional.empty(), NOW);
    assertThat(deviceLevel.status()).isEqualTo(Status.BAD_SIGNATURE);
    assertThat(deviceLevel.level()).isEqualTo(Level.DEVICE);

    ValidationResult intermediateLevel =
        ChainValidator.validate(
            forged,
            impostor.intermediate().certificate(),
            pki.root().certificate(),
            Optional.empty(),
            NOW);
    assertThat(intermediateLevel.status()).isEqualTo(Status.BAD_SIGNATURE);
    assertThat(intermediateLevel.level()).isEqualTo(Level.INTERMEDIATE);
    assertThat(intermediateLevel.evidence()).contains("CN=Tracemark Root");
  }

  @Test
  void aDeviceCertificateCannotActAsACa() throws Exception {
    // The device's key signs a perfectly shaped device certificate for another device...
    KeyPair evilKeys = KeyPairs.generate(SigningAlgorithm.ED25519);
    X509Certificate issuedByDevice =
        TestPki.rawCertificate(
            device.certificate(),
            deviceKeys.getPrivate(),
            new X500Name("O=org-42,CN=evil-1"),
            evilKeys.getPublic(),
            extension(Extension.basicConstraints, true, new BasicConstraints(false)),
            extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)),
            extension(Extension.subjectAlternativeName, false, uri(DeviceId.of("evil-1").urn())));
    DeviceCertificate evil = DeviceCertificate.from(issuedByDevice);

    // ...but with the device certificate in the intermediate's place, the chain is refused.
    ValidationResult result =
        ChainValidator.validate(
            evil, device.certificate(), pki.root().certificate(), Optional.empty(), NOW);

    assertThat(result.status()).isEqualTo(Status.NOT_A_CA);
    assertThat(result.level()).isEqualTo(Level.INTERMEDIATE);
    assertThat(result.evidence()).contains("CN=silo-7");
  }

  @Test
  void theRootCannotStandInForTheIntermediate() throws Exception {
    ValidationResult result =
        ChainValidator.validate(
            device, pki.root().certificate(), pki.root().certificate(), Optional.empty(), NOW);

    assertThat(result.status()).isEqualTo(Status.UNTRUSTED_ISSUER);
    assertThat(result.level()).isEqualTo(Level.INTERMEDIATE);
  }

  @Test
  void rotationLeavesTheOldCertificateValidUntilItsRevocation() throws Exception {
    Instant firstEnrolment = Instant.parse("2026-02-01T00:00:00Z");
    Instant secondEnrolment = Instant.parse("2026-05-01T00:00:00Z");
    Instant revokedAt = Instant.parse("2026-05-15T00:00:00Z");
    KeyPair oldKeys = KeyPairs.generate(SigningAlgorithm.ED25519);
    KeyPair newKeys = KeyPairs.generate(SigningAlgorithm.ES256);
    DeviceCertificate old = pki.enrol("dock-3", oldKeys, firstEnrolment, DEVICE_UNTIL);
    DeviceCertificate rotated = pki.enrol("dock-3", newKeys, secondEnrolment, DEVICE_UNTIL);
    RevocationList crl =
        crl(pki, List.of(new Revocation(old.serial(), revokedAt, RevocationReason.SUPERSEDED)));

    // Same device, two keys, two certificates.
    assertThat(rotated.deviceId()).isEqualTo(old.deviceId());
    assertThat(rotated.keyId()).isNotEqualTo(old.keyId());
    assertThat(rotated.serial()).isNotEqualTo(old.serial());

    // Between the second enrolment and the revocation, both are valid.
    Instant overlap = Instant.parse("2026-05-10T00:00:00Z");
    assertThat(pki.validate(old, Optional.of(crl), overlap).status()).isEqualTo(Status.VALID);
    assertThat(pki.validate(rotated, Optional.of(crl), overlap).status()).isEqualTo(Status.VALID);

    // From the revocation time on, the old one is revoked, as a rotation; the new one is valid.
    ValidationResult oldAfter = pki.validate(old, Optional.of(crl), revokedAt);
    assertThat(oldAfter.status()).isEqualTo(Status.REVOKED);
    assertThat(oldAfter.revocation()).hasValueSatisfying(r -> assertThat(r.isRotation()).isTrue());
    assertThat(pki.validate(rotated, Optional.of(crl), NOW).status()).isEqualTo(Status.VALID);

    // A reading the old key signed one second before the revocation still validates at that time.
    assertThat(pki.validate(old, Optional.of(crl), revokedAt.minusSeconds(1)).status())
        .isEqualTo(Status.VALID);
  }

  @Test
  void forgeryIsReportedBeforeExpiry() throws Exception {
    TestPki impostor = TestPki.create(SigningAlgorithm.ED25519, SigningAlgorithm.ED25519);
    DeviceCertificate forged = impostor.enrol("silo-7", deviceKeys);

    assertThat(pki.validate(forged, Optional.empty(), ROOT_UNTIL.plusSeconds(1)).status())
        .isEqualTo(Status.BAD_SIGNATURE);
  }

  private static RevocationList crl(TestPki issuer, List<Revocation> revocations)
      throws IssuanceException {
    return RevocationList.issue(
        issuer.intermediate(), revocations, CRL_THIS_UPDATE, CRL_NEXT_UPDATE, BigInteger.ONE);
  }
}
