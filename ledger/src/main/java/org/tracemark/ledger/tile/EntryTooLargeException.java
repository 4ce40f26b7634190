package org.tracemark.ledger.tile;

/**
 * An entry that cannot be in the log: its length does not fit the uint16 length prefix of an entry
 * bundle. Thrown by {@link EntryBundle#encode} and, before anything is hashed or written, by the
 * log writer for a whole batch.
 *
 * <p>Unchecked: DESIGN §3 caps entries at 65,535 bytes, so whoever builds entries must enforce the
 * cap before they reach the log; one arriving here is a bug upstream.
 */
public final class EntryTooLargeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int position;
  private final int length;

  /**
   * @param position zero-based position of the entry in the batch or bundle
   * @param length the entry's length in bytes
   */
  public EntryTooLargeException(int position, int length) {
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

  /** Zero-based position of the entry in the batch or bundle. */
  public int position() {
    return position;
  }

  /** The entry's length in bytes. */
  public int length() {
    return length;
  }
}
