package org.tracemark.edge.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Payloads whose content follows from an id, so any record read back can be checked. */
final class Payloads {

  private Payloads() {}

  /** {@code size} bytes (at least 8): the id, then bytes derived from it. */
  static byte[] of(long id, int size) {
    ByteBuffer buffer = ByteBuffer.allocate(Math.max(8, size));
    buffer.putLong(id);
    while (buffer.hasRemaining()) {
      buffer.put((byte) (id * 31 + buffer.position()));
    }
    return buffer.array();
  }

  /** Checks that {@code record} holds {@link #of(long, int)} for its own id. */
  static void assertIntact(QueuedRecord record) {
    assertThat(record.payload())
        .as("payload of record %d", record.id())
        .isEqualTo(of(record.id(), record.payload().length));
  }

  /** Every unacknowledged record, oldest first. */
  static List<QueuedRecord> readAll(DiskQueue queue) throws IOException {
    List<QueuedRecord> all = new ArrayList<>();
    long from = 0;
    while (true) {
      List<QueuedRecord> batch = queue.read(from, 100);
      if (batch.isEmpty()) {
        return all;
      }
      all.addAll(batch);
      from = batch.get(batch.size() - 1).id() + 1;
    }
  }

  static List<Long> ids(List<QueuedRecord> records) {
    return records.stream().map(QueuedRecord::id).toList();
  }
}
