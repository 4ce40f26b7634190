package org.tracemark.api.ledger;

/** The log's signing key cannot be used; the message says why and what to check. */
public final class LogKeyException extends Exception {

  private static final long serialVersionUID = 1L;

  public LogKeyException(String message) {
    super(message);
  }

  public LogKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
