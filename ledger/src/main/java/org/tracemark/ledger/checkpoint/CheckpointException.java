package org.tracemark.ledger.checkpoint;

/**
 * A signed checkpoint that does not verify against its log's key. The cause, when there is one, is
 * the note or checkpoint parser's exception with its own detail.
 */
public final class CheckpointException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the checkpoint was refused. */
  public enum Problem {
    /** Not a well-formed signed note. */
    MALFORMED_NOTE,
    /** No valid signature by a key of the log. */
    NOT_SIGNED_BY_LOG,
    /** A line claims a key of the log, but its signature does not verify. */
    INVALID_LOG_SIGNATURE,
    /** Signed, but the text is not a well-formed checkpoint body. */
    MALFORMED_CHECKPOINT,
    /** A well-formed checkpoint of another log. */
    WRONG_ORIGIN
  }

  private final Problem problem;

  CheckpointException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
