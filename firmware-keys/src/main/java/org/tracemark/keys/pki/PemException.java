package org.tracemark.keys.pki;

/** Text is not the PEM (RFC 7468) block that was expected. */
public final class PemException extends Exception {

  /** What is wrong with the text, with a stable kebab-case code; add, never rename or reuse. */
  public enum Reason implements org.tracemark.keys.ReasonCode {
    /** No {@code -----BEGIN …-----} / {@code -----END …-----} block at all. */
    NOT_PEM,
    /** PEM, but only blocks with other labels, e.g. a CSR where a certificate was expected. */
    WRONG_TYPE,
    /** The expected block is there but unterminated, empty, or not valid base64. */
    MALFORMED;
  }

  private final Reason reason;

  PemException(Reason reason, String evidence) {
    super(reason.code() + ": " + evidence);
    this.reason = reason;
  }

  /** What is wrong with the text. */
  public Reason reason() {
    return reason;
  }
}
