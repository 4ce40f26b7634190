package org.tracemark.edge.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any sequence of appends, acknowledgements (in any order), reads, reopens and kills, checked after
 * every step against a model: the payloads appended and the ids acknowledged.
 */
class DiskQueuePropertyTest {

  // Small segments and a small bound, so that sequences roll segments, delete them and run full.
  private static final QueueOptions OPTIONS = new QueueOptions(2048, 512, FsyncPolicy.NEVER, 120);

  @TempDir Path temp;
  private int examples;
  private int copies;

  @Test
  void readOrderIsKeptAndNoUnacknowledgedRecordIsEverLost() {
    // Each example does real file I/O; a bounded shrink keeps a failure report under a minute.
    qt().withExamples(200)
        .withShrinkCycles(100)
        .forAll(lists().of(integers().between(0, 999)).ofSizeBetween(1, 80))
        .describedAs(DiskQueuePropertyTest::describe)
        .checkAssert(this::check);
  }

  private void check(List<Integer> operations) {
    Path directory = temp.resolve("example-" + examples++);
    Map<Long, byte[]> appended = new HashMap<>();
    NavigableSet<Long> acknowledged = new TreeSet<>();
    long nextId = 0;
    try {
      DiskQueue queue = DiskQueue.open(directory, OPTIONS);
      try {
        for (int operation : operations) {
          long head = head(acknowledged, nextId);
          if (operation < 500) {
            int size = operation % 121;
            byte[] payload = Arrays.copyOf(Payloads.of(nextId, 8 + size), size);
            try {
              assertThat(queue.append(payload)).isEqualTo(nextId);
              appended.put(nextId++, payload);
            } catch (QueueFullException e) {
              assertThat(queue.bytesOnDisk() + DiskQueue.RECORD_OVERHEAD_BYTES + size)
                  .isGreaterThan(OPTIONS.maxBytes());
            }
          } else if (operation < 800) {
            List<Long> outstanding = outstanding(acknowledged, head, nextId);
            if (!outstanding.isEmpty()) {
              long id = outstanding.get(operation % outstanding.size());
              queue.acknowledge(id);
              acknowledged.add(id);
            } else if (nextId > 0) {
              queue.acknowledge(operation % nextId); // a repeat: changes nothing
            }
          } else if (operation < 850) {
            // The files as a SIGKILL at this instant would leave them: the page cache survives.
            assertNothingUnacknowledgedIsLostIn(
                copy(directory), outstanding(acknowledged, head, nextId), appended, nextId);
          } else if (operation < 900) {
            queue.close();
            queue = DiskQueue.open(directory, OPTIONS);
            assertThat(queue.recovery().tornTail()).isEmpty();
            // Acknowledgements ahead of the head are not persisted: those records come back.
            acknowledged.removeIf(id -> id >= head);
          } else {
            long from = head + operation % (nextId - head + 1);
            int max = 1 + operation % 7;
            assertThat(queue.read(from, max))
                .isEqualTo(
                    records(outstanding(acknowledged, from, nextId), appended).stream()
                        .limit(max)
                        .toList());
          }

          List<Long> outstanding = outstanding(acknowledged, 0, nextId);
          assertThat(queue.head()).as("head").isEqualTo(head(acknowledged, nextId));
          assertThat(queue.nextId()).as("next id").isEqualTo(nextId);
          assertThat(queue.pending()).as("pending").isEqualTo(outstanding.size());
          assertThat(Payloads.readAll(queue))
              .as("every unacknowledged record, in order")
              .isEqualTo(records(outstanding, appended));
          assertThat(queue.bytesOnDisk())
              .isEqualTo(segmentBytes(directory))
              .isLessThanOrEqualTo(OPTIONS.maxBytes());
        }
      } finally {
        queue.close();
      }
      deleteRecursively(temp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Thousands of examples run while shrinking a failure; keep their files from piling up.
  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        if (!file.equals(root)) {
          Files.delete(file);
        }
      }
    }
  }

  private void assertNothingUnacknowledgedIsLostIn(
      Path killed, List<Long> outstanding, Map<Long, byte[]> appended, long nextId)
      throws IOException {
    try (DiskQueue queue = DiskQueue.open(killed, OPTIONS)) {
      assertThat(queue.recovery().tornTail()).isEmpty();
      assertThat(queue.nextId()).isEqualTo(nextId);
      List<QueuedRecord> replayed = Payloads.readAll(queue);
      // A stale cursor replays acknowledged records too: duplicates, never loss.
      assertThat(replayed).containsAll(records(outstanding, appended));
      assertThat(Payloads.ids(replayed))
          .isEqualTo(LongStream.range(queue.head(), nextId).boxed().toList());
    }
  }

  private Path copy(Path directory) throws IOException {
    Path copy = temp.resolve("killed-" + examples + "-" + copies++);
    Files.createDirectories(copy);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    return copy;
  }

  private static long head(NavigableSet<Long> acknowledged, long nextId) {
    long head = 0;
    while (head < nextId && acknowledged.contains(head)) {
      head++;
    }
    return head;
  }

  private static List<Long> outstanding(NavigableSet<Long> acknowledged, long from, long nextId) {
    List<Long> ids = new ArrayList<>();
    for (long id = from; id < nextId; id++) {
      if (!acknowledged.contains(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static List<QueuedRecord> records(List<Long> ids, Map<Long, byte[]> appended) {
    return ids.stream().map(id -> new QueuedRecord(id, appended.get(id))).toList();
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

  private static String describe(List<Integer> operations) {
    return operations.stream()
        .map(
            operation -> {
              if (operation < 500) {
                return "append(" + operation % 121 + " bytes)";
              } else if (operation < 800) {
                return "ack(#" + operation + ")";
              } else if (operation < 850) {
                return "kill";
              } else if (operation < 900) {
                return "reopen";
              }
              return "read(" + operation + ")";
            })
        .collect(Collectors.joining(", "));
  }
}
