package org.tracemark.verify;

import java.util.Objects;
import org.tracemark.ledger.storage.StorageException;

/**
 * A fetch from the log failed, carrying the {@link Failure} to report. A {@link StorageException}
 * so that it passes unchanged through the ledger's {@code LogReader} and {@code ProofBuilder} when
 * they read tiles over HTTP.
 */
final class FetchException extends StorageException {

  private static final long serialVersionUID = 1L;

  private final transient Failure failure;

  FetchException(Failure failure) {
    super(failure.message());
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  Failure failure() {
    return failure;
  }
}
