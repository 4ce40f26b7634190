package org.tracemark.keys.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tracemark.keys.pki.TestPki.DEVICE_FROM;
import static org.tracemark.keys.pki.TestPki.DEVICE_UNTIL;
import static org.tracemark.keys.pki.TestPki.extension;
import static org.tracemark.keys.pki.TestPki.uri;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.pki.DeviceCertificateException.Reason;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SigningAlgorithm;

class DeviceCertificateTest {

  private static TestPki pki;
  private static KeyPair deviceKeys;
  private static DeviceCertificate device;

  @BeforeAll
  static void enrol() throws Exception {
    pki = TestPki.create(SigningAlgorithm.ES256, SigningAlgorithm.ED25519);
    deviceKeys = KeyPairs.generate(SigningAlgorithm.ES256);
    device = pki.enrol("silo-7", deviceKeys);
  }

  @Test
  void exposesWhatAVerifierNeeds() {
    assertThat(device.deviceId().value()).isEqualTo("silo-7");
    assertThat(device.organisation()).isEqualTo("org-42");
    assertThat(device.algorithm()).isEqualTo(SigningAlgorithm.ES256);
    assertThat(device.keyId())
        .isEqualTo(KeyId.of(deviceKeys.getPublic()))
        .isEqualTo(KeyId.of(device.publicKey()));
    assertThat(device.publicKey().getEncoded()).isEqualTo(deviceKeys.getPublic().getEncoded());
    assertThat(device.notBefore()).isEqualTo(DEVICE_FROM);
    assertThat(device.notAfter()).isEqualTo(DEVICE_UNTIL);
    assertThat(device.serial()).isEqualTo(device.certificate().getSerialNumber()).isPositive();
    assertThat(device.issuer())
        .isEqualTo(pki.intermediate().certificate().getSubjectX500Principal());
    assertThat(device.toString())
        .contains("silo-7", "org-42", device.keyId().hex(), "CN=Tracemark Devices 1");
  }

  @Test
  void pemAndDerRoundTrip() throws Exception {
    assertThat(device.toPem()).startsWith("-----BEGIN CERTIFICATE-----\n");
    assertThat(DeviceCertificate.fromPem(device.toPem())).isEqualTo(device);
    assertThat(DeviceCertificate.fromDer(device.der())).isEqualTo(device);
    assertThat(DeviceCertificate.from(Pem.readCertificate(device.toPem()))).isEqualTo(device);
    assertThat(device.der()).isEqualTo(device.certificate().getEncoded());
  }

  @Test
  void aCaCertificateIsNotADeviceCertificate() {
    assertRejected(
            () -> DeviceCertificate.from(pki.intermediate().certificate()),
            Reason.NOT_A_DEVICE_CERTIFICATE)
        .hasMessageContaining("is a CA certificate");
  }

  @Test
  void theSubjectAltNameMustBePresentAndNameTheSameDevice() throws Exception {
    assertRejected(
            () -> DeviceCertificate.from(certificate("O=org-42,CN=silo-7", null)),
            Reason.MISSING_DEVICE_URN)
        .hasMessageContaining("expected urn:tracemark:device:silo-7");
    assertRejected(
            () ->
                DeviceCertificate.from(
                    certificate("O=org-42,CN=silo-7", "urn:tracemark:device:silo-8")),
            Reason.DEVICE_ID_MISMATCH)
        .hasMessageContaining("urn:tracemark:device:silo-8");
    assertRejected(
        () ->
            DeviceCertificate.from(certificate("O=org-42,CN=silo-7", "https://example.com/silo-7")),
        Reason.DEVICE_ID_MISMATCH);
  }

  @Test
  void theSubjectMustHaveOneValidDeviceIdAndOneOrganisation() throws Exception {
    assertRejected(
        () -> DeviceCertificate.from(certificate("O=org-42,CN=a b", "urn:tracemark:device:a b")),
        Reason.INVALID_DEVICE_ID);
    assertRejected(
        () -> DeviceCertificate.from(certificate("O=org-42", "urn:tracemark:device:silo-7")),
        Reason.INVALID_DEVICE_ID);
    assertRejected(
        () -> DeviceCertificate.from(certificate("CN=silo-7", "urn:tracemark:device:silo-7")),
        Reason.MISSING_ORGANISATION);
  }

  @Test
  void keyTypeAndKeyUsageAreChecked() throws Exception {
    KeyPair rsa = TestPki.generate("RSA", null);
    X509Certificate rsaDevice =
        TestPki.rawCertificate(
            pki.intermediate().certificate(),
            pki.intermediate().signingKey(),
            new X500Name("O=org-42,CN=silo-7"),
            rsa.getPublic(),
            extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)),
            extension(Extension.subjectAlternativeName, false, uri("urn:tracemark:device:silo-7")));
    assertRejected(() -> DeviceCertificate.from(rsaDevice), Reason.UNSUPPORTED_KEY)
        .hasMessageContaining("RSA");

    X509Certificate encipherOnly =
        TestPki.rawCertificate(
            pki.intermediate().certificate(),
            pki.intermediate().signingKey(),
            new X500Name("O=org-42,CN=silo-7"),
            deviceKeys.getPublic(),
            extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyAgreement)),
            extension(Extension.subjectAlternativeName, false, uri("urn:tracemark:device:silo-7")));
    assertRejected(() -> DeviceCertificate.from(encipherOnly), Reason.NOT_A_DEVICE_CERTIFICATE)
        .hasMessageContaining("digitalSignature");
  }

  @Test
  void anUnknownCriticalExtensionIsRefused() throws Exception {
    X509Certificate withPolicy =
        TestPki.rawCertificate(
            pki.intermediate().certificate(),
            pki.intermediate().signingKey(),
            new X500Name("O=org-42,CN=silo-7"),
            deviceKeys.getPublic(),
            extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)),
            extension(Extension.subjectAlternativeName, false, uri("urn:tracemark:device:silo-7")),
            extension(Extension.inhibitAnyPolicy, true, new ASN1Integer(0)));

    assertRejected(() -> DeviceCertificate.from(withPolicy), Reason.UNSUPPORTED_CRITICAL_EXTENSION)
        .hasMessageContaining(Extension.inhibitAnyPolicy.getId());
  }

  @Test
  void garbageIsMalformed() throws Exception {
    assertRejected(
        () -> DeviceCertificate.fromDer(new byte[] {0x30, 0x03, 1, 2, 3}), Reason.MALFORMED);
    assertRejected(() -> DeviceCertificate.fromDer(new byte[0]), Reason.MALFORMED);
    assertRejected(() -> DeviceCertificate.fromPem("no pem here"), Reason.MALFORMED)
        .hasMessageContaining("not-pem");
    byte[] truncated = Arrays.copyOf(device.der(), 100);
    assertRejected(() -> DeviceCertificate.fromDer(truncated), Reason.MALFORMED);
  }

  private static X509Certificate certificate(String subject, String sanUri) throws Exception {
    PublicKey key = deviceKeys.getPublic();
    Extension keyUsage =
        extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    Extension basic = extension(Extension.basicConstraints, true, new BasicConstraints(false));
    return sanUri == null
        ? TestPki.rawCertificate(
            pki.intermediate().certificate(),
            pki.intermediate().signingKey(),
            new X500Name(subject),
            key,
            keyUsage,
            basic)
        : TestPki.rawCertificate(
            pki.intermediate().certificate(),
            pki.intermediate().signingKey(),
            new X500Name(subject),
            key,
            keyUsage,
            basic,
            extension(Extension.subjectAlternativeName, false, uri(sanUri)));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
      ThrowingCallable call, Reason reason) {
    return assertThatThrownBy(call)
        .isInstanceOf(DeviceCertificateException.class)
        .satisfies(e -> assertThat(((DeviceCertificateException) e).reason()).isEqualTo(reason))
        .hasMessageStartingWith(reason.code() + ": ");
  }
}
