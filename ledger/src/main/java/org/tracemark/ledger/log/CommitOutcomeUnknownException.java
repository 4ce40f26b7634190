package org.tracemark.ledger.log;

import org.tracemark.ledger.storage.LogState;

/**
 * A commit failed and the writer could not tell whether storage applied it: the commit threw, and
 * reading the state back failed too, or found a state that is neither the one before the batch nor
 * the one after it (another writer). The batch may or may not be in the log.
 *
 * <p>The writer refuses further appends until {@link LogWriter#reload()}. After a reload, the batch
 * is in the log exactly when {@link LogWriter#state()} equals {@link #attempted()} (or has grown
 * from it, if another writer appended since, which the caller must then sort out).
 */
public final class CommitOutcomeUnknownException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient LogState expected;
  private final transient LogState attempted;

  CommitOutcomeUnknownException(
      LogState expected, LogState attempted, String found, Throwable cause) {
    super(
        "commit from "
            + expected
            + " to "
            + attempted
            + " failed and its outcome is unknown: "
            + found
            + "; reload before appending again",
        cause);
    this.expected = expected;
    this.attempted = attempted;
  }

  /** The committed state the batch was appended to. */
  public LogState expected() {
    return expected;
  }

  /** The state the log is in if the batch landed. */
  public LogState attempted() {
    return attempted;
  }
}
