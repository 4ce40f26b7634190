package org.tracemark.keys.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.tracemark.keys.pki.TestPki.DEVICE_FROM;
import static org.tracemark.keys.pki.TestPki.DEVICE_UNTIL;
import static org.tracemark.keys.pki.TestPki.INTERMEDIATE_UNTIL;
import static org.tracemark.keys.pki.TestPki.ORGANISATION;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.IssuanceException.Reason;
import org.tracemark.keys.signing.SigningAlgorithm;

class DeviceEnrolmentTest {

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";

  private static TestPki pki;
  private static KeyPair deviceKeys;
  private static byte[] goodCsr;

  @BeforeAll
  static void chain() throws Exception {
    pki = TestPki.create(SigningAlgorithm.ED25519, SigningAlgorithm.ED25519);
    deviceKeys = KeyPairs.generate(SigningAlgorithm.ED25519);
    goodCsr = DeviceCsr.create(DeviceId.of("silo-7"), deviceKeys).der();
  }

  @Test
  void aCsrWithATamperedSignatureIsRefusedAsNoProofOfPossession() throws Exception {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      byte[] csr = DeviceCsr.create(DeviceId.of("silo-7"), KeyPairs.generate(algorithm)).der();
      // The signature BIT STRING is the last element of a CSR; its last byte is signature bits.
      csr[csr.length - 1] ^= 0x01;

      assertRefused(() -> issue(csr), Reason.PROOF_OF_POSSESSION_FAILED)
          .hasMessageContaining("does not verify with the key it carries")
          .hasMessageContaining("kid ");
    }
  }

  @Test
  void aCsrWhoseDeviceIdWasEditedAfterSigningIsRefused() {
    byte[] csr = goodCsr.clone();
    String text = new String(csr, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("silo-7");
    csr[at + 5] = '8';

    assertRefused(() -> issue(csr), Reason.PROOF_OF_POSSESSION_FAILED);
  }

  @Test
  void rsaAndP384KeysAreUnsupported() throws Exception {
    X500Name subject = new X500Name("CN=silo-7");
    byte[] rsa =
        TestPki.rawCsr(
            subject,
            Optional.empty(),
            Optional.empty(),
            TestPki.generate("RSA", null),
            "SHA256withRSA");
    byte[] p384 =
        TestPki.rawCsr(
            subject,
            Optional.empty(),
            Optional.empty(),
            TestPki.generate("EC", "secp384r1"),
            "SHA384withECDSA");

    assertRefused(() -> issue(rsa), Reason.UNSUPPORTED_KEY).hasMessageContaining("RSA");
    assertRefused(() -> issue(p384), Reason.UNSUPPORTED_KEY).hasMessageContaining("secp384r1");
    // The device side refuses to make such a request in the first place.
    assertRefused(
            () -> DeviceCsr.create(DeviceId.of("silo-7"), TestPki.generate("RSA", null)),
            Reason.UNSUPPORTED_KEY)
        .hasMessageContaining("Ed25519 and EC P-256");
  }

  @Test
  void aSubjectAltNameForAnotherDeviceIsADeviceIdMismatch() throws Exception {
    byte[] csr =
        TestPki.rawCsr(
            new X500Name("CN=silo-7"),
            Optional.of(TestPki.uri("urn:tracemark:device:silo-8")),
            Optional.empty(),
            deviceKeys,
            "Ed25519");

    assertRefused(() -> issue(csr), Reason.DEVICE_ID_MISMATCH)
        .hasMessageContaining("\"silo-7\"")
        .hasMessageContaining("urn:tracemark:device:silo-8")
        .hasMessageContaining("expected urn:tracemark:device:silo-7");
  }

  @Test
  void theCommonNameMustBeExactlyOneValidDeviceId() throws Exception {
    for (String subject : new String[] {"CN=a/b", "CN=.hidden", "O=org-42", "CN=a,CN=b"}) {
      byte[] csr =
          TestPki.rawCsr(
              new X500Name(subject), Optional.empty(), Optional.empty(), deviceKeys, "Ed25519");
      assertRefused(() -> issue(csr), Reason.INVALID_DEVICE_ID);
    }
  }

  @Test
  void garbageIsAMalformedCsrNeverAnUncheckedException() throws Exception {
    byte[] certificate = pki.intermediate().certificate().getEncoded();
    byte[] truncated = Arrays.copyOf(goodCsr, goodCsr.length / 2);
    byte[] pemBytes = DeviceCsr.fromDer(goodCsr).toPem().getBytes(StandardCharsets.US_ASCII);
    byte[] trailing = Arrays.copyOf(goodCsr, goodCsr.length + 1);
    for (byte[] garbage :
        new byte[][] {
          new byte[0],
          {0x30},
          {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
          "not a csr".getBytes(StandardCharsets.US_ASCII),
          certificate,
          truncated,
          pemBytes,
          trailing,
          new byte[DeviceCsr.MAX_DER_LENGTH + 1]
        }) {
      assertRefused(() -> issue(garbage), Reason.MALFORMED_CSR);
    }
    assertRefused(() -> issue(null), Reason.MALFORMED_CSR);
    assertRefused(
        () ->
            DeviceCsr.fromPem(
                "-----BEGIN CERTIFICATE REQUEST-----\n%%%\n-----END CERTIFICATE REQUEST-----"),
        Reason.MALFORMED_CSR);
  }

  @Test
  void noMutationOfACsrEscapesAsAnUncheckedExceptionOrGetsIssued() {
    qt().withExamples(300)
        .forAll(integers().between(0, goodCsr.length - 1), integers().between(1, 255))
        .checkAssert(
            (position, flip) -> {
              byte[] mutated = goodCsr.clone();
              mutated[position] ^= flip.byteValue();
              assertThatThrownBy(() -> issue(mutated)).isInstanceOf(IssuanceException.class);
            });
    qt().withExamples(300)
        .forAll(integers().between(0, Integer.MAX_VALUE), integers().between(0, 600))
        .checkAssert(
            (seed, length) -> {
              byte[] random = new byte[length];
              new SplittableRandom(seed).nextBytes(random);
              if (length > 0) {
                random[0] = 0x30; // a SEQUENCE, so that the parser gets past the first byte
              }
              assertRefused(() -> issue(random), Reason.MALFORMED_CSR);
            });
  }

  @Test
  void everyValidDeviceIdRoundTripsThroughCsrAndCertificate() {
    qt().withExamples(60)
        .forAll(validIds(), integers().between(0, 1))
        .checkAssert(
            (id, algorithm) -> {
              DeviceId device = DeviceId.of(id);
              KeyPair keys = KeyPairs.generate(SigningAlgorithm.values()[algorithm]);
              DeviceCertificate certificate =
                  unchecked(
                      () ->
                          DeviceEnrolment.issue(
                              pki.intermediate(),
                              DeviceCsr.fromPem(DeviceCsr.create(device, keys).toPem()),
                              ORGANISATION,
                              DEVICE_FROM,
                              DEVICE_UNTIL));
              DeviceCertificate reread =
                  unchecked(() -> DeviceCertificate.fromPem(certificate.toPem()));
              assertThat(reread.deviceId()).isEqualTo(device);
              assertThat(reread.certificate().getSubjectX500Principal().getName())
                  .isEqualTo("CN=" + id + ",O=" + ORGANISATION);
              assertThat(reread.keyId())
                  .isEqualTo(org.tracemark.keys.signing.KeyId.of(keys.getPublic()));
            });
  }

  @Test
  void aCsrWithoutSubjectAltNameGetsTheDeviceUrnAnyway() throws Exception {
    byte[] csr =
        TestPki.rawCsr(
            new X500Name("CN=silo-7"), Optional.empty(), Optional.empty(), deviceKeys, "Ed25519");

    DeviceCertificate certificate = issue(csr);

    assertThat(certificate.certificate().getSubjectAlternativeNames())
        .containsExactly(List.of(6, "urn:tracemark:device:silo-7"));
  }

  @Test
  void extensionsRequestedInTheCsrAreNotCopied() throws Exception {
    // A device asking to become a CA, with every key usage: the CA decides the extensions.
    byte[] csr =
        TestPki.rawCsr(
            new X500Name("CN=silo-7"),
            Optional.of(TestPki.uri("urn:tracemark:device:silo-7")),
            Optional.of(
                TestPki.extension(Extension.basicConstraints, true, new BasicConstraints(5))),
            deviceKeys,
            "Ed25519");

    DeviceCertificate certificate = issue(csr);

    assertThat(certificate.certificate().getBasicConstraints()).isEqualTo(-1);
    assertThat(certificate.certificate().getKeyUsage())
        .startsWith(true, false, false, false, false, false, false);
    assertThat(
            ChainValidator.validate(
                    certificate,
                    pki.intermediate().certificate(),
                    pki.root().certificate(),
                    Optional.empty(),
                    TestPki.NOW)
                .isValid())
        .isTrue();
  }

  @Test
  void theOrganisationMustBeANonBlankSingleLine() {
    for (String organisation : new String[] {null, "", "  ", "org\n42", "o".repeat(65)}) {
      assertRefused(
          () ->
              DeviceEnrolment.issue(
                  pki.intermediate(), goodCsr, organisation, DEVICE_FROM, DEVICE_UNTIL),
          Reason.INVALID_ORGANISATION);
    }
  }

  @Test
  void validityMustBeForwardsAndWithinTheIntermediates() {
    assertRefused(
            () ->
                DeviceEnrolment.issue(
                    pki.intermediate(), goodCsr, ORGANISATION, DEVICE_UNTIL, DEVICE_FROM),
            Reason.INVALID_VALIDITY)
        .hasMessageContaining(
            "notAfter " + DEVICE_FROM + " is not after notBefore " + DEVICE_UNTIL);
    assertRefused(
        () ->
            DeviceEnrolment.issue(
                pki.intermediate(), goodCsr, ORGANISATION, DEVICE_FROM, DEVICE_FROM),
        Reason.INVALID_VALIDITY);
    assertRefused(
            () ->
                DeviceEnrolment.issue(
                    pki.intermediate(),
                    goodCsr,
                    ORGANISATION,
                    DEVICE_FROM,
                    INTERMEDIATE_UNTIL.plusSeconds(1)),
            Reason.OUTSIDE_ISSUER_VALIDITY)
        .hasMessageContaining(INTERMEDIATE_UNTIL.toString());
  }

  @Test
  void sub_secondTimesAreTruncatedToWhatTheCertificateCanSay() throws Exception {
    DeviceCertificate certificate =
        DeviceEnrolment.issue(
            pki.intermediate(),
            goodCsr,
            ORGANISATION,
            DEVICE_FROM.plusMillis(999),
            DEVICE_UNTIL.plusNanos(1));

    assertThat(certificate.notBefore()).isEqualTo(DEVICE_FROM);
    assertThat(certificate.notAfter()).isEqualTo(DEVICE_UNTIL);
  }

  @Test
  void onlyAnIntermediateCaIssuesDeviceCertificates() throws Exception {
    assertRefused(
            () ->
                DeviceEnrolment.issue(pki.root(), goodCsr, ORGANISATION, DEVICE_FROM, DEVICE_UNTIL),
            Reason.ISSUER_IS_ROOT)
        .hasMessageContaining("CN=Tracemark Root");

    DeviceCertificate device = issue(goodCsr);
    CertificateAuthority deviceAsCa =
        new CertificateAuthority(device.certificate(), deviceKeys.getPrivate());
    byte[] otherCsr =
        DeviceCsr.create(DeviceId.of("silo-8"), KeyPairs.generate(SigningAlgorithm.ED25519)).der();
    assertRefused(
            () ->
                DeviceEnrolment.issue(
                    deviceAsCa, otherCsr, ORGANISATION, DEVICE_FROM, DEVICE_UNTIL),
            Reason.ISSUER_NOT_A_CA)
        .hasMessageContaining("CN=silo-7");
  }

  @Test
  void anIntermediatePairedWithTheWrongKeyIssuesNothing() throws Exception {
    for (SigningAlgorithm wrongKey : SigningAlgorithm.values()) {
      CertificateAuthority mismatched =
          new CertificateAuthority(
              pki.intermediate().certificate(), KeyPairs.generate(wrongKey).getPrivate());

      assertRefused(
              () ->
                  DeviceEnrolment.issue(
                      mismatched, goodCsr, ORGANISATION, DEVICE_FROM, DEVICE_UNTIL),
              Reason.ISSUER_KEY_MISMATCH)
          .hasMessageContaining("CN=Tracemark Devices 1");
    }
  }

  @Test
  void aDeviceWithAMismatchedKeyPairLearnsBeforeSending() throws Exception {
    KeyPair mismatched =
        new KeyPair(
            KeyPairs.generate(SigningAlgorithm.ED25519).getPublic(), deviceKeys.getPrivate());

    assertRefused(
        () -> DeviceCsr.create(DeviceId.of("silo-7"), mismatched),
        Reason.PROOF_OF_POSSESSION_FAILED);
  }

  private static DeviceCertificate issue(byte[] csr) throws IssuanceException {
    return DeviceEnrolment.issue(pki.intermediate(), csr, ORGANISATION, DEVICE_FROM, DEVICE_UNTIL);
  }

  static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      ThrowingCallable call, Reason reason) {
    return assertThatThrownBy(call)
        .isInstanceOf(IssuanceException.class)
        .satisfies(e -> assertThat(((IssuanceException) e).reason()).isEqualTo(reason))
        .hasMessageStartingWith(reason.code() + ": ");
  }

  interface Call<T> {
    T call() throws Exception;
  }

  static <T> T unchecked(Call<T> call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Gen<String> validIds() {
    Gen<Character> first = integers().between(0, 61).map(ALPHABET::charAt);
    Gen<String> rest =
        integers()
            .between(0, 63)
            .zip(
                integers().between(0, Integer.MAX_VALUE),
                (length, seed) -> {
                  StringBuilder out = new StringBuilder();
                  SplittableRandom random = new SplittableRandom(seed);
                  for (int i = 0; i < length; i++) {
                    out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                  }
                  return out.toString();
                });
    return first.zip(rest, (c, tail) -> c + tail);
  }
}
