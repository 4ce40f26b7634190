package org.tracemark.keys.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tracemark.keys.pki.DeviceEnrolmentTest.assertRefused;
import static org.tracemark.keys.pki.TestPki.INTERMEDIATE_FROM;
import static org.tracemark.keys.pki.TestPki.INTERMEDIATE_UNTIL;
import static org.tracemark.keys.pki.TestPki.ROOT_FROM;
import static org.tracemark.keys.pki.TestPki.ROOT_UNTIL;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.pki.IssuanceException.Reason;
import org.tracemark.keys.signing.SigningAlgorithm;

class CertificateAuthorityTest {

  @Test
  void theRootIsASelfSignedCaForOneLevelBelow() throws Exception {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      KeyPair keys = KeyPairs.generate(algorithm);

      X509Certificate root =
          CertificateAuthority.createRoot("Tracemark Root", keys, ROOT_FROM, ROOT_UNTIL)
              .certificate();

      X509CertificateHolder holder = new JcaX509CertificateHolder(root);
      assertThat(holder.getSubject()).isEqualTo(holder.getIssuer());
      assertThat(holder.getSubject().toString()).isEqualTo("CN=Tracemark Root");
      Extension basic = holder.getExtension(Extension.basicConstraints);
      assertThat(basic.isCritical()).isTrue();
      assertThat(BasicConstraints.getInstance(basic.getParsedValue()).isCA()).isTrue();
      assertThat(BasicConstraints.getInstance(basic.getParsedValue()).getPathLenConstraint())
          .isEqualTo(BigInteger.ONE);
      Extension usage = holder.getExtension(Extension.keyUsage);
      assertThat(usage.isCritical()).isTrue();
      assertThat(KeyUsage.getInstance(usage.getParsedValue()))
          .isEqualTo(new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      assertThat(SubjectKeyIdentifier.fromExtensions(holder.getExtensions()).getKeyIdentifier())
          .isEqualTo(
              new JcaX509ExtensionUtils()
                  .createSubjectKeyIdentifier(keys.getPublic())
                  .getKeyIdentifier());
      assertThat(root.getSigAlgName())
          .isEqualToIgnoringCase(
              algorithm == SigningAlgorithm.ED25519 ? "Ed25519" : "SHA256withECDSA");
      root.verify(keys.getPublic());
    }
  }

  @Test
  void theIntermediateIsACaForNoFurtherCas() throws Exception {
    TestPki pki = TestPki.create(SigningAlgorithm.ED25519, SigningAlgorithm.ES256);
    X509CertificateHolder holder = new JcaX509CertificateHolder(pki.intermediate().certificate());

    assertThat(holder.getSubject().toString()).isEqualTo("CN=Tracemark Devices 1");
    assertThat(holder.getIssuer().toString()).isEqualTo("CN=Tracemark Root");
    BasicConstraints basic = BasicConstraints.fromExtensions(holder.getExtensions());
    assertThat(basic.isCA()).isTrue();
    assertThat(basic.getPathLenConstraint()).isEqualTo(BigInteger.ZERO);
    assertThat(holder.getExtension(Extension.keyUsage).isCritical()).isTrue();
    assertThat(
            KeyUsage.fromExtensions(holder.getExtensions())
                .hasUsages(KeyUsage.keyCertSign | KeyUsage.cRLSign))
        .isTrue();
    assertThat(AuthorityKeyIdentifier.fromExtensions(holder.getExtensions()).getKeyIdentifier())
        .isEqualTo(
            SubjectKeyIdentifier.fromExtensions(
                    new JcaX509CertificateHolder(pki.root().certificate()).getExtensions())
                .getKeyIdentifier());
    assertThat(holder.getNotBefore().toInstant()).isEqualTo(INTERMEDIATE_FROM);
    assertThat(holder.getNotAfter().toInstant()).isEqualTo(INTERMEDIATE_UNTIL);
    pki.intermediate().certificate().verify(pki.root().certificate().getPublicKey());

    assertRefused(
            () ->
                pki.intermediate()
                    .issueIntermediate(
                        "Sub-CA",
                        KeyPairs.generate(SigningAlgorithm.ED25519).getPublic(),
                        INTERMEDIATE_FROM,
                        INTERMEDIATE_UNTIL),
            Reason.PATH_LENGTH_EXCEEDED)
        .hasMessageContaining("CN=Tracemark Devices 1");
  }

  @Test
  void serialsArePositiveAtMost127BitsAndDistinct() throws Exception {
    TestPki pki = TestPki.create(SigningAlgorithm.ED25519, SigningAlgorithm.ED25519);
    Set<BigInteger> serials = new HashSet<>();
    int longest = 0;
    for (int i = 0; i < 50; i++) {
      BigInteger serial =
          pki.root()
              .issueIntermediate(
                  "CA " + i,
                  KeyPairs.generate(SigningAlgorithm.ED25519).getPublic(),
                  INTERMEDIATE_FROM,
                  INTERMEDIATE_UNTIL)
              .getSerialNumber();
      assertThat(serial.signum()).isPositive();
      assertThat(serial.bitLength()).isLessThanOrEqualTo(127);
      longest = Math.max(longest, serial.bitLength());
      serials.add(serial);
    }
    assertThat(serials).hasSize(50);
    assertThat(longest).as("random, not counted").isGreaterThan(120);
  }

  @Test
  void namesAreSingleLinesOfAtMost64Characters() {
    KeyPair keys = KeyPairs.generate(SigningAlgorithm.ED25519);
    for (String name : new String[] {null, "", " ", "Root\nCN=Evil", "R".repeat(65)}) {
      assertRefused(
          () -> CertificateAuthority.createRoot(name, keys, ROOT_FROM, ROOT_UNTIL),
          Reason.INVALID_NAME);
    }
  }

  @Test
  void validityMustBeForwardAndEncodable() {
    KeyPair keys = KeyPairs.generate(SigningAlgorithm.ED25519);
    assertRefused(
        () -> CertificateAuthority.createRoot("Root", keys, ROOT_UNTIL, ROOT_FROM),
        Reason.INVALID_VALIDITY);
    assertRefused(
        () -> CertificateAuthority.createRoot("Root", keys, ROOT_FROM, ROOT_FROM.plusMillis(500)),
        Reason.INVALID_VALIDITY);
    assertRefused(
            () ->
                CertificateAuthority.createRoot(
                    "Root", keys, ROOT_FROM, java.time.Instant.parse("+10000-01-01T00:00:00Z")),
            Reason.INVALID_VALIDITY)
        .hasMessageContaining("X.509 time range");
    assertRefused(
        () -> CertificateAuthority.createRoot("Root", keys, null, ROOT_UNTIL),
        Reason.INVALID_VALIDITY);
  }

  @Test
  void anIntermediateCannotOutliveTheRoot() throws Exception {
    TestPki pki = TestPki.create(SigningAlgorithm.ED25519, SigningAlgorithm.ED25519);

    assertRefused(
            () ->
                pki.root()
                    .issueIntermediate(
                        "Devices 2",
                        KeyPairs.generate(SigningAlgorithm.ED25519).getPublic(),
                        INTERMEDIATE_FROM,
                        ROOT_UNTIL.plusSeconds(1)),
            Reason.OUTSIDE_ISSUER_VALIDITY)
        .hasMessageContaining(ROOT_UNTIL.toString());
  }

  @Test
  void onlyEd25519AndP256KeysAtEveryLevel() throws Exception {
    KeyPair rsa = TestPki.generate("RSA", null);
    KeyPair p384 = TestPki.generate("EC", "secp384r1");
    assertRefused(
            () -> CertificateAuthority.createRoot("Root", rsa, ROOT_FROM, ROOT_UNTIL),
            Reason.UNSUPPORTED_KEY)
        .hasMessageContaining("RSA");
    assertRefused(
            () -> CertificateAuthority.createRoot("Root", p384, ROOT_FROM, ROOT_UNTIL),
            Reason.UNSUPPORTED_KEY)
        .hasMessageContaining("secp384r1");

    TestPki pki = TestPki.create(SigningAlgorithm.ES256, SigningAlgorithm.ES256);
    assertRefused(
        () ->
            pki.root()
                .issueIntermediate(
                    "Devices 2", p384.getPublic(), INTERMEDIATE_FROM, INTERMEDIATE_UNTIL),
        Reason.UNSUPPORTED_KEY);
  }

  @Test
  void aRootWhoseKeyPairDoesNotMatchIsNotCreated() {
    KeyPair mismatched =
        new KeyPair(
            KeyPairs.generate(SigningAlgorithm.ED25519).getPublic(),
            KeyPairs.generate(SigningAlgorithm.ED25519).getPrivate());

    assertRefused(
        () -> CertificateAuthority.createRoot("Root", mismatched, ROOT_FROM, ROOT_UNTIL),
        Reason.ISSUER_KEY_MISMATCH);
  }
}
