package org.tracemark.edge.queue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads records one after another from part of a segment file through a buffer, checking each
 * against the format on {@link DiskQueue}. Used by recovery to validate whole segments and by
 * {@link DiskQueue#read} to return payloads. Not thread-safe; reuse one per thread.
 */
final class RecordScanner {

  enum Outcome {
    RECORD,
    END,
    DAMAGED
  }

  private static final int DEFAULT_BUFFER_BYTES = 64 << 10;

  private final CRC32C crc = new CRC32C();
  private byte[] buffer = new byte[DEFAULT_BUFFER_BYTES];
  private ByteBuffer window = ByteBuffer.wrap(buffer);
  private FileChannel channel;
  private long limit;
  private long bufferStart;
  private int bufferLength;
  private long position;

  private long recordOffset;
  private long id;
  private int length;
  private int payloadStart;
  private String damage;

  /** Scans {@code channel} from {@code position} up to {@code limit}. */
  void start(FileChannel channel, long position, long limit) {
    this.channel = channel;
    this.position = position;
    this.limit = limit;
    this.bufferLength = 0;
  }

  /** Offset just after the last record returned (or skipped): where the next one starts. */
  long position() {
    return position;
  }

  long recordOffset() {
    return recordOffset;
  }

  long id() {
    return id;
  }

  int length() {
    return length;
  }

  /** After {@link Outcome#DAMAGED}: what is wrong with the bytes at {@link #recordOffset()}. */
  String damage() {
    return damage;
  }

  /**
   * The next record. With {@code verify} its checksum is checked and {@link #payload()} can be
   * called; without, only the header is read, to skip over it.
   */
  Outcome next(boolean verify) throws IOException {
    recordOffset = position;
    long remaining = limit - position;
    if (remaining == 0) {
      return Outcome.END;
    }
    if (remaining < Segment.HEADER_BYTES) {
      return damaged(
          "partial header: " + remaining + " of " + Segment.HEADER_BYTES + " bytes before the end");
    }
    fill(Segment.HEADER_BYTES);
    int at = (int) (position - bufferStart);
    if (buffer[at] != Segment.MAGIC) {
      return damaged(
          String.format(
              "bad magic byte 0x%02x where 0x%02x was expected",
              buffer[at] & 0xff, Segment.MAGIC & 0xff));
    }
    length = window.getInt(at + 1);
    id = window.getLong(at + 5);
    int storedCrc = window.getInt(at + 13);
    if (length < 0 || length > Segment.MAX_PAYLOAD_BYTES) {
      return damaged(
          "length field "
              + Integer.toUnsignedString(length)
              + " is over the format's limit of "
              + Segment.MAX_PAYLOAD_BYTES);
    }
    if (Segment.HEADER_BYTES + length > remaining) {
      return damaged(
          "partial record: header says "
              + length
              + " payload bytes, "
              + (remaining - Segment.HEADER_BYTES)
              + " remain");
    }
    if (verify) {
      fill(Segment.HEADER_BYTES + length);
      at = (int) (position - bufferStart);
      crc.reset();
      crc.update(buffer, at + 1, 12);
      crc.update(buffer, at + Segment.HEADER_BYTES, length);
      int computed = (int) crc.getValue();
      if (computed != storedCrc) {
        return damaged(
            String.format(
                "checksum mismatch: stored %08x, computed %08x over id %d and %d payload bytes",
                storedCrc, computed, id, length));
      }
      payloadStart = at + Segment.HEADER_BYTES;
    }
    position += Segment.HEADER_BYTES + length;
    return Outcome.RECORD;
  }

  /** A copy of the payload of the record just returned by {@code next(true)}. */
  byte[] payload() {
    return Arrays.copyOfRange(buffer, payloadStart, payloadStart + length);
  }

  /**
   * The offset of the first intact record at or after {@code from} with an id in {@code minId ..
   * maxId}, or -1. Tells damage in the middle of a file (intact records follow) from a torn end.
   */
  long findIntactRecord(long from, long minId, long maxId) throws IOException {
    for (long candidate = from; candidate + Segment.HEADER_BYTES <= limit; candidate++) {
      position = candidate;
      fill(Segment.HEADER_BYTES);
      int at = (int) (candidate - bufferStart);
      if (buffer[at] != Segment.MAGIC) {
        continue;
      }
      long candidateId = window.getLong(at + 5);
      if (candidateId < minId || candidateId > maxId) {
        continue;
      }
      if (next(true) == Outcome.RECORD) {
        return candidate;
      }
    }
    return -1;
  }

  private Outcome damaged(String reason) {
    damage = reason;
    return Outcome.DAMAGED;
  }

  // Makes buffer hold bytes [position, position + count); the caller checked they are below limit.
  private void fill(int count) throws IOException {
    long relative = position - bufferStart;
    if (relative >= 0 && relative + count <= bufferLength) {
      return;
    }
    int kept = 0;
    if (relative >= 0 && relative < bufferLength) {
      kept = (int) (bufferLength - relative);
      System.arraycopy(buffer, (int) relative, buffer, 0, kept);
    }
    if (count > buffer.length) {
      // A record larger than the buffer: only records above 64 KiB, so rarely.
      buffer = Arrays.copyOf(buffer, Math.max(count, buffer.length * 2));
      window = ByteBuffer.wrap(buffer);
    }
    bufferStart = position;
    bufferLength = kept;
    while (bufferLength < count) {
      long wanted = Math.min(buffer.length - bufferLength, limit - (bufferStart + bufferLength));
      window.limit(bufferLength + (int) wanted).position(bufferLength);
      int read = channel.read(window, bufferStart + bufferLength);
      if (read < 0) {
        throw new EOFException(
            "file ends at "
                + (bufferStart + bufferLength)
                + " though "
                + limit
                + " bytes were expected; was it truncated while the queue was open?");
      }
      bufferLength += read;
    }
    window.clear();
  }
}
