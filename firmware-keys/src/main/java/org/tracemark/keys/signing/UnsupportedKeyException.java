package org.tracemark.keys.signing;

/**
 * A key that is neither Ed25519 nor EC P-256, the only device and firmware key types (DESIGN §2).
 * Checked: keys arrive in CSRs and files from outside, and the caller must report, not crash.
 */
public final class UnsupportedKeyException extends Exception {

  public UnsupportedKeyException(String message) {
    super(message);
  }
}
