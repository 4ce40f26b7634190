package org.tracemark.ledger.witness;

/** An {@code add-checkpoint} request body that does not follow c2sp.org/tlog-witness. */
public final class MalformedRequestException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int line;

  MalformedRequestException(int line, String detail) {
    super("add-checkpoint request, line " + line + ": " + detail);
    this.line = line;
  }

  /** The 1-based line of the request where the problem is. */
  public int line() {
    return line;
  }
}
