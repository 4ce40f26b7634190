package org.tracemark.ledger.checkpoint;

/**
 * A note text that is not a C2SP tlog-checkpoint body. Checked: checkpoints arrive from logs over
 * the network.
 */
public final class MalformedCheckpointException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What is wrong with the body. */
  public enum Problem {
    /** Larger than a note may be. */
    TOO_LARGE,
    /** The body does not end with a newline. */
    NOT_NEWLINE_TERMINATED,
    /** A control character other than newline, or an unpaired surrogate. */
    BAD_CHARACTER,
    /** Fewer than three lines (origin, size, root). */
    TOO_FEW_LINES,
    /** The first line is empty. */
    EMPTY_ORIGIN,
    /** The second line is not a decimal without leading zeros below 2^63. */
    BAD_SIZE,
    /** The third line is not canonical base64 of 32 bytes. */
    BAD_ROOT_HASH,
    /** An extension line is empty. */
    EMPTY_EXTENSION_LINE
  }

  private final Problem problem;
  private final int line;

  MalformedCheckpointException(Problem problem, int line, String detail) {
    super(problem + " at line " + line + ": " + detail);
    this.problem = problem;
    this.line = line;
  }

  public Problem problem() {
    return problem;
  }

  /** The 1-based line of the body where the problem is. */
  public int line() {
    return line;
  }
}
