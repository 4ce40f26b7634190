package org.tracemark.edge.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tracemark.edge.queue.Payloads.ids;
import static org.tracemark.edge.queue.Payloads.readAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a queue as a crash, a power cut or damage on disk left it. */
class RecoveryTest {

  // 40-byte payloads make 57-byte records, 7 to a 400-byte segment: after 10 appends, records 0..6
  // are in 00…00.seg and 7..9 in 00…07.seg, the last one at offset 114.
  private static final int PAYLOAD = 40;
  private static final int RECORD = PAYLOAD + DiskQueue.RECORD_OVERHEAD_BYTES;
  private static final QueueOptions OPTIONS =
      new QueueOptions(1 << 20, 400, FsyncPolicy.EVERY_RECORD, 100);
  private static final long LAST_OFFSET = 2 * RECORD;

  @TempDir Path directory;
  private Path oldest;
  private Path newest;

  @BeforeEach
  void tenRecordsInTwoSegments() throws Exception {
    appendRecords(10);
    oldest = segment(0);
    newest = segment(7);
    assertThat(newest).hasSize(3 * RECORD);
  }

  @Test
  void aRecordCutOffAtAnyByteIsTruncatedAndReported() throws Exception {
    byte[] intact = Files.readAllBytes(newest);
    for (int length = (int) LAST_OFFSET + 1; length < intact.length; length++) {
      Files.write(newest, Arrays.copyOf(intact, length));
      long cut = length;
      try (DiskQueue queue = DiskQueue.open(directory, OPTIONS)) {
        RecoveryReport report = queue.recovery();
        assertThat(report.tornTail())
            .as("cut to %d bytes", cut)
            .hasValueSatisfying(
                torn -> {
                  assertThat(torn.segment()).isEqualTo(newest);
                  assertThat(torn.offset()).isEqualTo(LAST_OFFSET);
                  assertThat(torn.bytesTruncated()).isEqualTo(cut - LAST_OFFSET);
                  assertThat(torn.recordId()).isEqualTo(9);
                  assertThat(torn.reason()).containsAnyOf("partial header", "partial record");
                });
        assertThat(report.recordsFound()).isEqualTo(9);
        assertThat(newest).hasSize(LAST_OFFSET);
        assertThat(ids(readAll(queue))).isEqualTo(LongStream.range(0, 9).boxed().toList());
        readAll(queue).forEach(Payloads::assertIntact);
        assertThat(queue.append(Payloads.of(9, 13))).as("the torn record's id").isEqualTo(9);
        assertThat(queue.append(Payloads.of(10, 13))).isEqualTo(10);
      }
      try (DiskQueue queue = DiskQueue.open(directory, OPTIONS)) {
        assertThat(queue.recovery().tornTail()).isEmpty();
        List<QueuedRecord> records = readAll(queue);
        assertThat(ids(records)).isEqualTo(LongStream.range(0, 11).boxed().toList());
        records.forEach(Payloads::assertIntact);
      }
    }
  }

  @Test
  void aCutExactlyBetweenRecordsIsNotDamage() throws Exception {
    Files.write(newest, Arrays.copyOf(Files.readAllBytes(newest), (int) LAST_OFFSET));
    try (DiskQueue queue = DiskQueue.open(directory, OPTIONS)) {
      assertThat(queue.recovery().tornTail()).isEmpty();
      assertThat(queue.nextId()).isEqualTo(9);
    }
  }

  @Test
  void anyChangedByteInTheLastRecordIsCaughtAndCutOff() throws Exception {
    byte[] intact = Files.readAllBytes(newest);
    for (int position = (int) LAST_OFFSET; position < intact.length; position++) {
      byte[] damaged = intact.clone();
      damaged[position] ^= 0x5a;
      Files.write(newest, damaged);
      boolean inPayload = position >= LAST_OFFSET + DiskQueue.RECORD_OVERHEAD_BYTES;
      try (DiskQueue queue = DiskQueue.open(directory, OPTIONS)) {
        assertThat(queue.recovery().tornTail())
            .as("byte %d changed", position)
            .hasValueSatisfying(
                torn -> {
                  assertThat(torn.offset()).isEqualTo(LAST_OFFSET);
                  assertThat(torn.bytesTruncated()).isEqualTo(RECORD);
                  if (inPayload) {
                    assertThat(torn.reason()).startsWith("checksum mismatch");
                  }
                });
        assertThat(ids(readAll(queue))).isEqualTo(LongStream.range(0, 9).boxed().toList());
        assertThat(queue.append(Payloads.of(9, PAYLOAD))).isEqualTo(9);
      }
      Files.write(newest, intact);
    }
  }

  @Test
  void damageInAnOlderSegmentIsRefusedNamingFileAndOffset() throws Exception {
    Map<Path, byte[]> before = contents();
    byte[] damaged = before.get(oldest).clone();
    damaged[2 * RECORD + 20] ^= 0x01; // payload of record 2
    Files.write(oldest, damaged);
    assertThatThrownBy(() -> DiskQueue.open(directory, OPTIONS))
        .isInstanceOfSatisfying(
            CorruptQueueException.class,
            e -> {
              assertThat(e.file()).isEqualTo(oldest);
              assertThat(e.offset()).isEqualTo(2 * RECORD);
              assertThat(e.reason())
                  .startsWith("checksum mismatch")
                  .contains("should have id 2")
                  .contains("only the newest segment can be torn");
              assertThat(e).hasMessageStartingWith(oldest + " at offset " + 2 * RECORD + ": ");
            });
    before.put(oldest, damaged);
    assertThat(contents()).as("nothing repaired or deleted").containsExactlyEntriesOf(before);
  }

  @Test
  void anOlderSegmentWithATornEndIsRefused() throws Exception {
    Files.write(oldest, Arrays.copyOf(Files.readAllBytes(oldest), 7 * RECORD - 5));
    assertThatThrownBy(() -> DiskQueue.open(directory, OPTIONS))
        .isInstanceOfSatisfying(
            CorruptQueueException.class,
            e -> {
              assertThat(e.file()).isEqualTo(oldest);
              assertThat(e.offset()).isEqualTo(6 * RECORD);
              assertThat(e.reason()).startsWith("partial record");
            });
  }

  @Test
  void damageInTheNewestSegmentWithIntactRecordsAfterItIsRefused() throws Exception {
    Map<Path, byte[]> before = contents();
    byte[] damaged = before.get(newest).clone();
    damaged[RECORD + 30] ^= 0x01; // payload of record 8, with record 9 intact after it
    Files.write(newest, damaged);
    assertThatThrownBy(() -> DiskQueue.open(directory, OPTIONS))
        .isInstanceOfSatisfying(
            CorruptQueueException.class,
            e -> {
              assertThat(e.file()).isEqualTo(newest);
              assertThat(e.offset()).isEqualTo(RECORD);
              assertThat(e.reason())
                  .contains("an intact record (id 9) follows at offset " + 2 * RECORD)
                  .contains("not a write cut off by a crash");
            });
    before.put(newest, damaged);
    assertThat(contents()).containsExactlyEntriesOf(before);
  }

  @Test
  void aMissingSegmentIsRefused() throws Exception {
    appendRecords(10); // records 10..19; segments 0, 7, 14
    Files.delete(segment(7));
    assertThatThrownBy(() -> DiskQueue.open(directory, OPTIONS))
        .isInstanceOfSatisfying(
            CorruptQueueException.class,
            e -> {
              assertThat(e.file()).isEqualTo(segment(14));
              assertThat(e.reason()).contains("records 7..13 are missing");
            });
  }

  @Test
  void aMissingOldestSegmentIsRefusedThoughNothingWasAcknowledged() throws Exception {
    Files.delete(oldest);
    assertThatThrownBy(() -> DiskQueue.open(directory, OPTIONS))
        .isInstanceOfSatisfying(
            CorruptQueueException.class,
            e -> {
              assertThat(e.file()).isEqualTo(newest);
              assertThat(e.reason()).contains("records 0..6 are missing");
            });
  }

  @Test
  void aDamagedCursorIsRefusedAndADeletedOneReplaysEverything() throws Exception {
    Path cursor = directory.resolve("cursor");
    String valid = Files.readString(cursor);
    assertThat(valid).startsWith("tracemark-queue-cursor 1\nhead 0\ncrc32c ");
    Files.writeString(cursor, valid.replace("head 0", "head 5"));
    assertThatThrownBy(() -> DiskQueue.open(directory, OPTIONS))
        .isInstanceOfSatisfying(
            CorruptQueueException.class,
            e -> {
              assertThat(e.file()).isEqualTo(cursor);
              assertThat(e.reason()).startsWith("checksum mismatch");
            });
    Files.writeString(cursor, "head 5\n");
    assertThatThrownBy(() -> DiskQueue.open(directory, OPTIONS))
        .isInstanceOf(CorruptQueueException.class)
        .hasMessageContaining("not in the cursor file format: \"head 5\\x0a\"");

    Files.delete(cursor);
    try (DiskQueue queue = DiskQueue.open(directory, OPTIONS)) {
      assertThat(queue.head()).isZero();
      assertThat(queue.pending()).isEqualTo(10);
    }
  }

  @Test
  void segmentsLeftBehindBetweenCursorWriteAndDeletionAreDeletedOnOpen() throws Exception {
    Files.write(directory.resolve("cursor"), QueueDirectory.formatCursor(8));
    Files.writeString(directory.resolve("cursor.tmp"), "tracemark-queue-cur");
    try (DiskQueue queue = DiskQueue.open(directory, OPTIONS)) {
      assertThat(queue.head()).isEqualTo(8);
      assertThat(ids(readAll(queue))).containsExactly(8L, 9L);
    }
    assertThat(oldest).doesNotExist();
    assertThat(directory.resolve("cursor.tmp")).doesNotExist();
  }

  @Test
  void acknowledgedRecordsLostInAPowerCutDoNotGiveTheirIdsToNewRecords() throws Exception {
    // Under a relaxed fsync policy records can be published and acknowledged, and the cursor
    // written, before the records themselves reach the disk.
    try (DiskQueue queue = DiskQueue.open(directory, OPTIONS)) {
      for (long i = 0; i < 10; i++) {
        queue.acknowledge(i);
      }
    }
    Files.write(newest, Arrays.copyOf(Files.readAllBytes(newest), RECORD));
    try (DiskQueue queue = DiskQueue.open(directory, OPTIONS)) {
      assertThat(queue.head()).isEqualTo(10);
      assertThat(queue.nextId()).isEqualTo(10);
      assertThat(queue.read(0, 10)).isEmpty();
      assertThat(queue.append(Payloads.of(10, PAYLOAD))).isEqualTo(10);
    }
    assertThat(contents().keySet()).containsExactly(segment(10));
  }

  private void appendRecords(int count) throws Exception {
    try (DiskQueue queue = DiskQueue.open(directory, OPTIONS)) {
      for (int i = 0; i < count; i++) {
        long id = queue.nextId();
        assertThat(queue.append(Payloads.of(id, PAYLOAD))).isEqualTo(id);
      }
    }
  }

  private Path segment(long firstId) {
    return directory.resolve(Segment.fileName(firstId));
  }

  private Map<Path, byte[]> contents() throws IOException {
    Map<Path, byte[]> contents = new TreeMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".seg")).toList()) {
        contents.put(file, Files.readAllBytes(file));
      }
    }
    return contents;
  }
}
