package org.tracemark.ledger.note;

/**
 * Bytes that are not a well-formed signed note (c2sp.org/signed-note). Nothing was verified.
 *
 * <p>Checked, because notes come from logs and witnesses over the network; a caller decides what a
 * bad one means (the witness answers 400).
 */
public final class MalformedNoteException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What is wrong with the note. */
  public enum Problem {
    /** Larger than {@link Note#MAX_SIZE}. */
    TOO_LARGE,
    /** Not valid UTF-8. */
    NOT_UTF8,
    /** An ASCII control character other than newline. */
    CONTROL_CHARACTER,
    /** No blank line followed by at least one signature line. */
    NO_SIGNATURES,
    /** The last signature line has no final newline. */
    NOT_NEWLINE_TERMINATED,
    /** More than {@link Note#MAX_SIGNATURES} signature lines. */
    TOO_MANY_SIGNATURES,
    /** A line after the blank line is not {@code — name base64}. */
    MALFORMED_SIGNATURE_LINE,
    /** A signature line's key name is empty or has a space or plus. */
    BAD_KEY_NAME,
    /** A signature is not canonical padded base64. */
    BAD_BASE64,
    /** A signature has no bytes after its 4-byte key ID. */
    SIGNATURE_TOO_SHORT
  }

  private final Problem problem;
  private final int position;

  MalformedNoteException(Problem problem, int position, String detail) {
    super(problem + " at " + position + ": " + detail);
    this.problem = problem;
    this.position = position;
  }

  public Problem problem() {
    return problem;
  }

  /**
   * Where the problem is: a byte offset for size and UTF-8 problems, a character offset for control
   * characters, the 1-based signature line for problems in the signature block.
   */
  public int position() {
    return position;
  }
}
