package org.tracemark.ledger.log;

import org.tracemark.ledger.tile.EntryBundle;

/**
 * A batch was refused before anything was written because one of its entries does not fit the
 * uint16 length prefix of an entry bundle (DESIGN §3: an entry is at most 65,535 bytes).
 */
public final class OversizedEntryException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int position;
  private final int length;

  OversizedEntryException(int position, int length) {
    super(
        "entry "
            + position
            + " of the batch is "
            + length
            + " bytes; a log entry is at most "
            + EntryBundle.MAX_ENTRY_LENGTH
            + " bytes, so nothing of the batch was written");
    this.position = position;
    this.length = length;
  }

  /** Zero-based position of the entry in the batch. */
  public int position() {
    return position;
  }

  /** The entry's length in bytes. */
  public int length() {
    return length;
  }
}
