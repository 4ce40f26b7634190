package org.tracemark.keys.pki;

/**
 * A certificate is not a Tracemark device certificate, or not a certificate at all. The {@link
 * Reason} says which rule it breaks, the message shows what the certificate holds instead.
 */
public final class DeviceCertificateException extends Exception {

  /**
   * Which rule the certificate breaks, with a stable kebab-case code; add reasons, never rename or
   * reuse a code.
   */
  public enum Reason {
    /** Not a parseable DER or PEM X.509 certificate. */
    MALFORMED("malformed"),
    /** A CA certificate, not version 3, or without the digitalSignature key usage. */
    NOT_A_DEVICE_CERTIFICATE("not-a-device-certificate"),
    /** The subject has no CN, several, or one that is not a valid device id. */
    INVALID_DEVICE_ID("invalid-device-id"),
    /** No subjectAltName URI; a device certificate names its device as a URN. */
    MISSING_DEVICE_URN("missing-device-urn"),
    /** A subjectAltName URI differs from {@code urn:tracemark:device:{CN}}. */
    DEVICE_ID_MISMATCH("device-id-mismatch"),
    /** The subject has no O (organisation), or several. */
    MISSING_ORGANISATION("missing-organisation"),
    /** The key is neither Ed25519 nor EC P-256. */
    UNSUPPORTED_KEY("unsupported-key"),
    /** A critical extension this package does not understand (RFC 5280 §4.2: reject). */
    UNSUPPORTED_CRITICAL_EXTENSION("unsupported-critical-extension");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** The stable code, e.g. {@code missing-device-urn}. */
    public String code() {
      return code;
    }

    @Override
    public String toString() {
      return code;
    }
  }

  private final Reason reason;

  DeviceCertificateException(Reason reason, String evidence) {
    super(reason.code() + ": " + evidence);
    this.reason = reason;
  }

  DeviceCertificateException(Reason reason, String evidence, Throwable cause) {
    super(reason.code() + ": " + evidence, cause);
    this.reason = reason;
  }

  /** Which rule the certificate breaks. */
  public Reason reason() {
    return reason;
  }
}
