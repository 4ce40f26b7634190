package org.tracemark.keys.cose;

/**
 * Bytes that are not the COSE_Sign1 (or the payload) a contract describes. The message names the
 * first rule broken, e.g. {@code "protected header: kid is 31 bytes, expected 32"}, never the bytes
 * themselves beyond a short excerpt.
 *
 * <p>Checked: every such input comes from outside, and each caller turns it into its own outcome (a
 * {@code malformed} quarantine for readings, a refused manifest for firmware).
 */
public final class MalformedCoseException extends Exception {

  public MalformedCoseException(String message) {
    super(message);
  }

  /** Adds where the problem is, e.g. {@code "payload"}, in front of the message. */
  public MalformedCoseException in(String where) {
    return new MalformedCoseException(where + ": " + getMessage());
  }
}
