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
  public enum Reason implements org.tracemark.keys.ReasonCode {
    /** Not a parseable DER or PEM X.509 certificate. */
    MALFORMED,
    /** A CA certificate, not version 3, or without the digitalSignature key usage. */
    NOT_A_DEVICE_CERTIFICATE,
    /** The subject has no CN, several, or one that is not a valid device id. */
    INVALID_DEVICE_ID,
    /** No subjectAltName URI; a device certificate names its device as a URN. */
    MISSING_DEVICE_URN,
    /** A subjectAltName URI differs from {@code urn:tracemark:device:{CN}}. */
    DEVICE_ID_MISMATCH,
    /** The subject has no O (organisation), or several. */
    MISSING_ORGANISATION,
    /** The key is neither Ed25519 nor EC P-256. */
    UNSUPPORTED_KEY,
    /** A critical extension this package does not understand (RFC 5280 §4.2: reject). */
    UNSUPPORTED_CRITICAL_EXTENSION;
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
