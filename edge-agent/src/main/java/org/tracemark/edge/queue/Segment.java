package org.tracemark.edge.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One segment file: records {@code firstId}, {@code firstId + 1}, … back to back, in the format
 * described on {@link DiskQueue}. Appended to by one thread at a time (the producer, or recovery)
 * while other threads read records that are already complete.
 */
final class Segment {

  static final byte MAGIC = (byte) 0xC1;
  static final int HEADER_BYTES = 17;
  static final int MAX_PAYLOAD_BYTES = 16 << 20;
  static final String SUFFIX = ".seg";

  // Every 64th record's offset is kept, so finding a record reads at most 63 headers while the
  // index costs 1/16 of a byte per record (a full index would cost 8 per record: megabytes for a
  // queue of small readings on a device with little memory).
  static final int INDEX_STRIDE = 64;

  final Path file;
  final long firstId;
  final FileChannel channel;

  // Length of the complete records. The file is briefly longer while a record is being written;
  // readers never look past this.
  private volatile long size;
  private volatile int[] index = new int[4];
  private volatile int indexed;
  private long records;

  Segment(Path file, long firstId, FileChannel channel) {
    this.file = file;
    this.firstId = firstId;
    this.channel = channel;
  }

  static String fileName(long firstId) {
    return String.format("%020d", firstId) + SUFFIX;
  }

  long size() {
    return size;
  }

  /**
   * Makes the record of {@code recordBytes} at {@code offset} (the current end) part of the segment
   * and visible to readers, once it is fully written. Producer or recovery only.
   */
  void added(long offset, int recordBytes) {
    if (records % INDEX_STRIDE == 0) {
      int slot = (int) (records / INDEX_STRIDE);
      int[] current = index;
      if (slot == current.length) {
        current = Arrays.copyOf(current, slot * 2);
        current[slot] = (int) offset;
        index = current;
      } else {
        current[slot] = (int) offset;
      }
      // Published after the slot is written: a reader that sees the count sees the offset.
      indexed = slot + 1;
    }
    records++;
    size = offset + recordBytes;
  }

  /** The id of the indexed record at or before {@code id}. */
  long indexedIdAtOrBefore(long id) {
    return firstId + (id - firstId) / INDEX_STRIDE * INDEX_STRIDE;
  }

  /** The offset of {@link #indexedIdAtOrBefore(long) indexedIdAtOrBefore(id)}. */
  long indexedOffsetAtOrBefore(long id) {
    int slot = (int) ((id - firstId) / INDEX_STRIDE);
    if (slot >= indexed) {
      throw new IllegalStateException("record " + id + " is not in " + file + " yet");
    }
    return index[slot];
  }

  void write(ByteBuffer record, long offset) throws IOException {
    long position = offset;
    while (record.hasRemaining()) {
      position += channel.write(record, position);
    }
  }

  void force() throws IOException {
    // fdatasync: also flushes the file length, which is needed to read the data back.
    channel.force(false);
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
