package org.tracemark.keys.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tracemark.keys.pki.TestPki.DEVICE_FROM;
import static org.tracemark.keys.pki.TestPki.DEVICE_UNTIL;
import static org.tracemark.keys.pki.TestPki.NOW;
import static org.tracemark.keys.pki.TestPki.ORGANISATION;

import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SigningAlgorithm;

class CertificateChainTest {

  static Stream<Arguments> chains() {
    return Stream.of(
        Arguments.of(SigningAlgorithm.ED25519, SigningAlgorithm.ED25519, SigningAlgorithm.ED25519),
        Arguments.of(SigningAlgorithm.ES256, SigningAlgorithm.ES256, SigningAlgorithm.ES256),
        // Mixed: an Ed25519 CA hierarchy certifying a P-256 device, and the reverse.
        Arguments.of(SigningAlgorithm.ED25519, SigningAlgorithm.ED25519, SigningAlgorithm.ES256),
        Arguments.of(SigningAlgorithm.ES256, SigningAlgorithm.ED25519, SigningAlgorithm.ES256),
        Arguments.of(SigningAlgorithm.ED25519, SigningAlgorithm.ES256, SigningAlgorithm.ED25519));
  }

  @ParameterizedTest(name = "root {0}, intermediate {1}, device {2}")
  @MethodSource("chains")
  void issuedDeviceCertificateCarriesTheSpecifiedNamesAndExtensions(
      SigningAlgorithm rootKey, SigningAlgorithm intermediateKey, SigningAlgorithm deviceKey)
      throws Exception {
    TestPki pki = TestPki.create(rootKey, intermediateKey);
    KeyPair deviceKeys = KeyPairs.generate(deviceKey);

    DeviceCertificate device = pki.enrol("silo-7", deviceKeys);

    // Read back with Bouncy Castle's own structures, not with DeviceCertificate's accessors.
    X509CertificateHolder holder = new JcaX509CertificateHolder(device.certificate());
    X500Name subject = holder.getSubject();
    assertThat(single(subject, BCStyle.CN)).isEqualTo("silo-7");
    assertThat(single(subject, BCStyle.O)).isEqualTo(ORGANISATION);
    assertThat(holder.getIssuer())
        .isEqualTo(new JcaX509CertificateHolder(pki.intermediate().certificate()).getSubject());

    byte[] sanValue =
        device.certificate().getExtensionValue(Extension.subjectAlternativeName.getId());
    GeneralName[] san =
        GeneralNames.getInstance(JcaX509ExtensionUtils.parseExtensionValue(sanValue)).getNames();
    assertThat(san).hasSize(1);
    assertThat(san[0].getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
    assertThat(san[0].getName().toString()).isEqualTo("urn:tracemark:device:silo-7");

    Extension keyUsage = holder.getExtension(Extension.keyUsage);
    assertThat(keyUsage.isCritical()).isTrue();
    assertThat(KeyUsage.getInstance(keyUsage.getParsedValue()))
        .isEqualTo(new KeyUsage(KeyUsage.digitalSignature));
    assertThat(BasicConstraints.fromExtensions(holder.getExtensions()).isCA()).isFalse();
    assertThat(device.certificate().getBasicConstraints()).isEqualTo(-1);

    AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(holder.getExtensions());
    byte[] intermediateSki =
        new JcaX509ExtensionUtils()
            .createSubjectKeyIdentifier(pki.intermediate().certificate().getPublicKey())
            .getKeyIdentifier();
    assertThat(aki.getKeyIdentifier()).isEqualTo(intermediateSki);

    assertThat(holder.getNotBefore().toInstant()).isEqualTo(DEVICE_FROM);
    assertThat(holder.getNotAfter().toInstant()).isEqualTo(DEVICE_UNTIL);
    assertThat(holder.getSerialNumber().signum()).isPositive();
    assertThat(holder.getSerialNumber().bitLength()).isLessThanOrEqualTo(127);
    assertThat(holder.getSignatureAlgorithm().getAlgorithm().getId())
        .isEqualTo(
            intermediateKey == SigningAlgorithm.ED25519 ? "1.3.101.112" : "1.2.840.10045.4.3.2");
    assertThat(
            holder.isSignatureValid(
                new JcaContentVerifierProviderBuilder()
                    .setProvider(TestPki.BC)
                    .build(pki.intermediate().certificate())))
        .isTrue();

    assertThat(device.deviceId().value()).isEqualTo("silo-7");
    assertThat(device.algorithm()).isEqualTo(deviceKey);
    assertThat(device.keyId()).isEqualTo(KeyId.of(deviceKeys.getPublic()));
    assertThat(pki.validate(device, Optional.empty(), NOW).isValid()).isTrue();
  }

  @ParameterizedTest(name = "root {0}, intermediate {1}, device {2}")
  @MethodSource("chains")
  void theJdkParsesAndVerifiesTheWholeChainOnItsOwn(
      SigningAlgorithm rootKey, SigningAlgorithm intermediateKey, SigningAlgorithm deviceKey)
      throws Exception {
    TestPki pki = TestPki.create(rootKey, intermediateKey);
    KeyPair deviceKeys = KeyPairs.generate(deviceKey);
    DeviceCertificate device = pki.enrol("scanner_03.dock-B", deviceKeys);

    // The JDK's own X.509 factory and default providers: no Bouncy Castle object involved.
    CertificateFactory jdk = CertificateFactory.getInstance("X.509");
    X509Certificate root = jdkParse(jdk, pki.root().certificate().getEncoded());
    X509Certificate intermediate = jdkParse(jdk, pki.intermediate().certificate().getEncoded());
    X509Certificate deviceCert = jdkParse(jdk, device.der());
    assertThat(deviceCert.getClass().getName()).doesNotContain("bouncycastle");

    root.verify(root.getPublicKey());
    intermediate.verify(root.getPublicKey());
    deviceCert.verify(intermediate.getPublicKey());
    deviceCert.checkValidity(Date.from(NOW));
    assertThat(deviceCert.getSubjectX500Principal().getName())
        .isEqualTo("CN=scanner_03.dock-B,O=org-42");
    assertThat(deviceCert.getSubjectAlternativeNames())
        .containsExactly(List.of(6, "urn:tracemark:device:scanner_03.dock-B"));
    assertThat(deviceCert.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(intermediate.getBasicConstraints()).isZero();
    assertThat(root.getBasicConstraints()).isEqualTo(1);

    // A reading signed with the device key verifies with the key the JDK read from the certificate.
    String jcaName = deviceKey == SigningAlgorithm.ED25519 ? "Ed25519" : "SHA256withECDSA";
    Signature signer = Signature.getInstance(jcaName, TestPki.BC);
    signer.initSign(deviceKeys.getPrivate());
    signer.update("reading".getBytes());
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(jcaName);
    verifier.initVerify(deviceCert.getPublicKey());
    verifier.update("reading".getBytes());
    assertThat(verifier.verify(signature)).isTrue();

    // And the chain validator accepts the JDK's certificate objects as well as its own.
    ValidationResult result =
        ChainValidator.validate(
            DeviceCertificate.from(deviceCert), intermediate, root, Optional.empty(), NOW);
    assertThat(result.status()).isEqualTo(ValidationResult.Status.VALID);
  }

  private static X509Certificate jdkParse(CertificateFactory factory, byte[] der) throws Exception {
    return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
  }

  private static String single(X500Name name, ASN1ObjectIdentifier type) {
    RDN[] rdns = name.getRDNs(type);
    assertThat(rdns).hasSize(1);
    return IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }
}
