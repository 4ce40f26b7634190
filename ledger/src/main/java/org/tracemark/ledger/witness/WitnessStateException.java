package org.tracemark.ledger.witness;

/**
 * The witness state could not be read or written. The witness answers nothing (the HTTP layer
 * answers 5xx): cosigning without durable state could roll a log back after a restart.
 */
public class WitnessStateException extends Exception {

  private static final long serialVersionUID = 1L;

  public WitnessStateException(String message, Throwable cause) {
    super(message, cause);
  }

  public WitnessStateException(String message) {
    super(message);
  }
}
