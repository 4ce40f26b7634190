package org.tracemark.ledger.storage;

/** The storage failed (I/O, database); the operation may or may not be retried by the caller. */
public class StorageException extends Exception {

  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }
}
