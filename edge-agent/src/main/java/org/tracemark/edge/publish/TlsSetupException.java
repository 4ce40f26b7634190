package org.tracemark.edge.publish;

/**
 * The TLS material in {@link TlsSettings} cannot be used: a local configuration error, reported
 * once when the publisher starts (unlike the broker's refusals, which are retried).
 */
public final class TlsSetupException extends Exception {

  /** What is wrong with the material. */
  public enum Reason {
    /** A file is missing or unreadable. */
    UNREADABLE,
    /** A certificate file holds no certificate, or one that does not parse. */
    BAD_CERTIFICATE,
    /** The private key is malformed, not encrypted, or of an unsupported type. */
    BAD_KEY,
    /** The passphrase does not decrypt the private key. */
    WRONG_PASSPHRASE,
    /** The private key does not belong to the client certificate. */
    KEY_MISMATCH,
    /** The JDK refused the material (should not happen with Ed25519 or P-256). */
    UNSUPPORTED
  }

  private final Reason reason;

  public TlsSetupException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public TlsSetupException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
