package org.tracemark.edge.queue;

import java.util.Arrays;

/**
 * One record read back from a {@link DiskQueue}: its id and the payload exactly as appended.
 *
 * <p>The id is the record's position in this queue, not the identity of what it carries: after a
 * power cut under a relaxed {@link FsyncPolicy} an id whose record was lost can be given to a new
 * record. Deduplicate downstream on the payload's own identity (a reading's {@code (dev, boot,
 * seq)}).
 *
 * @param id the record's id; ids are consecutive in append order
 * @param payload the appended bytes; a fresh array per read, owned by the caller
 */
public record QueuedRecord(long id, byte[] payload) {

  public QueuedRecord {
    if (payload == null) {
      throw new IllegalArgumentException("payload must not be null");
    }
  }

  /** Equal when the ids and the payload bytes are equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof QueuedRecord that
        && id == that.id
        && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "QueuedRecord[id=" + id + ", " + payload.length + " bytes]";
  }
}
