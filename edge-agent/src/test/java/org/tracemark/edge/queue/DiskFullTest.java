package org.tracemark.edge.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.tracemark.edge.queue.Payloads.ids;
import static org.tracemark.edge.queue.Payloads.readAll;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends that the file system refuses part-way. On Linux as root the first test fills a real 256
 * KiB tmpfs; the others inject the failures a real disk can produce but tmpfs cannot (a full disk
 * reported by fsync, as with delayed allocation; a truncate that fails too).
 */
class DiskFullTest {

  private static final QueueOptions OPTIONS =
      new QueueOptions(16 << 20, 16 << 10, FsyncPolicy.EVERY_RECORD, 4096);

  @TempDir Path temp;

  @Test
  void aFullFileSystemLeavesStoredRecordsIntactAndAppendsResumeWhenSpaceIsFreed() throws Exception {
    Path mountPoint = temp.resolve("small-disk");
    Files.createDirectories(mountPoint);
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint.toString()),
        "needs Linux and permission to mount a tmpfs (root)");
    try {
      // Another program's file on the same disk; deleting it later is how space comes back.
      Path other = mountPoint.resolve("other-program.log");
      Files.write(other, new byte[64 << 10]);
      Path directory = mountPoint.resolve("queue");
      long stored;
      try (DiskQueue queue = DiskQueue.open(directory, OPTIONS)) {
        QueueWriteException failure = null;
        // Odd sizes, so the disk runs out in the middle of a record.
        for (long id = 0; failure == null; id++) {
          try {
            assertThat(queue.append(Payloads.of(id, 3001))).isEqualTo(id);
          } catch (QueueWriteException e) {
            failure = e;
          }
        }
        stored = queue.nextId();
        assertThat(stored).as("records that fit").isGreaterThan(30);
        assertThat(failure)
            .hasMessageContaining("No space left on device")
            .hasMessageContaining("could not append record " + stored)
            .hasMessageContaining("the partial record was removed");
        assertThat(failure.writerDisabled()).isFalse();
        assertThat(failure.recordId()).isEqualTo(stored);
        assertThat(queue.bytesOnDisk()).isEqualTo(stored * (3001 + 17));
        assertThat(segmentBytes(directory)).as("no partial record").isEqualTo(queue.bytesOnDisk());
        List<QueuedRecord> records = readAll(queue);
        assertThat(ids(records)).isEqualTo(LongStream.range(0, stored).boxed().toList());
        records.forEach(Payloads::assertIntact);

        Files.delete(other);
        assertThat(queue.append(Payloads.of(stored, 3001))).isEqualTo(stored);
        for (long id = 0; id <= stored; id++) {
          queue.acknowledge(id);
        }
        assertThat(queue.pending()).isZero();
        assertThat(queue.bytesOnDisk()).isLessThan(16 << 10);
      }
      try (DiskQueue queue = DiskQueue.open(directory, OPTIONS)) {
        assertThat(queue.recovery().tornTail()).isEmpty();
        assertThat(queue.nextId()).isEqualTo(stored + 1);
      }
    } finally {
      assertThat(run("umount", mountPoint.toString())).as("unmounted").isTrue();
    }
  }

  @Test
  void aWriteThatRunsOutOfSpacePartWayIsRemovedAgain() throws Exception {
    FaultyChannels disk = new FaultyChannels();
    Path directory = temp.resolve("queue");
    try (DiskQueue queue = DiskQueue.open(directory, OPTIONS, disk)) {
      for (long id = 0; id < 5; id++) {
        queue.append(Payloads.of(id, 1000));
      }
      disk.freeBytes.set(400);
      assertThatThrownBy(() -> queue.append(Payloads.of(5, 1000)))
          .isInstanceOfSatisfying(
              QueueWriteException.class,
              e -> {
                assertThat(e.writerDisabled()).isFalse();
                assertThat(e.file()).isEqualTo(directory.resolve(Segment.fileName(0)));
                assertThat(e.offset()).isEqualTo(5 * 1017);
                assertThat(e)
                    .hasMessage(
                        "could not append record 5 (1017 bytes) to "
                            + e.file()
                            + " at offset 5085, write failed: No space left on device; the"
                            + " partial record was removed, records before 5 are intact, and the"
                            + " next append gets id 5");
              });
      assertThat(directory.resolve(Segment.fileName(0))).hasSize(5 * 1017);
      assertThat(ids(readAll(queue))).containsExactly(0L, 1L, 2L, 3L, 4L);

      disk.freeBytes.set(Long.MAX_VALUE);
      assertThat(queue.append(Payloads.of(5, 1000))).isEqualTo(5);
    }
    try (DiskQueue queue = DiskQueue.open(directory, OPTIONS)) {
      assertThat(queue.recovery().tornTail()).isEmpty();
      List<QueuedRecord> records = readAll(queue);
      assertThat(ids(records)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
      records.forEach(Payloads::assertIntact);
    }
  }

  @Test
  void aFullDiskReportedByFsyncRemovesTheRecord() throws Exception {
    FaultyChannels disk = new FaultyChannels();
    Path directory = temp.resolve("queue");
    try (DiskQueue queue = DiskQueue.open(directory, OPTIONS, disk)) {
      queue.append(Payloads.of(0, 1000));
      disk.failForce = true;
      assertThatThrownBy(() -> queue.append(Payloads.of(1, 1000)))
          .isInstanceOfSatisfying(
              QueueWriteException.class, e -> assertThat(e.writerDisabled()).isFalse())
          .hasMessageContaining("fsync failed: No space left on device")
          .hasMessageContaining("the next append gets id 1");
      assertThat(directory.resolve(Segment.fileName(0))).hasSize(1017);
      disk.failForce = false;
      assertThat(queue.append(Payloads.of(1, 1000))).isEqualTo(1);
    }
  }

  @Test
  void aFailedFsyncOfRecordsAlreadyHandedOutStopsAppendsUntilReopened() throws Exception {
    FaultyChannels disk = new FaultyChannels();
    Path directory = temp.resolve("queue");
    QueueOptions batched = OPTIONS.withFsync(FsyncPolicy.everyRecords(4));
    try (DiskQueue queue = DiskQueue.open(directory, batched, disk)) {
      for (long id = 0; id < 3; id++) {
        queue.append(Payloads.of(id, 100));
      }
      disk.failForce = true;
      assertThatThrownBy(() -> queue.append(Payloads.of(3, 100)))
          .isInstanceOfSatisfying(
              QueueWriteException.class, e -> assertThat(e.writerDisabled()).isTrue())
          .hasMessageContaining("records 0..2 were accepted before this fsync");
      disk.failForce = false;
      assertThatThrownBy(() -> queue.append(Payloads.of(3, 100)))
          .isInstanceOf(QueueWriteException.class)
          .hasMessageContaining("refused until the queue is reopened");
      assertThat(ids(readAll(queue))).as("reads go on").containsExactly(0L, 1L, 2L);
      queue.acknowledge(0);
    }
    try (DiskQueue queue = DiskQueue.open(directory, batched)) {
      assertThat(ids(readAll(queue))).containsExactly(1L, 2L);
      assertThat(queue.append(Payloads.of(3, 100))).isEqualTo(3);
    }
  }

  @Test
  void aPartialRecordThatCannotBeRemovedIsCutOffOnReopen() throws Exception {
    FaultyChannels disk = new FaultyChannels();
    Path directory = temp.resolve("queue");
    try (DiskQueue queue = DiskQueue.open(directory, OPTIONS, disk)) {
      queue.append(Payloads.of(0, 1000));
      queue.append(Payloads.of(1, 1000));
      disk.freeBytes.set(300);
      disk.failTruncate = true;
      assertThatThrownBy(() -> queue.append(Payloads.of(2, 1000)))
          .isInstanceOfSatisfying(
              QueueWriteException.class, e -> assertThat(e.writerDisabled()).isTrue())
          .hasMessageContaining("removing the partial record failed too (Input/output error)");
      assertThat(directory.resolve(Segment.fileName(0))).hasSize(2 * 1017 + 300);
      assertThat(ids(readAll(queue)))
          .as("the partial record is never read")
          .containsExactly(0L, 1L);
    }
    try (DiskQueue queue = DiskQueue.open(directory, OPTIONS)) {
      assertThat(queue.recovery().tornTail())
          .hasValueSatisfying(
              torn -> {
                assertThat(torn.offset()).isEqualTo(2 * 1017);
                assertThat(torn.bytesTruncated()).isEqualTo(300);
              });
      assertThat(ids(readAll(queue))).containsExactly(0L, 1L);
      assertThat(queue.append(Payloads.of(2, 1000))).isEqualTo(2);
    }
  }

  private static long segmentBytes(Path directory) throws IOException {
    long total = 0;
    try (DirectoryStream<Path> segments = Files.newDirectoryStream(directory, "*.seg")) {
      for (Path segment : segments) {
        total += Files.size(segment);
      }
    }
    return total;
  }

  private static boolean run(String... command) throws IOException, InterruptedException {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return false;
    }
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return false; // no such program
    }
    process.getInputStream().transferTo(System.err);
    return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
  }
}
