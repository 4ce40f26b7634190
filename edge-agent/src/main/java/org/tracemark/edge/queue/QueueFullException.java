package org.tracemark.edge.queue;

import java.nio.file.Path;

/**
 * An append would take the queue over {@link QueueOptions#maxBytes()}. Nothing was written and no
 * id was used. Space comes back when the publisher acknowledges every record of the oldest segment.
 */
public final class QueueFullException extends Exception {

  private final Path directory;
  private final int recordBytes;
  private final long bytesOnDisk;
  private final long maxBytes;

  QueueFullException(
      Path directory, int recordBytes, long bytesOnDisk, long maxBytes, long head, long nextId) {
    super(
        "queue "
            + directory
            + " is full: a "
            + recordBytes
            + "-byte record would bring its "
            + bytesOnDisk
            + " bytes on disk over the limit of "
            + maxBytes
            + "; records "
            + head
            + ".."
            + (nextId - 1)
            + " are not all acknowledged yet, and space is freed a segment at a time once all of"
            + " a segment's records are");
    this.directory = directory;
    this.recordBytes = recordBytes;
    this.bytesOnDisk = bytesOnDisk;
    this.maxBytes = maxBytes;
  }

  /** The queue's directory. */
  public Path directory() {
    return directory;
  }

  /** Bytes the refused record would have taken on disk, header included. */
  public int recordBytes() {
    return recordBytes;
  }

  /** Bytes of segment files when the append was refused. */
  public long bytesOnDisk() {
    return bytesOnDisk;
  }

  /** The configured {@link QueueOptions#maxBytes()}. */
  public long maxBytes() {
    return maxBytes;
  }
}
