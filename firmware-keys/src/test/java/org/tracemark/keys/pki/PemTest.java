package org.tracemark.keys.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.pki.PemException.Reason;
import org.tracemark.keys.signing.SigningAlgorithm;

class PemTest {

  @Test
  void encodesRfc7468StrictTextWith64CharacterLines() {
    byte[] der = new byte[200];
    for (int i = 0; i < der.length; i++) {
      der[i] = (byte) i;
    }

    String pem = Pem.encode(Pem.Label.X509_CRL, der);

    String[] lines = pem.split("\n");
    assertThat(lines[0]).isEqualTo("-----BEGIN X509 CRL-----");
    assertThat(lines[lines.length - 1]).isEqualTo("-----END X509 CRL-----");
    assertThat(lines).hasSize(2 + 5); // 200 bytes → 268 base64 characters → 5 lines
    for (int i = 1; i < lines.length - 2; i++) {
      assertThat(lines[i]).hasSize(64);
    }
    assertThat(pem).endsWith("\n").doesNotContain("\r");
  }

  @Test
  void decodesAroundExplanatoryTextAndAnyLineEnds() throws Exception {
    byte[] der = {0x30, 0x03, 0x02, 0x01, 0x07};
    String pem = Pem.encode(Pem.Label.CERTIFICATE, der);
    String decorated =
        "Subject: CN=silo-7\r\n\r\n" + pem.replace("\n", "\r\n").replace("MAM", "MA M") + "trailer";

    assertThat(Pem.decode(Pem.Label.CERTIFICATE, decorated)).isEqualTo(der);
  }

  @Test
  void readsACertificateTheJdkCanUse() throws Exception {
    TestPki pki = TestPki.create(SigningAlgorithm.ED25519, SigningAlgorithm.ES256);
    X509Certificate intermediate = pki.intermediate().certificate();

    X509Certificate reread = Pem.readCertificate(Pem.certificate(intermediate));

    assertThat(reread).isEqualTo(intermediate);
    reread.verify(pki.root().certificate().getPublicKey());
  }

  @Test
  void namesWhatIsWrong() {
    assertRefused(() -> Pem.decode(Pem.Label.CERTIFICATE, "just text"), Reason.NOT_PEM);
    assertRefused(() -> Pem.decode(Pem.Label.CERTIFICATE, null), Reason.NOT_PEM);
    assertRefused(
            () ->
                Pem.decode(
                    Pem.Label.CERTIFICATE,
                    "-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----"),
            Reason.WRONG_TYPE)
        .hasMessageContaining("expected a CERTIFICATE block, found \"CERTIFICATE REQUEST\"");
    assertRefused(
            () -> Pem.decode(Pem.Label.CERTIFICATE, "-----BEGIN CERTIFICATE-----\nMAA=\n"),
            Reason.MALFORMED)
        .hasMessageContaining("-----END CERTIFICATE-----");
    assertRefused(
        () ->
            Pem.decode(
                Pem.Label.CERTIFICATE,
                "-----BEGIN CERTIFICATE-----\nM@A=\n-----END CERTIFICATE-----"),
        Reason.MALFORMED);
    assertRefused(
        () ->
            Pem.decode(
                Pem.Label.CERTIFICATE, "-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----"),
        Reason.MALFORMED);
    assertRefused(
        () -> Pem.readCertificate("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----"),
        Reason.MALFORMED);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      ThrowingCallable call, Reason reason) {
    return assertThatThrownBy(call)
        .isInstanceOf(PemException.class)
        .satisfies(e -> assertThat(((PemException) e).reason()).isEqualTo(reason));
  }
}
