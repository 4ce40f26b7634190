package org.tracemark.edge.queue;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The queue's files hold something no crash could have produced: a damaged record with intact
 * records after it, a gap in the ids, a segment missing, a cursor that does not parse. Only a torn
 * end of the newest segment is repaired silently (see {@link RecoveryReport.TornTail}); everything
 * else stops here, with the files left as they were, because guessing could drop readings.
 *
 * <p>To recover by hand: copy the directory away, then either truncate the named file at {@link
 * #offset()} (losing the records from there on in that file) or, for a bad cursor, delete the
 * {@code cursor} file (every stored record is then published again).
 */
public final class CorruptQueueException extends IOException {

  private final Path file;
  private final long offset;
  private final String reason;

  CorruptQueueException(Path file, long offset, String reason) {
    super(file + " at offset " + offset + ": " + reason);
    this.file = file;
    this.offset = offset;
    this.reason = reason;
  }

  /** The damaged file. */
  public Path file() {
    return file;
  }

  /** Byte offset in {@link #file()} where the problem starts. */
  public long offset() {
    return offset;
  }

  /** What is wrong, with the values found and expected. */
  public String reason() {
    return reason;
  }
}
