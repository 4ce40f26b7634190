package org.tracemark.keys.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tracemark.keys.pki.DeviceEnrolmentTest.assertRefused;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.pki.CrlException.Reason;
import org.tracemark.keys.signing.SigningAlgorithm;

class RevocationListTest {

  private static final Instant THIS_UPDATE = Instant.parse("2026-06-01T00:00:00Z");
  private static final Instant NEXT_UPDATE = Instant.parse("2026-06-08T00:00:00Z");
  private static final Revocation COMPROMISED =
      new Revocation(
          BigInteger.valueOf(0x1234),
          Instant.parse("2026-05-30T10:15:30Z"),
          RevocationReason.KEY_COMPROMISE);
  private static final Revocation ROTATED =
      new Revocation(
          new BigInteger("7fffffffffffffffffffffffffffffff", 16),
          Instant.parse("2026-05-31T00:00:00Z"),
          RevocationReason.SUPERSEDED);
  private static final Revocation UNSPECIFIED =
      new Revocation(
          BigInteger.valueOf(99),
          Instant.parse("2026-05-01T00:00:00Z"),
          RevocationReason.UNSPECIFIED);

  private static TestPki pki;
  private static RevocationList crl;

  @BeforeAll
  static void issue() throws Exception {
    pki = TestPki.create(SigningAlgorithm.ED25519, SigningAlgorithm.ES256);
    crl =
        RevocationList.issue(
            pki.intermediate(),
            List.of(COMPROMISED, ROTATED, UNSPECIFIED),
            THIS_UPDATE,
            NEXT_UPDATE,
            BigInteger.valueOf(17));
  }

  @Test
  void parseFindsEveryEntryWithItsReasonAndTime() throws Exception {
    RevocationList parsed = RevocationList.parse(crl.der(), pki.intermediate().certificate());

    assertThat(parsed.revocationOf(COMPROMISED.serial())).contains(COMPROMISED);
    assertThat(parsed.revocationOf(ROTATED.serial()))
        .hasValueSatisfying(
            r -> {
              assertThat(r.reason()).isEqualTo(RevocationReason.SUPERSEDED);
              assertThat(r.revokedAt()).isEqualTo(Instant.parse("2026-05-31T00:00:00Z"));
              assertThat(r.isRotation()).isTrue();
            });
    assertThat(parsed.revocationOf(UNSPECIFIED.serial())).contains(UNSPECIFIED);
    assertThat(parsed.revocationOf(BigInteger.TEN)).isEmpty();
    assertThat(parsed.revocations()).containsExactly(COMPROMISED, ROTATED, UNSPECIFIED);
    assertThat(parsed.thisUpdate()).isEqualTo(THIS_UPDATE);
    assertThat(parsed.nextUpdate()).isEqualTo(NEXT_UPDATE);
    assertThat(parsed.crlNumber()).isEqualTo(17);
    assertThat(parsed.issuer())
        .isEqualTo(pki.intermediate().certificate().getSubjectX500Principal());
    assertThat(parsed).isEqualTo(crl);
  }

  @Test
  void theCrlIsAV2CrlWithTheRfc5280ExtensionsBouncyCastleAndTheJdkRead() throws Exception {
    X509CRLHolder holder = new X509CRLHolder(crl.der());
    assertThat(holder.toASN1Structure().getVersionNumber()).isEqualTo(2);
    assertThat(
            CRLNumber.getInstance(holder.getExtension(Extension.cRLNumber).getParsedValue())
                .getCRLNumber())
        .isEqualTo(17);
    assertThat(AuthorityKeyIdentifier.fromExtensions(holder.getExtensions()).getKeyIdentifier())
        .isEqualTo(
            SubjectKeyIdentifier.fromExtensions(
                    new JcaX509CertificateHolder(pki.intermediate().certificate()).getExtensions())
                .getKeyIdentifier());
    X509CRLEntryHolder compromised = holder.getRevokedCertificate(COMPROMISED.serial());
    assertThat(
            org.bouncycastle.asn1.x509.CRLReason.getInstance(
                    compromised.getExtension(Extension.reasonCode).getParsedValue())
                .getValue())
        .isEqualTo(1);
    // RFC 5280 §5.3.1: unspecified is expressed by leaving the reasonCode out.
    assertThat(
            holder.getRevokedCertificate(UNSPECIFIED.serial()).getExtension(Extension.reasonCode))
        .isNull();

    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    X509CRL jdkCrl = (X509CRL) factory.generateCRL(new ByteArrayInputStream(crl.der()));
    X509Certificate jdkIntermediate =
        (X509Certificate)
            factory.generateCertificate(
                new ByteArrayInputStream(pki.intermediate().certificate().getEncoded()));
    jdkCrl.verify(jdkIntermediate.getPublicKey());
    assertThat(jdkCrl.getRevokedCertificate(COMPROMISED.serial()).getRevocationReason())
        .isEqualTo(CRLReason.KEY_COMPROMISE);
    assertThat(jdkCrl.getRevokedCertificate(ROTATED.serial()).getRevocationReason())
        .isEqualTo(CRLReason.SUPERSEDED);
    assertThat(jdkCrl.getRevokedCertificate(ROTATED.serial()).getRevocationDate().toInstant())
        .isEqualTo(ROTATED.revokedAt());
    assertThat(jdkCrl.getNextUpdate().toInstant()).isEqualTo(NEXT_UPDATE);
  }

  @Test
  void aCrlCheckedAgainstTheWrongIssuerHasABadSignature() throws Exception {
    TestPki other = TestPki.create(SigningAlgorithm.ED25519, SigningAlgorithm.ES256);

    assertRejected(
            () -> RevocationList.parse(crl.der(), other.intermediate().certificate()),
            Reason.BAD_CRL_SIGNATURE)
        .hasMessageContaining("CN=Tracemark Devices 1");
    assertRejected(
        () -> RevocationList.parse(crl.der(), pki.root().certificate()), Reason.BAD_CRL_SIGNATURE);
  }

  @Test
  void aTamperedCrlHasABadSignature() {
    byte[] der = crl.der();
    der[der.length - 1] ^= 0x01;

    assertRejected(
        () -> RevocationList.parse(der, pki.intermediate().certificate()),
        Reason.BAD_CRL_SIGNATURE);
  }

  @Test
  void theIssuerCertificateMustNameTheIssuerAndMaySignCrls() throws Exception {
    // Same key as the intermediate, another name: the signature verifies, the name does not match.
    KeyPair keys = KeyPairs.generate(SigningAlgorithm.ED25519);
    X509Certificate devices1 =
        pki.root()
            .issueIntermediate(
                "Devices A",
                keys.getPublic(),
                TestPki.INTERMEDIATE_FROM,
                TestPki.INTERMEDIATE_UNTIL);
    X509Certificate devices2 =
        pki.root()
            .issueIntermediate(
                "Devices B",
                keys.getPublic(),
                TestPki.INTERMEDIATE_FROM,
                TestPki.INTERMEDIATE_UNTIL);
    RevocationList fromA =
        RevocationList.issue(
            new CertificateAuthority(devices1, keys.getPrivate()),
            List.of(),
            THIS_UPDATE,
            NEXT_UPDATE,
            BigInteger.ONE);

    assertRejected(() -> RevocationList.parse(fromA.der(), devices2), Reason.ISSUER_MISMATCH)
        .hasMessageContaining("CN=Devices A");
    assertThat(RevocationList.parse(fromA.der(), devices1).revocations()).isEmpty();

    // A device key signing a CRL in its own name: not a CRL issuer.
    KeyPair deviceKeys = KeyPairs.generate(SigningAlgorithm.ED25519);
    DeviceCertificate device = pki.enrol("silo-7", deviceKeys);
    assertRefused(
        () ->
            RevocationList.issue(
                new CertificateAuthority(device.certificate(), deviceKeys.getPrivate()),
                List.of(),
                THIS_UPDATE,
                NEXT_UPDATE,
                BigInteger.ONE),
        IssuanceException.Reason.ISSUER_NOT_A_CA);
  }

  @Test
  void garbageIsMalformed() throws Exception {
    byte[] truncated = Arrays.copyOf(crl.der(), 40);
    for (byte[] garbage :
        new byte[][] {
          new byte[0],
          {0x30, 0x00},
          "crl".getBytes(),
          truncated,
          pki.root().certificate().getEncoded()
        }) {
      assertRejected(
          () -> RevocationList.parse(garbage, pki.intermediate().certificate()),
          Reason.MALFORMED_CRL);
    }
    assertRejected(
        () ->
            RevocationList.fromPem(
                crl.toPem().replace("X509 CRL", "CERTIFICATE"), pki.intermediate().certificate()),
        Reason.MALFORMED_CRL);
  }

  @Test
  void pemRoundTrip() throws Exception {
    assertThat(crl.toPem()).startsWith("-----BEGIN X509 CRL-----\n");
    assertThat(RevocationList.fromPem(crl.toPem(), pki.intermediate().certificate()))
        .isEqualTo(crl);
  }

  @Test
  void inconsistentRequestsAreRefused() {
    assertRefused(
        () ->
            RevocationList.issue(
                pki.intermediate(), List.of(), NEXT_UPDATE, THIS_UPDATE, BigInteger.ONE),
        IssuanceException.Reason.INVALID_VALIDITY);
    assertRefused(
            () ->
                RevocationList.issue(
                    pki.intermediate(),
                    List.of(COMPROMISED, COMPROMISED),
                    THIS_UPDATE,
                    NEXT_UPDATE,
                    BigInteger.ONE),
            IssuanceException.Reason.INVALID_REVOCATION)
        .hasMessageContaining("1234 is listed twice");
    Revocation future =
        new Revocation(BigInteger.TWO, NEXT_UPDATE, RevocationReason.CESSATION_OF_OPERATION);
    assertRefused(
        () ->
            RevocationList.issue(
                pki.intermediate(), List.of(future), THIS_UPDATE, NEXT_UPDATE, BigInteger.ONE),
        IssuanceException.Reason.INVALID_REVOCATION);
    assertRefused(
        () ->
            RevocationList.issue(
                pki.intermediate(), List.of(), THIS_UPDATE, NEXT_UPDATE, BigInteger.valueOf(-1)),
        IssuanceException.Reason.INVALID_CRL_NUMBER);
    assertRefused(
        () ->
            RevocationList.issue(
                pki.intermediate(), List.of(), THIS_UPDATE, NEXT_UPDATE, BigInteger.TWO.pow(160)),
        IssuanceException.Reason.INVALID_CRL_NUMBER);
  }

  @Test
  void reasonsMapToRfc5280Codes() {
    assertThat(RevocationReason.UNSPECIFIED.crlReasonCode()).isZero();
    assertThat(RevocationReason.KEY_COMPROMISE.crlReasonCode()).isEqualTo(1);
    assertThat(RevocationReason.SUPERSEDED.crlReasonCode()).isEqualTo(4);
    assertThat(RevocationReason.CESSATION_OF_OPERATION.crlReasonCode()).isEqualTo(5);
    assertThat(RevocationReason.fromCrlReasonCode(6)).as("certificateHold is not used").isEmpty();
    assertThat(COMPROMISED.isRotation()).isFalse();
    assertThatThrownBy(
            () -> new Revocation(BigInteger.ZERO, THIS_UPDATE, RevocationReason.SUPERSEDED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
      ThrowingCallable call, Reason reason) {
    return assertThatThrownBy(call)
        .isInstanceOf(CrlException.class)
        .satisfies(e -> assertThat(((CrlException) e).reason()).isEqualTo(reason))
        .hasMessageStartingWith(reason.code() + ": ");
  }
}
