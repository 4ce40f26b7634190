package org.tracemark.edge.queue;

import java.util.BitSet;

/**
 * The acknowledged head and the acknowledgements that arrived ahead of it. MQTT QoS 1 acknowledges
 * an in-flight window in any order; the head only moves over a contiguous acknowledged prefix, so
 * that a restart replays every record that might not have arrived. Not thread-safe.
 */
final class Acknowledgements {

  // Past this many ids of stale bits below the head, the bit set is shifted down.
  private static final int COMPACT_AFTER = 1 << 16;

  private long head;
  private long base;
  // Bit i set: id base + i is acknowledged and above the head. Empty (and base == head) whenever
  // acknowledgements arrive in order, which keeps that path free of allocation.
  private BitSet ahead = new BitSet();
  private int aheadCount;

  Acknowledgements(long head) {
    this.head = head;
    this.base = head;
  }

  /** The oldest id not yet acknowledged. */
  long head() {
    return head;
  }

  /** Ids above the head that are acknowledged already. */
  int aheadCount() {
    return aheadCount;
  }

  boolean isAcknowledged(long id) {
    return id < head || (aheadCount > 0 && id - base < Integer.MAX_VALUE && ahead.get(bit(id)));
  }

  /**
   * Records that {@code id} arrived; the caller checked that it was handed out. Returns whether the
   * head moved.
   */
  boolean acknowledge(long id) {
    if (id < head) {
      return false;
    }
    if (id == head && aheadCount == 0) {
      head++;
      base = head;
      return true;
    }
    if (id - base >= Integer.MAX_VALUE) {
      throw new IllegalStateException(
          "acknowledgement of " + id + " is 2^31 ids ahead of the unacknowledged " + head);
    }
    if (ahead.get(bit(id))) {
      return false;
    }
    ahead.set(bit(id));
    aheadCount++;
    if (id != head) {
      return false;
    }
    while (aheadCount > 0 && ahead.get(bit(head))) {
      ahead.clear(bit(head));
      aheadCount--;
      head++;
    }
    if (aheadCount == 0) {
      base = head;
    } else if (head - base > COMPACT_AFTER) {
      ahead = ahead.get(bit(head), ahead.length());
      base = head;
    }
    return true;
  }

  private int bit(long id) {
    return (int) (id - base);
  }
}
