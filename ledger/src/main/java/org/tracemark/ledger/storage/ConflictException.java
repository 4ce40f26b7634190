package org.tracemark.ledger.storage;

/**
 * A commit was refused because the stored state moved on: another writer appended. Carries both
 * states as evidence.
 */
public final class ConflictException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient LogState expected;
  private final transient LogState actual;

  public ConflictException(LogState expected, LogState actual) {
    super("log state is " + actual + ", but the writer expected " + expected);
    this.expected = expected;
    this.actual = actual;
  }

  public LogState expected() {
    return expected;
  }

  public LogState actual() {
    return actual;
  }
}
