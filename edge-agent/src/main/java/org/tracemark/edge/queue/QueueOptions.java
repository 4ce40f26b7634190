package org.tracemark.edge.queue;

/**
 * How big a {@link DiskQueue} may grow and how hard it works to keep records across a power cut.
 *
 * @param maxBytes the most segment-file bytes the queue keeps on disk. An append that would go over
 *     it throws {@link QueueFullException}; the space comes back a whole segment at a time, once
 *     every record in it is acknowledged. Must be at least {@code 2 * segmentBytes}: the segment
 *     being written is never deleted, so this is what guarantees that appends succeed again once
 *     everything is acknowledged. The cursor and lock files (under 100 bytes) are not counted.
 * @param segmentBytes size at which the queue starts a new segment file (default {@value
 *     #DEFAULT_SEGMENT_BYTES}). Smaller segments free space sooner after acknowledgements and make
 *     recovery faster; larger ones mean fewer files and fsyncs. At most {@value
 *     #MAX_SEGMENT_BYTES}, and at least one largest record ({@value
 *     DiskQueue#RECORD_OVERHEAD_BYTES} + {@code maxRecordBytes}).
 * @param fsync when records are forced to stable storage; see {@link FsyncPolicy} for what each
 *     policy keeps across a power cut
 * @param maxRecordBytes the largest payload {@link DiskQueue#append} accepts (default {@value
 *     #DEFAULT_MAX_RECORD_BYTES}); larger ones are refused with {@link IllegalArgumentException}.
 *     At most {@value #MAX_RECORD_BYTES_LIMIT}, the format's limit. Lowering it later does not make
 *     larger records already on disk unreadable.
 */
public record QueueOptions(
    long maxBytes, long segmentBytes, FsyncPolicy fsync, int maxRecordBytes) {

  /** Default {@link #segmentBytes()}: 8 MiB. */
  public static final long DEFAULT_SEGMENT_BYTES = 8L << 20;

  /** Default {@link #maxRecordBytes()}: 64 KiB, far above a signed reading. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 64 << 10;

  /** Largest {@link #maxRecordBytes()}: 16 MiB, what the record format's readers accept. */
  public static final int MAX_RECORD_BYTES_LIMIT = Segment.MAX_PAYLOAD_BYTES;

  /** Largest {@link #segmentBytes()}: 1 GiB, so that offsets in a segment fit an int. */
  public static final long MAX_SEGMENT_BYTES = 1L << 30;

  public QueueOptions {
    if (fsync == null) {
      throw new IllegalArgumentException("fsync policy must not be null");
    }
    if (maxRecordBytes < 1 || maxRecordBytes > MAX_RECORD_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be 1.." + MAX_RECORD_BYTES_LIMIT + ", got " + maxRecordBytes);
    }
    long largestRecord = (long) DiskQueue.RECORD_OVERHEAD_BYTES + maxRecordBytes;
    if (segmentBytes < largestRecord || segmentBytes > MAX_SEGMENT_BYTES) {
      throw new IllegalArgumentException(
          "segmentBytes must be "
              + largestRecord
              + ".."
              + MAX_SEGMENT_BYTES
              + " (at least one record of maxRecordBytes "
              + maxRecordBytes
              + " plus its "
              + DiskQueue.RECORD_OVERHEAD_BYTES
              + "-byte header), got "
              + segmentBytes);
    }
    if (maxBytes < 2 * segmentBytes) {
      throw new IllegalArgumentException(
          "maxBytes "
              + maxBytes
              + " must be at least twice segmentBytes "
              + segmentBytes
              + ": space is freed a whole segment at a time and the segment being written is"
              + " never deleted");
    }
  }

  /**
   * Options for a queue of at most {@code maxBytes}: segments of {@value #DEFAULT_SEGMENT_BYTES}
   * bytes or a quarter of {@code maxBytes} if that is smaller, {@link FsyncPolicy#EVERY_RECORD},
   * payloads up to {@value #DEFAULT_MAX_RECORD_BYTES} bytes or what fits in a segment if that is
   * smaller.
   */
  public static QueueOptions of(long maxBytes) {
    long segmentBytes = Math.min(DEFAULT_SEGMENT_BYTES, maxBytes / 4);
    return new QueueOptions(
        maxBytes,
        segmentBytes,
        FsyncPolicy.EVERY_RECORD,
        (int)
            Math.max(
                1,
                Math.min(
                    DEFAULT_MAX_RECORD_BYTES, segmentBytes - DiskQueue.RECORD_OVERHEAD_BYTES)));
  }

  /** These options with another {@link #segmentBytes()}. */
  public QueueOptions withSegmentBytes(long segmentBytes) {
    return new QueueOptions(maxBytes, segmentBytes, fsync, maxRecordBytes);
  }

  /** These options with another {@link #fsync()} policy. */
  public QueueOptions withFsync(FsyncPolicy fsync) {
    return new QueueOptions(maxBytes, segmentBytes, fsync, maxRecordBytes);
  }

  /** These options with another {@link #maxRecordBytes()}. */
  public QueueOptions withMaxRecordBytes(int maxRecordBytes) {
    return new QueueOptions(maxBytes, segmentBytes, fsync, maxRecordBytes);
  }
}
