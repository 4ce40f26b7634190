package org.tracemark.keys.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reason and status codes are a contract (problem types at the HTTP edge, metrics, logs): this
 * pins them, so that renaming one is a deliberate change to this test.
 */
class ReasonCodesTest {

  @Test
  void issuanceReasonCodes() {
    assertThat(Arrays.stream(IssuanceException.Reason.values()).map(r -> r.code()).toList())
        .containsExactly(
            "malformed-csr",
            "proof-of-possession-failed",
            "unsupported-key",
            "invalid-device-id",
            "device-id-mismatch",
            "invalid-organisation",
            "invalid-name",
            "invalid-validity",
            "outside-issuer-validity",
            "issuer-not-a-ca",
            "issuer-is-root",
            "path-length-exceeded",
            "issuer-key-mismatch",
            "invalid-revocation",
            "invalid-crl-number");
  }

  @Test
  void readingReasonCodes() {
    assertThat(codes(DeviceCertificateException.Reason.values()))
        .containsExactly(
            "malformed",
            "not-a-device-certificate",
            "invalid-device-id",
            "missing-device-urn",
            "device-id-mismatch",
            "missing-organisation",
            "unsupported-key",
            "unsupported-critical-extension");
    assertThat(codes(CrlException.Reason.values()))
        .containsExactly(
            "malformed-crl", "bad-crl-signature", "issuer-mismatch", "not-a-crl-issuer");
    assertThat(codes(PemException.Reason.values()))
        .containsExactly("not-pem", "wrong-type", "malformed");
    assertThat(codes(PrivateKeyException.Reason.values()))
        .containsExactly(
            "malformed",
            "not-encrypted",
            "wrong-passphrase",
            "unsupported-key",
            "empty-passphrase");
  }

  @Test
  void validationStatusCodes() {
    assertThat(codes(ValidationResult.Status.values()))
        .containsExactly(
            "valid",
            "not-yet-valid",
            "expired",
            "revoked",
            "untrusted-issuer",
            "bad-signature",
            "not-a-ca",
            "path-length-exceeded",
            "unsupported-key",
            "unsupported-critical-extension",
            "untrusted-crl",
            "stale-crl");
  }

  // toString is the code for every one of these enums, as for QuarantineReason.
  private static List<String> codes(Enum<?>[] values) {
    return Arrays.stream(values)
        .map(v -> v instanceof org.tracemark.keys.ReasonCode r ? r.code() : v.toString())
        .toList();
  }
}
