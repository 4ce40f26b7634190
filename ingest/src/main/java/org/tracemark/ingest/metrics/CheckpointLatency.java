package org.tracemark.ingest.metrics;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Measures publish → in a signed checkpoint: the sequencer reports each append (first index, the
 * receive and device times of its entries), the ledger reports each checkpoint it publishes, and
 * every entry the checkpoint newly covers is timed. Bounded: if checkpoints stall, the oldest
 * appends are forgotten (the metric is a measurement, never a reason to run out of memory).
 */
public final class CheckpointLatency {

  private static final int MAX_PENDING = 16_384;

  private record Batch(long first, long[] received, long[] device) {}

  private final IngestMetrics metrics;
  private final Deque<Batch> pending = new ArrayDeque<>();

  public CheckpointLatency(IngestMetrics metrics) {
    this.metrics = metrics;
  }

  /** Entries {@code first .. first + received.length - 1} are durable in the log. */
  public synchronized void appended(long first, long[] received, long[] device) {
    pending.addLast(new Batch(first, received, device));
    while (pending.size() > MAX_PENDING) {
      pending.removeFirst();
    }
  }

  /** A checkpoint for {@code size} entries was published at {@code nowMillis}. */
  public synchronized void published(long size, long nowMillis) {
    while (!pending.isEmpty() && pending.peekFirst().first < size) {
      Batch batch = pending.peekFirst();
      int covered = (int) Math.min(batch.received.length, size - batch.first);
      for (int i = 0; i < covered; i++) {
        metrics.checkpointed(batch.received[i], batch.device[i], nowMillis);
      }
      pending.removeFirst();
      if (covered < batch.received.length) {
        // Split: the rest waits for the next checkpoint.
        int rest = batch.received.length - covered;
        long[] r = new long[rest];
        long[] d = new long[rest];
        System.arraycopy(batch.received, covered, r, 0, rest);
        System.arraycopy(batch.device, covered, d, 0, rest);
        pending.addFirst(new Batch(batch.first + covered, r, d));
        break;
      }
    }
  }
}
