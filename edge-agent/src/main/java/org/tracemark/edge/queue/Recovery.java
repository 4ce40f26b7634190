package org.tracemark.edge.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Opens a queue directory as a crash left it: validates every record of every segment, cuts a torn
 * record off the end of the newest segment, and refuses anything else that is damaged. Segments are
 * only changed once everything checked out, so a refusal leaves them as they were.
 *
 * <p>A missing cursor with segments present means "replay everything stored": that is what deleting
 * the cursor by hand asks for, and it loses nothing.
 */
final class Recovery {

  /** The validated state to open the queue with; {@code segments} is never empty. */
  record Result(List<Segment> segments, long head, long nextId, RecoveryReport report) {}

  private final QueueDirectory directory;
  private final SegmentChannels channels;
  private final RecordScanner scanner = new RecordScanner();
  private final List<Segment> segments = new ArrayList<>();

  private Recovery(QueueDirectory directory, SegmentChannels channels) {
    this.directory = directory;
    this.channels = channels;
  }

  static Result recover(QueueDirectory directory, SegmentChannels channels) throws IOException {
    Recovery recovery = new Recovery(directory, channels);
    try {
      return recovery.run();
    } catch (IOException | RuntimeException | Error e) {
      recovery.closeAll(e);
      throw e;
    }
  }

  private Result run() throws IOException {
    directory.removeTempCursor();
    OptionalLong cursor = directory.readCursor();
    List<Path> files = directory.segmentFiles();
    if (files.isEmpty()) {
      long start = cursor.orElse(0);
      if (cursor.isEmpty()) {
        // From now on the cursor always exists, so a deleted oldest segment is noticed (the head
        // would point before the first segment) even before the first acknowledgement.
        directory.writeCursor(start);
      }
      segments.add(createSegment(directory, channels, start));
      return new Result(
          segments, start, start, new RecoveryReport(1, 0, start, start, Optional.empty()));
    }
    long oldest = QueueDirectory.firstId(files.get(0));
    long head = cursor.orElse(oldest);
    if (head < oldest) {
      throw new CorruptQueueException(
          files.get(0),
          0,
          "the oldest segment starts with id "
              + oldest
              + " but the cursor "
              + directory.cursorFile()
              + " says records from "
              + head
              + " on are unacknowledged: records "
              + head
              + ".."
              + (oldest - 1)
              + " are missing");
    }

    long expectedId = oldest;
    long found = 0;
    Optional<RecoveryReport.TornTail> torn = Optional.empty();
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      boolean newest = i == files.size() - 1;
      long firstId = QueueDirectory.firstId(file);
      if (firstId != expectedId) {
        throw new CorruptQueueException(
            file,
            0,
            "segment starts with id "
                + firstId
                + " but the previous one ends before id "
                + expectedId
                + (firstId > expectedId
                    ? ": records " + expectedId + ".." + (firstId - 1) + " are missing"
                    : ": the two overlap"));
      }
      FileChannel channel = channels.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Segment segment = new Segment(file, firstId, channel);
      segments.add(segment);
      long size = channel.size();
      if (size > Integer.MAX_VALUE) {
        throw new CorruptQueueException(
            file, Integer.MAX_VALUE, size + " bytes, more than a segment can hold");
      }
      scanner.start(channel, 0, size);
      while (true) {
        RecordScanner.Outcome outcome = scanner.next(true);
        if (outcome == RecordScanner.Outcome.END) {
          break;
        }
        long offset = scanner.recordOffset();
        if (outcome == RecordScanner.Outcome.RECORD) {
          if (scanner.id() != expectedId) {
            throw new CorruptQueueException(
                file,
                offset,
                "intact record with id " + scanner.id() + " where id " + expectedId + " belongs");
          }
          segment.added(offset, Segment.HEADER_BYTES + scanner.length());
          expectedId++;
          found++;
          continue;
        }
        String damage = scanner.damage();
        if (!newest) {
          throw new CorruptQueueException(
              file,
              offset,
              damage
                  + " at the record that should have id "
                  + expectedId
                  + ", in a segment followed by "
                  + files.get(i + 1).getFileName()
                  + " (only the newest segment can be torn by a crash)");
        }
        long intact =
            scanner.findIntactRecord(
                offset + 1, expectedId, expectedId + (size - offset) / Segment.HEADER_BYTES);
        if (intact >= 0) {
          throw new CorruptQueueException(
              file,
              offset,
              damage
                  + " at the record that should have id "
                  + expectedId
                  + ", but an intact record (id "
                  + scanner.id()
                  + ") follows at offset "
                  + intact
                  + ", so this is damage, not a write cut off by a crash");
        }
        torn =
            Optional.of(
                new RecoveryReport.TornTail(file, offset, size - offset, expectedId, damage));
        break;
      }
    }

    // Everything checked out; only now change files.
    if (torn.isPresent()) {
      Segment newest = segments.get(segments.size() - 1);
      newest.channel.truncate(torn.get().offset());
      newest.force();
    }
    long nextId = expectedId;
    if (head > nextId) {
      // Acknowledged records that never reached the disk (a power cut under a relaxed fsync
      // policy): they were delivered, so nothing is missing, but their ids must not be reused
      // for other records. Start over at the head.
      deleteSegmentsBefore(segments.size());
      segments.add(createSegment(directory, channels, head));
      nextId = head;
    } else {
      int acknowledged = 0;
      while (acknowledged + 1 < segments.size() && segments.get(acknowledged + 1).firstId <= head) {
        acknowledged++;
      }
      // Left over by a crash between writing the cursor and deleting them.
      deleteSegmentsBefore(acknowledged);
    }
    return new Result(
        segments, head, nextId, new RecoveryReport(segments.size(), found, head, nextId, torn));
  }

  private void deleteSegmentsBefore(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      Segment segment = segments.remove(0);
      segment.channel.close();
      Files.delete(segment.file);
    }
  }

  /** Creates an empty segment whose first record will be {@code firstId}; durable on return. */
  static Segment createSegment(QueueDirectory directory, SegmentChannels channels, long firstId)
      throws IOException {
    Path file = directory.segmentFile(firstId);
    FileChannel channel =
        channels.open(
            file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      directory.sync();
    } catch (IOException e) {
      channel.close();
      try {
        Files.deleteIfExists(file);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return new Segment(file, firstId, channel);
  }

  private void closeAll(Throwable failure) {
    for (Segment segment : segments) {
      try {
        segment.channel.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
