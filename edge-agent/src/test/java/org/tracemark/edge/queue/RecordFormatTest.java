package org.tracemark.edge.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-disk format documented on {@link DiskQueue}, pinned by a segment written by an independent
 * implementation (Python, with a bitwise CRC-32C checked against the standard "123456789" check
 * value): records 42 ("reading 42"), 43 (empty) and 44 (bytes 0..255).
 */
class RecordFormatTest {

  private static final byte[][] PAYLOADS = {
    "reading 42".getBytes(StandardCharsets.US_ASCII), new byte[0], bytes0To255()
  };

  @TempDir Path directory;
  private byte[] golden;

  @BeforeEach
  void queueWhoseNextIdIs42() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("segment-42-three-records.seg")) {
      golden = in.readAllBytes();
    }
    Files.write(directory.resolve("cursor"), QueueDirectory.formatCursor(42));
  }

  @Test
  void appendsWriteTheDocumentedBytes() throws Exception {
    try (DiskQueue queue = DiskQueue.open(directory, QueueOptions.of(1 << 20))) {
      for (int i = 0; i < PAYLOADS.length; i++) {
        assertThat(queue.append(PAYLOADS[i])).isEqualTo(42 + i);
      }
    }
    assertThat(Files.readAllBytes(directory.resolve("00000000000000000042.seg"))).isEqualTo(golden);
  }

  @Test
  void readsRecordsWrittenByAnotherImplementation() throws Exception {
    Files.write(directory.resolve("00000000000000000042.seg"), golden);
    try (DiskQueue queue = DiskQueue.open(directory, QueueOptions.of(1 << 20))) {
      assertThat(queue.recovery().recordsFound()).isEqualTo(3);
      assertThat(queue.recovery().tornTail()).isEmpty();
      assertThat(queue.read(0, 10))
          .containsExactly(
              new QueuedRecord(42, PAYLOADS[0]),
              new QueuedRecord(43, PAYLOADS[1]),
              new QueuedRecord(44, PAYLOADS[2]));
      assertThat(queue.nextId()).isEqualTo(45);
    }
  }

  private static byte[] bytes0To255() {
    byte[] bytes = new byte[256];
    IntStream.range(0, 256).forEach(i -> bytes[i] = (byte) i);
    return bytes;
  }
}
