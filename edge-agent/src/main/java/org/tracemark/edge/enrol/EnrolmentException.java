package org.tracemark.edge.enrol;

/** Enrolment did not complete; nothing half-done is left in place of the old key. */
public final class EnrolmentException extends Exception {

  public EnrolmentException(String message) {
    super(message);
  }

  public EnrolmentException(String message, Throwable cause) {
    super(message, cause);
  }
}
