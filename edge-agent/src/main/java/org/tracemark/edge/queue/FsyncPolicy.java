package org.tracemark.edge.queue;

import java.time.Duration;

/**
 * When a {@link DiskQueue} asks the kernel to put appended records on stable storage ({@code
 * fdatasync}), trading appends per second against what a power cut may take.
 *
 * <p>Whatever the policy, a <em>process</em> crash (SIGKILL, out of memory, a JVM crash) loses no
 * record that {@link DiskQueue#append} returned an id for: the bytes are already in the kernel's
 * page cache. The policies differ only for a power cut or kernel crash, and in every case what a
 * power cut leaves half-written is cut off by the next {@link DiskQueue#open}, never returned as a
 * record. The queue also fsyncs when it starts a new segment and on {@link DiskQueue#sync()} and
 * {@link DiskQueue#close()}, so only the newest segment can ever be torn.
 *
 * <p>The acknowledged head (the cursor file) follows the same policy. A stale cursor only means
 * that records acknowledged since it was written are published again after a restart: duplicates,
 * never loss. The cursor is always written before a fully acknowledged segment is deleted.
 */
public sealed interface FsyncPolicy {

  /**
   * {@code append} returns only once the record is on stable storage: a power cut loses nothing
   * that was given an id. Costs one fsync per record, milliseconds on SD cards and eMMC, plus a
   * cursor write (two fsyncs and a rename) each time the head advances.
   */
  FsyncPolicy EVERY_RECORD = new EveryRecord();

  /**
   * fsync only when a segment is full, on {@link DiskQueue#sync()} and on {@link
   * DiskQueue#close()}: a power cut can lose everything appended to the newest segment since then
   * (up to {@link QueueOptions#segmentBytes()}). For tests and for data that can be regenerated.
   */
  FsyncPolicy NEVER = new Never();

  /**
   * fsync after every {@code count}th record: a power cut can lose up to {@code count - 1} of the
   * newest records, and, since there is no timer, also up to that many records appended before the
   * producer went quiet.
   */
  static FsyncPolicy everyRecords(int count) {
    return new EveryRecords(count);
  }

  /**
   * A background thread fsyncs every {@code period} if anything was appended since the last fsync:
   * a power cut can lose the records of about the last {@code period}, whether or not more records
   * follow. The cursor is written at most once per {@code period}.
   */
  static FsyncPolicy interval(Duration period) {
    return new Interval(period);
  }

  /** See {@link #EVERY_RECORD}. */
  record EveryRecord() implements FsyncPolicy {}

  /** See {@link #NEVER}. */
  record Never() implements FsyncPolicy {}

  /** See {@link #everyRecords(int)}. */
  record EveryRecords(int count) implements FsyncPolicy {
    public EveryRecords {
      if (count < 1) {
        throw new IllegalArgumentException("fsync every " + count + " records: count must be >= 1");
      }
    }
  }

  /** See {@link #interval(Duration)}. */
  record Interval(Duration period) implements FsyncPolicy {
    public Interval {
      if (period == null || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("fsync interval must be positive, got " + period);
      }
    }
  }
}
