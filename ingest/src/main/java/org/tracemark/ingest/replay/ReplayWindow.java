package org.tracemark.ingest.replay;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.ReadingId;

/**
 * The stateful rules of signed-reading v1 for messages that passed verification: is this {@code
 * (dev, boot, seq)} range new, a duplicate (same range, same bytes: a QoS 1 redelivery), an
 * equivocation (any of its sequence numbers already taken by different bytes) or stale (below the
 * window, where that can no longer be told)?
 *
 * <p>Per device and boot it keeps the high-water mark (highest sequence number accepted) and the
 * {@code window} most recent accepted ranges (messages: a batch of 100 readings is one), so
 * out-of-order arrival within the window (an agent's in-flight window, messages spread over several
 * ingest connections, a replay after reconnect) is handled exactly. The window counts messages, not
 * sequence numbers, because in-flight windows and reordering are counted in messages: a window of
 * sequence numbers would be 100 times too short for 100-reading batches. Below the floor (the last
 * sequence number of the newest range forgotten) it cannot tell a duplicate from an equivocation,
 * and says stale. The last {@value #BOOTS_KEPT} boots of a device are kept: an agent drains the
 * previous boot's queue after a restart. Not thread-safe: one instance per partition of devices.
 *
 * <p>Checking and recording are separate, because a message is recorded only once its outcome is
 * durable; {@link #check} changes nothing.
 */
public final class ReplayWindow {

  /** Boots kept per device; an older boot is stale. */
  public static final int BOOTS_KEPT = 4;

  /** What {@link #check} decided. */
  public enum Decision {
    NEW,
    DUPLICATE,
    EQUIVOCATION,
    STALE
  }

  private record Range(long first, long last, byte[] digest) {}

  private static final class Boot {
    final long boot;
    long highWater = -1;
    long floor = -1; // last seq of the newest range forgotten: at or below it, stale
    final NavigableMap<Long, Range> ranges = new TreeMap<>();

    Boot(long boot) {
      this.boot = boot;
    }
  }

  private final int window;
  private final Map<DeviceId, Deque<Boot>> devices = new HashMap<>();

  /**
   * @param window accepted ranges (messages) remembered per boot, at least 1
   */
  public ReplayWindow(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, not " + window);
    }
    this.window = window;
  }

  /**
   * The decision for a message carrying {@code count} readings from {@code first}, whose bytes hash
   * to {@code digest} (e.g. SHA-256 of the message).
   */
  public Decision check(ReadingId first, int count, byte[] digest) {
    long last = first.seq() + count - 1L;
    Deque<Boot> boots = devices.get(first.dev());
    if (boots == null) {
      return Decision.NEW;
    }
    Boot boot = find(boots, first.boot());
    if (boot == null) {
      // Not kept: new if newer than the oldest boot kept (or fewer are kept), else stale.
      return boots.size() < BOOTS_KEPT || first.boot() > boots.peekLast().boot
          ? Decision.NEW
          : Decision.STALE;
    }
    if (first.seq() <= boot.floor) {
      return Decision.STALE;
    }
    Map.Entry<Long, Range> overlap = boot.ranges.floorEntry(last);
    if (overlap == null || overlap.getValue().last < first.seq()) {
      return Decision.NEW;
    }
    Range range = overlap.getValue();
    return range.first == first.seq() && range.last == last && Arrays.equals(range.digest, digest)
        ? Decision.DUPLICATE
        : Decision.EQUIVOCATION;
  }

  /** Records a message whose {@link Decision#NEW} outcome is now durable. */
  public void record(ReadingId first, int count, byte[] digest) {
    long last = first.seq() + count - 1L;
    Deque<Boot> boots = devices.computeIfAbsent(first.dev(), d -> new ArrayDeque<>());
    Boot boot = find(boots, first.boot());
    if (boot == null) {
      boot = new Boot(first.boot());
      insertByBoot(boots, boot);
      while (boots.size() > BOOTS_KEPT) {
        boots.removeLast(); // the oldest
      }
    }
    boot.ranges.put(first.seq(), new Range(first.seq(), last, digest.clone()));
    boot.highWater = Math.max(boot.highWater, last);
    // Forget the oldest ranges beyond the window; what they covered is stale from now on.
    while (boot.ranges.size() > window) {
      boot.floor = Math.max(boot.floor, boot.ranges.pollFirstEntry().getValue().last);
    }
  }

  /** The highest sequence number accepted for a device's boot, or -1. */
  public long highWater(DeviceId device, long boot) {
    Deque<Boot> boots = devices.get(device);
    Boot found = boots == null ? null : find(boots, boot);
    return found == null ? -1 : found.highWater;
  }

  /** The highest sequence number of a device's boot at or below which messages are stale, or -1. */
  public long floor(DeviceId device, long boot) {
    Deque<Boot> boots = devices.get(device);
    Boot found = boots == null ? null : find(boots, boot);
    return found == null ? -1 : found.floor;
  }

  /** Ranges remembered over all devices (what the window costs in memory). */
  public long rangesKept() {
    return devices.values().stream().flatMap(Deque::stream).mapToLong(b -> b.ranges.size()).sum();
  }

  private static Boot find(Deque<Boot> boots, long boot) {
    for (Boot b : boots) {
      if (b.boot == boot) {
        return b;
      }
    }
    return null;
  }

  /** Newest boot first. */
  private static void insertByBoot(Deque<Boot> boots, Boot boot) {
    Deque<Boot> newer = new ArrayDeque<>();
    while (!boots.isEmpty() && boots.peekFirst().boot > boot.boot) {
      newer.addLast(boots.pollFirst());
    }
    boots.addFirst(boot);
    while (!newer.isEmpty()) {
      boots.addFirst(newer.pollLast());
    }
  }
}
