package org.tracemark.edge.publish;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The in-memory stand-in for the agent's disk queue: ids from 0, acknowledgements in any order, the
 * head over the contiguous acknowledged prefix. Counts repeated acknowledgements, which the
 * publisher must never make for one delivery.
 */
final class MemoryOutbox implements Outbox {

  private final List<byte[]> records = new ArrayList<>();
  private final BitSet acknowledged = new BitSet();
  private long head;
  private long repeatedAcknowledgements;

  /** A payload that carries its record id in its first 8 bytes, padded to a reading's size. */
  static byte[] payload(long id) {
    return ByteBuffer.allocate(200).putLong(id).array();
  }

  static long idOf(byte[] payload) {
    return ByteBuffer.wrap(payload).getLong();
  }

  /** Appends {@code count} payloads for ids nextId() … nextId() + count - 1. */
  synchronized MemoryOutbox fill(int count) {
    for (int i = 0; i < count; i++) {
      append(payload(records.size()));
    }
    return this;
  }

  synchronized long append(byte[] payload) {
    records.add(payload);
    return records.size() - 1L;
  }

  @Override
  public synchronized List<OutboxRecord> read(long fromId, int max) {
    List<OutboxRecord> out = new ArrayList<>();
    for (long id = Math.max(0, fromId); id < records.size() && out.size() < max; id++) {
      out.add(new OutboxRecord(id, records.get((int) id)));
    }
    return out;
  }

  @Override
  public synchronized void acknowledge(long id) {
    if (id < 0 || id >= records.size()) {
      throw new IllegalArgumentException("no record " + id);
    }
    if (acknowledged.get((int) id)) {
      repeatedAcknowledgements++;
    }
    acknowledged.set((int) id);
    while (head < records.size() && acknowledged.get((int) head)) {
      head++;
    }
  }

  @Override
  public synchronized long head() {
    return head;
  }

  synchronized long nextId() {
    return records.size();
  }

  synchronized long pending() {
    return records.size() - acknowledged.cardinality();
  }

  synchronized long repeatedAcknowledgements() {
    return repeatedAcknowledgements;
  }
}
