package org.tracemark.edge.agent;

/** The agent cannot start or go on; the message says what to do. Queued readings are kept. */
public final class AgentException extends Exception {

  public AgentException(String message) {
    super(message);
  }

  public AgentException(String message, Throwable cause) {
    super(message, cause);
  }
}
