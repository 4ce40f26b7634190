package org.tracemark.ledger.log;

import org.tracemark.ledger.storage.StorageException;

/**
 * Storage answered, but what it holds contradicts itself or the committed state: a tile of the
 * wrong length, a bundle that does not decode, a right edge whose root is not the stored root. Not
 * worth retrying; the message names the tile and the values that disagree.
 */
public final class CorruptLogException extends StorageException {

  private static final long serialVersionUID = 1L;

  public CorruptLogException(String message) {
    super(message);
  }

  public CorruptLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
