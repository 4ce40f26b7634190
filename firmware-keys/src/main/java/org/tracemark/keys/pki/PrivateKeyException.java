package org.tracemark.keys.pki;

/**
 * A private key could not be stored or loaded. Messages name the key type and the file's structure,
 * never key bytes, and never the passphrase.
 */
public final class PrivateKeyException extends Exception {

  /** Why, with a stable kebab-case code; add, never rename or reuse. */
  public enum Reason implements org.tracemark.keys.ReasonCode {
    /** Not an {@code ENCRYPTED PRIVATE KEY} PEM block holding a PKCS#8 EncryptedPrivateKeyInfo. */
    MALFORMED,
    /** A private key PEM block that is not encrypted; this package refuses to load those. */
    NOT_ENCRYPTED,
    /**
     * The passphrase does not decrypt the key. Also reported for a file whose ciphertext was
     * corrupted: without a MAC the two cannot be told apart.
     */
    WRONG_PASSPHRASE,
    /** Not an Ed25519 or EC P-256 key, or a key that cannot be exported (e.g. held in an HSM). */
    UNSUPPORTED_KEY,
    /** An empty passphrase when encrypting; that would store the key effectively in clear. */
    EMPTY_PASSPHRASE;
  }

  private final Reason reason;

  PrivateKeyException(Reason reason, String evidence) {
    super(reason.code() + ": " + evidence);
    this.reason = reason;
  }

  /** Why the key could not be stored or loaded. */
  public Reason reason() {
    return reason;
  }
}
