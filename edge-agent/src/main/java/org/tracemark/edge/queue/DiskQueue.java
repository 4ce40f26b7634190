package org.tracemark.edge.queue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * The agent's store-and-forward buffer: signed readings are appended as they are made and stay on
 * disk until the MQTT broker has acknowledged them, across restarts, crashes and power cuts.
 * Duplicates after a restart are possible; loss of an appended record is not.
 *
 * <h2>Use</h2>
 *
 * One producer thread calls {@link #append}; one publisher thread calls {@link #read} and {@link
 * #acknowledge}. The two sides take separate locks, so a slow fsync on one side does not stall the
 * other. Every method is thread-safe. Ids are consecutive longs, continued across restarts. {@link
 * #acknowledge} takes ids in any order (a QoS 1 in-flight window); the <em>head</em> moves over the
 * contiguous acknowledged prefix only, and after a restart everything from the head on is read
 * again. Once every record of a segment is acknowledged, the segment file is deleted.
 *
 * <h2>Files</h2>
 *
 * <pre>
 * 00000000000000000000.seg   records 0 .. 41
 * 00000000000000000042.seg   records 42 .. (segment files are named by their first id, 20 digits)
 * cursor                     the acknowledged head
 * queue.lock                 locked while a queue has the directory open
 * </pre>
 *
 * The cursor is replaced like the boot counter: temp file, fsync, atomic rename, fsync of the
 * directory. It is three ASCII lines, the CRC-32C covering the first two with their newlines:
 *
 * <pre>
 * tracemark-queue-cursor 1
 * head 42
 * crc32c 0a1b2c3d
 * </pre>
 *
 * <h2>Record format</h2>
 *
 * A segment is records back to back, no file header. Each record, integers big-endian:
 *
 * <pre>
 * offset  size  field
 *      0     1  magic   0xC1 (format version 1)
 *      1     4  length  payload bytes, 0 .. 16 MiB
 *      5     8  id      the record's id; the first record's id is the one in the file name
 *     13     4  crc32c  CRC-32C (Castagnoli) of bytes 1..12 (length and id) and the payload
 *     17     n  payload
 * </pre>
 *
 * <h2>Recovery</h2>
 *
 * {@link #open} reads every record of every segment and checks magic, length, checksum and id
 * sequence. A crash or power cut can only damage the end of the newest segment (the queue fsyncs a
 * segment before starting the next), so there a damaged record with nothing intact after it is cut
 * off and reported in {@link #recovery()}. Anything else, such as a damaged record in an older
 * segment, a damaged record followed by intact ones, a gap in the ids, a missing segment or a
 * corrupt cursor, throws {@link CorruptQueueException} naming the file and offset, and leaves the
 * files as they are.
 *
 * <h2>Errors while appending</h2>
 *
 * If the file system fails an append (e.g. {@code No space left on device}), the partial record is
 * truncated away and {@link QueueWriteException} says so; stored records stay intact and readable,
 * and the failed record's id is given to the next append. See {@link QueueWriteException} for when
 * appends are refused until the queue is reopened instead.
 *
 * <p>Interrupting a thread while it is inside a method of this class closes the segment file it was
 * using (a property of {@link java.nio.channels.FileChannel}); later calls then fail until the
 * queue is reopened. Nothing on disk is lost.
 */
public final class DiskQueue implements Closeable {

  /** Bytes a record takes on disk beyond its payload. */
  public static final int RECORD_OVERHEAD_BYTES = Segment.HEADER_BYTES;

  private final QueueDirectory directory;
  private final QueueOptions options;
  private final SegmentChannels channels;
  private final RecoveryReport recovery;
  private final CopyOnWriteArrayList<Segment> segments;
  private final AtomicLong bytesOnDisk = new AtomicLong();
  // From options.fsync(): fsync after this many unsynced records (0: never on append) …
  private final int syncEveryRecords;
  // … and write the cursor once the head is this many ids past it, or this long after the last.
  private final int cursorEveryRecords;
  private final long cursorIntervalNanos;
  private final ScheduledExecutorService flusher;
  private volatile long nextId;
  private volatile long head;
  private volatile boolean closed;

  // Producer side, guarded by appendLock.
  private final ReentrantLock appendLock = new ReentrantLock();
  private final ByteBuffer writeBuffer;
  private final byte[] header = new byte[Segment.HEADER_BYTES];
  private final ByteBuffer headerView = ByteBuffer.wrap(header);
  private final CRC32C appendCrc = new CRC32C();
  private Segment active;
  private long syncedNextId;
  private IOException writerFailure;

  // Publisher side, guarded by consumeLock.
  private final ReentrantLock consumeLock = new ReentrantLock();
  private final Acknowledgements acks;
  private final RecordScanner readScanner = new RecordScanner();
  private long persistedHead;
  private long cursorWrittenNanos;
  // Where the last read stopped, so that the next one (usually from there) needs no seek.
  private Segment resumeSegment;
  private long resumeId;
  private long resumeOffset;

  private DiskQueue(
      QueueDirectory directory,
      QueueOptions options,
      SegmentChannels channels,
      Recovery.Result recovered) {
    this.directory = directory;
    this.options = options;
    this.channels = channels;
    this.recovery = recovered.report();
    this.segments = new CopyOnWriteArrayList<>(recovered.segments());
    for (Segment segment : segments) {
      bytesOnDisk.addAndGet(segment.size());
    }
    this.active = segments.get(segments.size() - 1);
    this.nextId = recovered.nextId();
    this.syncedNextId = recovered.nextId();
    this.head = recovered.head();
    this.persistedHead = recovered.head();
    this.cursorWrittenNanos = System.nanoTime();
    this.acks = new Acknowledgements(recovered.head());
    // Direct, so the write system call reads it without the JDK copying into a temporary buffer.
    this.writeBuffer = ByteBuffer.allocateDirect(Segment.HEADER_BYTES + options.maxRecordBytes());

    FsyncPolicy fsync = options.fsync();
    if (fsync instanceof FsyncPolicy.EveryRecord) {
      syncEveryRecords = 1;
      cursorEveryRecords = 1;
    } else if (fsync instanceof FsyncPolicy.EveryRecords every) {
      syncEveryRecords = every.count();
      cursorEveryRecords = every.count();
    } else {
      syncEveryRecords = 0;
      cursorEveryRecords = 0;
    }
    if (fsync instanceof FsyncPolicy.Interval interval) {
      cursorIntervalNanos = interval.period().toNanos();
      flusher =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "tracemark-queue-fsync " + directory.path());
                thread.setDaemon(true);
                return thread;
              });
      flusher.scheduleWithFixedDelay(
          this::flushInBackground, cursorIntervalNanos, cursorIntervalNanos, TimeUnit.NANOSECONDS);
    } else {
      cursorIntervalNanos = 0;
      flusher = null;
    }
  }

  /**
   * Opens the queue in {@code directory}, creating it if needed, after recovering what a crash left
   * (see the class description); {@link #recovery()} tells what was found.
   *
   * @throws CorruptQueueException if the files are damaged in a way no crash produces
   * @throws IOException if the directory cannot be read or is already open elsewhere
   */
  public static DiskQueue open(Path directory, QueueOptions options) throws IOException {
    return open(directory, options, SegmentChannels.FILE_SYSTEM);
  }

  static DiskQueue open(Path directory, QueueOptions options, SegmentChannels channels)
      throws IOException {
    if (directory == null || options == null) {
      throw new IllegalArgumentException("directory and options must not be null");
    }
    QueueDirectory locked = QueueDirectory.lock(directory);
    try {
      return new DiskQueue(locked, options, channels, Recovery.recover(locked, channels));
    } catch (IOException | RuntimeException e) {
      try {
        locked.close();
      } catch (IOException unlock) {
        e.addSuppressed(unlock);
      }
      throw e;
    }
  }

  /**
   * Stores {@code payload} as the newest record and returns its id. When this returns the record is
   * in the kernel's page cache, and on stable storage as far as {@link QueueOptions#fsync()} says.
   * The payload array is not kept.
   *
   * @throws IllegalArgumentException if the payload is over {@link QueueOptions#maxRecordBytes()}
   * @throws QueueFullException if the record would take the queue over {@link
   *     QueueOptions#maxBytes()}; nothing was written
   * @throws QueueWriteException if the file system failed; stored records are intact
   */
  public long append(byte[] payload) throws QueueFullException, IOException {
    if (payload == null) {
      throw new IllegalArgumentException("payload must not be null");
    }
    if (payload.length > options.maxRecordBytes()) {
      throw new IllegalArgumentException(
          "payload of "
              + payload.length
              + " bytes is over the queue's maxRecordBytes of "
              + options.maxRecordBytes());
    }
    int recordBytes = Segment.HEADER_BYTES + payload.length;
    appendLock.lock();
    try {
      checkOpen();
      if (writerFailure != null) {
        throw new QueueWriteException(
            "appends to "
                + directory.path()
                + " are refused until the queue is reopened, after: "
                + describe(writerFailure),
            active.file,
            active.size(),
            nextId,
            true,
            writerFailure);
      }
      long used = bytesOnDisk.get();
      if (used + recordBytes > options.maxBytes()) {
        throw new QueueFullException(
            directory.path(), recordBytes, used, options.maxBytes(), head, nextId);
      }
      long id = nextId;
      if (id == Long.MAX_VALUE) {
        throw new IllegalStateException("queue " + directory.path() + " has used up all ids");
      }
      Segment segment = active;
      if (segment.size() > 0 && segment.size() + recordBytes > options.segmentBytes()) {
        segment = roll(segment);
      }
      long offset = segment.size();
      encode(id, payload);
      try {
        segment.write(writeBuffer, offset);
      } catch (IOException e) {
        throw failedAppend(segment, offset, id, recordBytes, "write", e, false);
      }
      if (syncEveryRecords > 0 && id + 1 - syncedNextId >= syncEveryRecords) {
        try {
          segment.force();
        } catch (IOException e) {
          throw failedAppend(segment, offset, id, recordBytes, "fsync", e, syncedNextId < id);
        }
        syncedNextId = id + 1;
      }
      segment.added(offset, recordBytes);
      bytesOnDisk.addAndGet(recordBytes);
      // Publishes the record to readers, after its bytes and its place in the index.
      nextId = id + 1;
      return id;
    } finally {
      appendLock.unlock();
    }
  }

  private void encode(long id, byte[] payload) {
    headerView.put(0, Segment.MAGIC).putInt(1, payload.length).putLong(5, id);
    appendCrc.reset();
    appendCrc.update(header, 1, 12);
    appendCrc.update(payload, 0, payload.length);
    headerView.putInt(13, (int) appendCrc.getValue());
    writeBuffer.clear();
    writeBuffer.put(header).put(payload).flip();
  }

  // Producer side: fsyncs the full segment (only the newest may ever be torn) and starts the next.
  private Segment roll(Segment full) throws IOException {
    long id = nextId;
    if (syncedNextId < id) {
      try {
        full.force();
      } catch (IOException e) {
        writerFailure = e;
        throw new QueueWriteException(
            "could not fsync the full segment "
                + full.file
                + " before starting the next: "
                + describe(e)
                + "; records "
                + syncedNextId
                + ".."
                + (id - 1)
                + " may not be on disk, so appends are refused until the queue is reopened",
            full.file,
            full.size(),
            id,
            true,
            e);
      }
      syncedNextId = id;
    }
    Segment fresh;
    try {
      fresh = Recovery.createSegment(directory, channels, id);
    } catch (IOException e) {
      Path file = directory.segmentFile(id);
      throw new QueueWriteException(
          "could not create segment "
              + file
              + " for record "
              + id
              + ": "
              + describe(e)
              + "; records before "
              + id
              + " are intact and the next append tries again",
          file,
          0,
          id,
          false,
          e);
    }
    segments.add(fresh);
    active = fresh;
    return fresh;
  }

  private QueueWriteException failedAppend(
      Segment segment,
      long offset,
      long id,
      int recordBytes,
      String step,
      IOException cause,
      boolean acceptedRecordsAtRisk) {
    String what =
        "could not append record "
            + id
            + " ("
            + recordBytes
            + " bytes) to "
            + segment.file
            + " at offset "
            + offset
            + ", "
            + step
            + " failed: "
            + describe(cause);
    try {
      segment.channel.truncate(offset);
    } catch (IOException truncation) {
      cause.addSuppressed(truncation);
      writerFailure = cause;
      return new QueueWriteException(
          what
              + "; removing the partial record failed too ("
              + describe(truncation)
              + "), so appends are refused until the queue is reopened, which cuts it off;"
              + " records before "
              + id
              + " are intact",
          segment.file,
          offset,
          id,
          true,
          cause);
    }
    if (acceptedRecordsAtRisk) {
      writerFailure = cause;
      return new QueueWriteException(
          what
              + "; the partial record was removed, but records "
              + syncedNextId
              + ".."
              + (id - 1)
              + " were accepted before this fsync and may not be on disk, so appends are refused"
              + " until the queue is reopened",
          segment.file,
          offset,
          id,
          true,
          cause);
    }
    return new QueueWriteException(
        what
            + "; the partial record was removed, records before "
            + id
            + " are intact, and the next append gets id "
            + id,
        segment.file,
        offset,
        id,
        false,
        cause);
  }

  /**
   * Up to {@code maxRecords} unacknowledged records with ids from {@code fromId} on, oldest first.
   * Ids below the head are acknowledged and skipped, and so are ids acknowledged out of order;
   * nothing is removed by reading. Each payload is checked against its checksum.
   *
   * @throws CorruptQueueException if a record was damaged on disk after the queue was opened
   */
  public List<QueuedRecord> read(long fromId, int maxRecords) throws IOException {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be >= 1, got " + maxRecords);
    }
    consumeLock.lock();
    try {
      checkOpen();
      long end = nextId;
      long id = Math.max(fromId, acks.head());
      if (id >= end) {
        return List.of();
      }
      List<QueuedRecord> records = new ArrayList<>((int) Math.min(maxRecords, end - id));
      int index = segmentHolding(id);
      while (records.size() < maxRecords && id < end) {
        Segment segment = segments.get(index++);
        long segmentEnd =
            index < segments.size() ? Math.min(end, segments.get(index).firstId) : end;
        seek(segment, id);
        while (id < segmentEnd && records.size() < maxRecords) {
          boolean wanted = !acks.isAcknowledged(id);
          RecordScanner.Outcome outcome = readScanner.next(wanted);
          if (outcome != RecordScanner.Outcome.RECORD || readScanner.id() != id) {
            throw unreadable(segment, id, outcome);
          }
          if (wanted) {
            records.add(new QueuedRecord(id, readScanner.payload()));
          }
          id++;
        }
        resumeSegment = segment;
        resumeId = id;
        resumeOffset = readScanner.position();
      }
      return records;
    } finally {
      consumeLock.unlock();
    }
  }

  private int segmentHolding(long id) {
    int low = 0;
    int high = segments.size() - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (segments.get(middle).firstId <= id) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  private void seek(Segment segment, long id) throws IOException {
    if (segment == resumeSegment && id == resumeId) {
      readScanner.start(segment.channel, resumeOffset, segment.size());
      return;
    }
    readScanner.start(segment.channel, segment.indexedOffsetAtOrBefore(id), segment.size());
    for (long skipped = segment.indexedIdAtOrBefore(id); skipped < id; skipped++) {
      RecordScanner.Outcome outcome = readScanner.next(false);
      if (outcome != RecordScanner.Outcome.RECORD || readScanner.id() != skipped) {
        throw unreadable(segment, skipped, outcome);
      }
    }
  }

  private CorruptQueueException unreadable(
      Segment segment, long id, RecordScanner.Outcome outcome) {
    String reason =
        switch (outcome) {
          case DAMAGED -> readScanner.damage() + " where record " + id + " was read before";
          case END -> "the file ends before record " + id;
          case RECORD -> "found record " + readScanner.id() + " where record " + id + " belongs";
        };
    return new CorruptQueueException(segment.file, readScanner.recordOffset(), reason);
  }

  /**
   * Marks record {@code id} as delivered. The head advances once all records before it are
   * acknowledged too; acknowledging an id below the head again does nothing. The new head is
   * written to the cursor as {@link QueueOptions#fsync()} says, and always before a fully
   * acknowledged segment is deleted.
   *
   * @throws IllegalArgumentException if {@code id} was never appended
   * @throws IOException if the cursor could not be written or a segment not deleted; the
   *     acknowledgement itself is kept in memory, and the write is tried again with the next one
   */
  public void acknowledge(long id) throws IOException {
    consumeLock.lock();
    try {
      checkOpen();
      if (id >= nextId) {
        throw new IllegalArgumentException(
            "record " + id + " was never appended to " + directory.path() + "; next id " + nextId);
      }
      if (!acks.acknowledge(id)) {
        return;
      }
      long newHead = acks.head();
      head = newHead;
      boolean segmentDone = segments.size() > 1 && segments.get(1).firstId <= newHead;
      if (segmentDone || cursorDue(newHead)) {
        persistCursor(newHead);
      }
      if (segmentDone) {
        deleteAcknowledgedSegments();
      }
    } finally {
      consumeLock.unlock();
    }
  }

  private boolean cursorDue(long newHead) {
    return (cursorEveryRecords > 0 && newHead - persistedHead >= cursorEveryRecords)
        || (cursorIntervalNanos > 0
            && System.nanoTime() - cursorWrittenNanos >= cursorIntervalNanos);
  }

  private void persistCursor(long newHead) throws IOException {
    directory.writeCursor(newHead);
    persistedHead = newHead;
    cursorWrittenNanos = System.nanoTime();
  }

  // Publisher side: only segments whose every record is below the persisted head, so that no
  // restart can find the cursor pointing into a deleted segment. Never the newest segment.
  private void deleteAcknowledgedSegments() throws IOException {
    while (segments.size() > 1 && segments.get(1).firstId <= persistedHead) {
      Segment oldest = segments.get(0);
      oldest.channel.close();
      Files.deleteIfExists(oldest.file);
      segments.remove(0);
      bytesOnDisk.addAndGet(-oldest.size());
      if (resumeSegment == oldest) {
        resumeSegment = null;
      }
    }
  }

  /**
   * Forces every appended record and the current head to stable storage, whatever the {@link
   * FsyncPolicy}. For a relaxed policy before a planned power-off.
   */
  public void sync() throws IOException {
    appendLock.lock();
    try {
      checkOpen();
      if (writerFailure == null && syncedNextId < nextId) {
        try {
          active.force();
        } catch (IOException e) {
          writerFailure = e;
          throw new QueueWriteException(
              "fsync of "
                  + active.file
                  + " failed: "
                  + describe(e)
                  + "; records "
                  + syncedNextId
                  + ".."
                  + (nextId - 1)
                  + " may not be on disk, so appends are refused until the queue is reopened",
              active.file,
              active.size(),
              nextId,
              true,
              e);
        }
        syncedNextId = nextId;
      }
    } finally {
      appendLock.unlock();
    }
    consumeLock.lock();
    try {
      checkOpen();
      if (persistedHead != acks.head()) {
        persistCursor(acks.head());
      }
    } finally {
      consumeLock.unlock();
    }
  }

  // Interval policy: the only place the queue fsyncs without a caller. The fsync runs outside the
  // lock so that appends continue meanwhile.
  private void flushInBackground() {
    try {
      syncInBackground();
      consumeLock.lock();
      try {
        if (!closed && persistedHead != acks.head()) {
          persistCursor(acks.head());
        }
      } catch (IOException e) {
        // A stale cursor only causes duplicates, and the next acknowledge() retries and reports.
      } finally {
        consumeLock.unlock();
      }
    } catch (RuntimeException e) {
      // Keep the schedule: an exception would silently cancel all later fsyncs.
    }
  }

  private void syncInBackground() {
    Segment segment;
    long target;
    appendLock.lock();
    try {
      if (closed || writerFailure != null || syncedNextId >= nextId) {
        return;
      }
      segment = active;
      target = nextId;
    } finally {
      appendLock.unlock();
    }
    try {
      segment.force();
    } catch (ClosedChannelException e) {
      return; // rolled over (which fsynced it) or closed
    } catch (IOException e) {
      appendLock.lock();
      try {
        if (!closed && writerFailure == null) {
          writerFailure =
              new IOException(
                  "background fsync of "
                      + segment.file
                      + " failed ("
                      + describe(e)
                      + "), records from "
                      + syncedNextId
                      + " on may not be on disk",
                  e);
        }
      } finally {
        appendLock.unlock();
      }
      return;
    }
    appendLock.lock();
    try {
      if (segment == active && syncedNextId < target) {
        syncedNextId = target;
      }
    } finally {
      appendLock.unlock();
    }
  }

  /** What {@link #open} found: records recovered, and the torn record it cut off, if any. */
  public RecoveryReport recovery() {
    return recovery;
  }

  /** The queue's directory. */
  public Path directory() {
    return directory.path();
  }

  /** The options the queue was opened with. */
  public QueueOptions options() {
    return options;
  }

  /** The oldest unacknowledged id; after a restart, reading resumes here. */
  public long head() {
    return head;
  }

  /** The id the next append gets. */
  public long nextId() {
    return nextId;
  }

  /** Records appended and not yet acknowledged (out-of-order acknowledgements count as done). */
  public long pending() {
    consumeLock.lock();
    try {
      return nextId - acks.head() - acks.aheadCount();
    } finally {
      consumeLock.unlock();
    }
  }

  /** Bytes of segment files, the figure {@link QueueOptions#maxBytes()} limits. */
  public long bytesOnDisk() {
    return bytesOnDisk.get();
  }

  /** Whether not even an empty record fits under {@link QueueOptions#maxBytes()}. */
  public boolean isFull() {
    return bytesOnDisk.get() + RECORD_OVERHEAD_BYTES > options.maxBytes();
  }

  /**
   * fsyncs appended records and writes the head to the cursor (so nothing acknowledged is
   * replayed), then releases the directory. Calling it again does nothing.
   */
  @Override
  public void close() throws IOException {
    if (flusher != null) {
      // Not shutdownNow(): interrupting an fsync would close the segment's channel.
      flusher.shutdown();
      try {
        flusher.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    appendLock.lock();
    consumeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      IOException failure = null;
      if (writerFailure == null && syncedNextId < nextId) {
        try {
          active.force();
        } catch (IOException e) {
          failure = e;
        }
      }
      if (persistedHead != acks.head()) {
        try {
          directory.writeCursor(acks.head());
        } catch (IOException e) {
          failure = addTo(failure, e);
        }
      }
      for (Segment segment : segments) {
        try {
          segment.channel.close();
        } catch (IOException e) {
          failure = addTo(failure, e);
        }
      }
      try {
        directory.close();
      } catch (IOException e) {
        failure = addTo(failure, e);
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      consumeLock.unlock();
      appendLock.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("queue " + directory.path() + " is closed");
    }
  }

  private static IOException addTo(IOException first, IOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private static String describe(IOException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  @Override
  public String toString() {
    return "DiskQueue[" + directory.path() + ", head " + head + ", next " + nextId + "]";
  }
}
