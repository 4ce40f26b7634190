package org.tracemark.edge.queue;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An append failed in the file system, typically {@code No space left on device}. The message says
 * what happened to the record: normally the partial record was removed again, every record before
 * it is intact and readable, and the next append gets the same id. If even that cleanup failed, or
 * an fsync failed for records already handed out, {@link #writerDisabled()} is true: appends are
 * refused until the queue is reopened, and {@link DiskQueue#open} cuts the partial record off.
 * Reads and acknowledgements keep working either way.
 */
public final class QueueWriteException extends IOException {

  private final Path file;
  private final long offset;
  private final long recordId;
  private final boolean writerDisabled;

  QueueWriteException(
      String message,
      Path file,
      long offset,
      long recordId,
      boolean writerDisabled,
      Throwable cause) {
    super(message, cause);
    this.file = file;
    this.offset = offset;
    this.recordId = recordId;
    this.writerDisabled = writerDisabled;
  }

  /** The segment file being written. */
  public Path file() {
    return file;
  }

  /** Where in {@link #file()} the record was to start. */
  public long offset() {
    return offset;
  }

  /** The id the record would have had. */
  public long recordId() {
    return recordId;
  }

  /** Whether appends are refused until the queue is closed and opened again. */
  public boolean writerDisabled() {
    return writerDisabled;
  }
}
