package org.tracemark.edge.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.tracemark.edge.queue.Payloads.assertIntact;
import static org.tracemark.edge.queue.Payloads.ids;
import static org.tracemark.edge.queue.Payloads.readAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskQueueTest {

  // 100-byte payloads make 117-byte records, 8 to a 1 KiB segment.
  private static final int PAYLOAD = 100;
  private static final int RECORD = PAYLOAD + DiskQueue.RECORD_OVERHEAD_BYTES;
  private static final QueueOptions SMALL =
      new QueueOptions(64 << 10, 1024, FsyncPolicy.EVERY_RECORD, 200);

  @TempDir Path directory;

  @Test
  void readsReturnAppendedRecordsInOrderWithoutRemovingThem() throws Exception {
    try (DiskQueue queue = DiskQueue.open(directory, SMALL)) {
      for (long i = 0; i < 20; i++) {
        assertThat(queue.append(Payloads.of(i, PAYLOAD))).isEqualTo(i);
      }
      List<QueuedRecord> first = queue.read(0, 5);
      assertThat(ids(first)).containsExactly(0L, 1L, 2L, 3L, 4L);
      first.forEach(Payloads::assertIntact);
      assertThat(ids(queue.read(5, 3))).containsExactly(5L, 6L, 7L);
      assertThat(queue.read(0, 2)).as("reading does not remove").isEqualTo(first.subList(0, 2));
      assertThat(ids(queue.read(17, 100))).containsExactly(17L, 18L, 19L);
      assertThat(queue.read(20, 100)).isEmpty();
      assertThat(queue.pending()).isEqualTo(20);
      assertThat(queue.nextId()).isEqualTo(20);
      assertThat(queue.head()).isZero();
    }
  }

  @Test
  void idsContinueAcrossReopenAndUnacknowledgedRecordsAreReplayed() throws Exception {
    try (DiskQueue queue = DiskQueue.open(directory, SMALL)) {
      for (long i = 0; i < 30; i++) {
        queue.append(Payloads.of(i, PAYLOAD));
      }
      for (long i = 0; i < 12; i++) {
        queue.acknowledge(i);
      }
    }
    try (DiskQueue queue = DiskQueue.open(directory, SMALL)) {
      assertThat(queue.recovery().tornTail()).isEmpty();
      assertThat(queue.recovery().head()).isEqualTo(12);
      assertThat(queue.recovery().unacknowledged()).isEqualTo(18);
      List<QueuedRecord> replayed = readAll(queue);
      assertThat(ids(replayed)).isEqualTo(LongStream.range(12, 30).boxed().toList());
      replayed.forEach(Payloads::assertIntact);
      assertThat(queue.append(Payloads.of(30, PAYLOAD))).isEqualTo(30);
    }
    try (DiskQueue queue = DiskQueue.open(directory, SMALL)) {
      assertThat(queue.nextId()).isEqualTo(31);
      assertThat(ids(readAll(queue))).isEqualTo(LongStream.range(12, 31).boxed().toList());
    }
  }

  @Test
  void outOfOrderAcknowledgementsMoveTheHeadOnlyOverTheContiguousPrefix() throws Exception {
    try (DiskQueue queue = DiskQueue.open(directory, SMALL)) {
      for (long i = 0; i < 10; i++) {
        queue.append(Payloads.of(i, PAYLOAD));
      }
      queue.acknowledge(2);
      queue.acknowledge(3);
      queue.acknowledge(5);
      assertThat(queue.head()).isZero();
      assertThat(queue.pending()).isEqualTo(7);
      assertThat(ids(queue.read(0, 100)))
          .as("acknowledged records are not read again")
          .containsExactly(0L, 1L, 4L, 6L, 7L, 8L, 9L);
      queue.acknowledge(0);
      assertThat(queue.head()).isEqualTo(1);
      queue.acknowledge(1);
      assertThat(queue.head()).isEqualTo(4);
      queue.acknowledge(3);
      assertThat(queue.head()).as("a repeated acknowledgement changes nothing").isEqualTo(4);
      assertThat(queue.pending()).isEqualTo(5);
    }
    try (DiskQueue queue = DiskQueue.open(directory, SMALL)) {
      assertThat(queue.head()).isEqualTo(4);
      assertThat(ids(readAll(queue)))
          .as("5 was acknowledged ahead of the head, so a restart sends it again")
          .containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
    }
  }

  @Test
  void aSegmentIsDeletedOnceAllItsRecordsAreAcknowledged() throws Exception {
    try (DiskQueue queue = DiskQueue.open(directory, SMALL)) {
      for (long i = 0; i < 20; i++) {
        queue.append(Payloads.of(i, PAYLOAD));
      }
      assertThat(segmentNames())
          .containsExactly(
              "00000000000000000000.seg", "00000000000000000008.seg", "00000000000000000016.seg");
      assertThat(queue.bytesOnDisk()).isEqualTo(20L * RECORD);
      for (long i = 1; i < 8; i++) {
        queue.acknowledge(i);
      }
      assertThat(segmentNames()).as("record 0 is still out").hasSize(3);
      queue.acknowledge(0);
      assertThat(segmentNames())
          .containsExactly("00000000000000000008.seg", "00000000000000000016.seg");
      assertThat(queue.bytesOnDisk()).isEqualTo(12L * RECORD);
      for (long i = 8; i < 20; i++) {
        queue.acknowledge(i);
      }
      assertThat(segmentNames())
          .as("the segment being written stays")
          .containsExactly("00000000000000000016.seg");
      assertThat(queue.pending()).isZero();
      assertThat(queue.read(0, 10)).isEmpty();
    }
    try (DiskQueue queue = DiskQueue.open(directory, SMALL)) {
      assertThat(queue.pending()).isZero();
      assertThat(queue.append(Payloads.of(20, PAYLOAD))).isEqualTo(20);
    }
  }

  @Test
  void aFullQueueRefusesAppendsUntilAcknowledgementsFreeASegment() throws Exception {
    QueueOptions bounded = new QueueOptions(4096, 1024, FsyncPolicy.EVERY_RECORD, 200);
    try (DiskQueue queue = DiskQueue.open(directory, bounded)) {
      long id = 0;
      while (true) {
        try {
          queue.append(Payloads.of(id, PAYLOAD));
          id++;
        } catch (QueueFullException e) {
          assertThat(e.recordBytes()).isEqualTo(RECORD);
          assertThat(e.maxBytes()).isEqualTo(4096);
          assertThat(e.bytesOnDisk()).isEqualTo(queue.bytesOnDisk()).isGreaterThan(4096 - RECORD);
          assertThat(e).hasMessageContaining("over the limit of 4096");
          break;
        }
      }
      assertThat(id).isEqualTo(4096 / RECORD);
      assertThat(queue.nextId()).as("a refused append uses no id").isEqualTo(id);
      assertThat(queue.bytesOnDisk()).isLessThanOrEqualTo(4096);

      for (long i = 0; i < 7; i++) {
        queue.acknowledge(i);
      }
      long full = id;
      assertThatThrownBy(() -> queue.append(Payloads.of(full, PAYLOAD)))
          .as("space comes back a whole segment at a time")
          .isInstanceOf(QueueFullException.class);
      queue.acknowledge(7);
      assertThat(queue.append(Payloads.of(id, PAYLOAD))).isEqualTo(id);
      assertThat(ids(readAll(queue))).isEqualTo(LongStream.rangeClosed(8, id).boxed().toList());
    }
  }

  @Test
  void anyRecordOfALargeSegmentCanBeReadDirectly() throws Exception {
    // Hundreds of records per segment, read newest first so that every read seeks afresh.
    QueueOptions options = new QueueOptions(1 << 20, 64 << 10, FsyncPolicy.NEVER, 100);
    int total = 1000;
    try (DiskQueue queue = DiskQueue.open(directory, options)) {
      for (long i = 0; i < total; i++) {
        queue.append(Payloads.of(i, 8 + (int) (i % 41)));
      }
      assertThat(segmentNames()).hasSize(1);
      assertEachRecordReadableAlone(queue, total);
    }
    try (DiskQueue queue = DiskQueue.open(directory, options)) {
      assertEachRecordReadableAlone(queue, total);
    }
  }

  private static void assertEachRecordReadableAlone(DiskQueue queue, int total) throws Exception {
    for (long id = total - 1; id >= 0; id--) {
      List<QueuedRecord> read = queue.read(id, 1);
      assertThat(ids(read)).containsExactly(id);
      assertIntact(read.get(0));
    }
  }

  @Test
  void payloadsOverTheLimitAreRefused() throws Exception {
    try (DiskQueue queue = DiskQueue.open(directory, SMALL)) {
      assertThatThrownBy(() -> queue.append(new byte[201]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("201 bytes")
          .hasMessageContaining("200");
      assertThat(queue.append(new byte[200])).isZero();
      assertThat(queue.append(new byte[0])).isEqualTo(1);
      assertThat(queue.read(1, 1).get(0).payload()).isEmpty();
    }
  }

  @Test
  void acknowledgingAnIdNeverAppendedIsAnError() throws Exception {
    try (DiskQueue queue = DiskQueue.open(directory, SMALL)) {
      queue.append(Payloads.of(0, PAYLOAD));
      assertThatThrownBy(() -> queue.acknowledge(1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("record 1 was never appended");
    }
  }

  @Test
  void aDirectoryCanBeOpenedByOneQueueAtATime() throws Exception {
    try (DiskQueue queue = DiskQueue.open(directory, SMALL)) {
      assertThatThrownBy(() -> DiskQueue.open(directory, SMALL))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("already open");
      queue.append(Payloads.of(0, PAYLOAD));
    }
    try (DiskQueue queue = DiskQueue.open(directory, SMALL)) {
      assertThat(queue.pending()).isEqualTo(1);
    }
  }

  @Test
  void aClosedQueueRefusesWork() throws Exception {
    DiskQueue queue = DiskQueue.open(directory, SMALL);
    queue.close();
    queue.close();
    assertThatThrownBy(() -> queue.append(new byte[1])).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> queue.read(0, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void optionsThatCouldNeverFreeSpaceAreRejected() {
    assertThatThrownBy(() -> new QueueOptions(1500, 1024, FsyncPolicy.NEVER, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least twice segmentBytes");
    assertThatThrownBy(() -> new QueueOptions(1 << 20, 100, FsyncPolicy.NEVER, 100))
        .hasMessageContaining("segmentBytes must be 117..");
    assertThat(QueueOptions.of(1L << 30))
        .isEqualTo(
            new QueueOptions(
                1L << 30,
                QueueOptions.DEFAULT_SEGMENT_BYTES,
                FsyncPolicy.EVERY_RECORD,
                QueueOptions.DEFAULT_MAX_RECORD_BYTES));
  }

  @Test
  void eachFsyncPolicyForcesWhatItPromises() throws Exception {
    assertThat(forcesAfterTenAppends(FsyncPolicy.EVERY_RECORD)).isEqualTo(10);
    assertThat(forcesAfterTenAppends(FsyncPolicy.everyRecords(4))).isEqualTo(2);
    assertThat(forcesAfterTenAppends(FsyncPolicy.NEVER)).isZero();

    FaultyChannels channels = new FaultyChannels();
    QueueOptions options = SMALL.withFsync(FsyncPolicy.interval(Duration.ofMillis(20)));
    try (DiskQueue queue = DiskQueue.open(directory.resolve("interval"), options, channels)) {
      queue.append(Payloads.of(0, PAYLOAD));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(channels.forces.get()).as("the background fsync").isEqualTo(1));
    }
  }

  private int forcesAfterTenAppends(FsyncPolicy policy) throws Exception {
    FaultyChannels channels = new FaultyChannels();
    Path queueDirectory = directory.resolve(policy.toString());
    try (DiskQueue queue = DiskQueue.open(queueDirectory, SMALL.withFsync(policy), channels)) {
      for (long i = 0; i < 10; i++) {
        queue.append(Payloads.of(i, 10));
      }
      return channels.forces.get();
    }
  }

  @Test
  void aProducerAndAPublisherWorkConcurrently() throws Exception {
    int total = 3000;
    QueueOptions options = new QueueOptions(1 << 20, 2048, FsyncPolicy.NEVER, 200);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (DiskQueue queue = DiskQueue.open(directory, options)) {
      Future<?> producer =
          threads.submit(
              () -> {
                for (long i = 0; i < total; i++) {
                  while (true) {
                    try {
                      assertThat(queue.append(Payloads.of(i, 8 + (int) (i % 150)))).isEqualTo(i);
                      break;
                    } catch (QueueFullException e) {
                      Thread.onSpinWait(); // the publisher is behind; it frees space soon
                    }
                  }
                }
                return null;
              });
      Future<List<Long>> publisher =
          threads.submit(
              () -> {
                List<Long> received = new ArrayList<>();
                Random random = new Random(7);
                long next = 0;
                while (next < total) {
                  List<QueuedRecord> window = queue.read(next, 1 + random.nextInt(40));
                  for (QueuedRecord record : window) {
                    assertIntact(record);
                    received.add(record.id());
                  }
                  List<QueuedRecord> acks = new ArrayList<>(window);
                  Collections.shuffle(acks, random);
                  for (QueuedRecord record : acks) {
                    queue.acknowledge(record.id());
                  }
                  if (!window.isEmpty()) {
                    next = window.get(window.size() - 1).id() + 1;
                  }
                }
                return received;
              });
      producer.get(20, TimeUnit.SECONDS);
      assertThat(publisher.get(20, TimeUnit.SECONDS))
          .isEqualTo(LongStream.range(0, total).boxed().toList());
      assertThat(queue.head()).isEqualTo(total);
      assertThat(queue.pending()).isZero();
      assertThat(segmentNames()).hasSize(1);
    } finally {
      threads.shutdownNow();
    }
  }

  private List<String> segmentNames() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".seg"))
          .sorted()
          .toList();
    }
  }
}
