package org.tracemark.keys.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tracemark.keys.pki.DeviceEnrolmentTest.assertRefused;

import java.security.KeyPair;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.IssuanceException.Reason;
import org.tracemark.keys.signing.SigningAlgorithm;

class DeviceCsrTest {

  @Test
  void aDeviceCsrNamesTheDeviceTwiceAndIsSignedByItsKey() throws Exception {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      KeyPair keys = KeyPairs.generate(algorithm);

      DeviceCsr csr = DeviceCsr.create(DeviceId.of("silo-7"), keys);

      PKCS10CertificationRequest request = new PKCS10CertificationRequest(csr.der());
      assertThat(request.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue().toString())
          .isEqualTo("silo-7");
      assertThat(request.getSubject().getRDNs()).hasSize(1);
      Attribute[] attributes =
          request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
      GeneralName[] san =
          GeneralNames.fromExtensions(
                  Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0)),
                  Extension.subjectAlternativeName)
              .getNames();
      assertThat(san).hasSize(1);
      assertThat(san[0].getName().toString()).isEqualTo("urn:tracemark:device:silo-7");
      assertThat(request.getSubjectPublicKeyInfo().getEncoded())
          .isEqualTo(keys.getPublic().getEncoded());
      assertThat(
              request.isSignatureValid(
                  new JcaContentVerifierProviderBuilder()
                      .setProvider(TestPki.BC)
                      .build(keys.getPublic())))
          .isTrue();
    }
  }

  @Test
  void pemAndDerRoundTrip() throws Exception {
    DeviceCsr csr =
        DeviceCsr.create(DeviceId.of("silo-7"), KeyPairs.generate(SigningAlgorithm.ES256));

    String pem = csr.toPem();

    assertThat(pem)
        .startsWith("-----BEGIN CERTIFICATE REQUEST-----\n")
        .endsWith("-----END CERTIFICATE REQUEST-----\n");
    assertThat(DeviceCsr.fromPem(pem)).isEqualTo(csr);
    assertThat(DeviceCsr.fromDer(csr.der())).isEqualTo(csr).hasSameHashCodeAs(csr);
    assertThat(csr.toString()).contains("CN=silo-7").contains("EC");
  }

  @Test
  void derIsCopiedInAndOut() throws Exception {
    byte[] der =
        DeviceCsr.create(DeviceId.of("silo-7"), KeyPairs.generate(SigningAlgorithm.ED25519)).der();
    DeviceCsr csr = DeviceCsr.fromDer(der);

    der[der.length - 1] ^= 1;
    csr.der()[0] = 0;

    assertThat(csr.der()).isNotEqualTo(der);
    assertThat(csr.der()[0]).isEqualTo((byte) 0x30);
  }

  @Test
  void aCertificatePemIsNotACsr() throws Exception {
    TestPki pki = TestPki.create(SigningAlgorithm.ED25519, SigningAlgorithm.ED25519);

    assertRefused(
            () -> DeviceCsr.fromPem(Pem.certificate(pki.root().certificate())),
            Reason.MALFORMED_CSR)
        .hasMessageContaining("wrong-type")
        .hasMessageContaining("\"CERTIFICATE\"");
    assertRefused(() -> DeviceCsr.fromPem("hello"), Reason.MALFORMED_CSR);
  }
}
