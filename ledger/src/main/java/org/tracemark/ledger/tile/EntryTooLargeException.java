package org.tracemark.ledger.tile;

/**
 * An entry that cannot be put in a bundle: its length does not fit the uint16 length prefix.
 *
 * <p>Unchecked: DESIGN §3 caps entries at 65,535 bytes, so whoever builds entries must enforce the
 * cap before they reach the log; one arriving here is a bug upstream.
 */
public final class EntryTooLargeException extends IllegalArgumentException {

  private final int position;
  private final int length;

  EntryTooLargeException(int position, int length) {
    super(
        "entry "
            + position
            + " of the bundle is "
            + length
            + " bytes; a bundle entry is at most "
            + EntryBundle.MAX_ENTRY_LENGTH
            + " bytes");
    this.position = position;
    this.length = length;
  }

  /** Zero-based position of the entry in the list given to {@link EntryBundle#encode}. */
  public int position() {
    return position;
  }

  /** The entry's length in bytes. */
  public int length() {
    return length;
  }
}
