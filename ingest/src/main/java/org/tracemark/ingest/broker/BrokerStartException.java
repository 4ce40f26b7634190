package org.tracemark.ingest.broker;

/** The embedded broker could not start; the message says which step failed and why. */
public class BrokerStartException extends Exception {

  public BrokerStartException(String message) {
    super(message);
  }

  public BrokerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
