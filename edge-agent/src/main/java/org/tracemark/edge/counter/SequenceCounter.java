package org.tracemark.edge.counter;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.ReadingId;

/**
 * Hands out the reading ids of one boot: {@code (dev, boot, 0)}, {@code (dev, boot, 1)}, … with no
 * gaps and no repeats, from any number of threads.
 *
 * <p>Kept in memory only: the sequence restarts at 0 on every start, which is safe because every
 * start has a new boot number (see {@link BootCounter}).
 */
public final class SequenceCounter {

  private final DeviceId dev;
  private final long boot;
  private final AtomicLong nextSeq = new AtomicLong();

  private SequenceCounter(DeviceId dev, long boot) {
    if (dev == null) {
      throw new IllegalArgumentException("device must not be null");
    }
    if (boot < 0) {
      throw new IllegalArgumentException("boot must be >= 0, got " + boot);
    }
    this.dev = dev;
    this.boot = boot;
  }

  /** A counter for a boot number already recorded with {@link BootCounter#recordStart()}. */
  public static SequenceCounter forBoot(DeviceId dev, long boot) {
    return new SequenceCounter(dev, boot);
  }

  /** Records a new start in {@code bootCounter} and returns the counter for that boot. */
  public static SequenceCounter startBoot(DeviceId dev, BootCounter bootCounter)
      throws IOException, CorruptBootCounterException {
    return new SequenceCounter(dev, bootCounter.recordStart());
  }

  /** The id for the next single reading. */
  public ReadingId next() {
    return reserve(1);
  }

  /**
   * Reserves {@code count} consecutive ids for a batch and returns the first; reading {@code i} of
   * the batch is {@code first.plus(i)}.
   *
   * @throws IllegalStateException if the boot has run out of sequence numbers (restart the agent)
   */
  public ReadingId reserve(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a reservation is at least 1 reading, got " + count);
    }
    long first =
        nextSeq.getAndUpdate(
            seq -> {
              if (seq > Long.MAX_VALUE - count) {
                throw new IllegalStateException(
                    "boot " + boot + " of " + dev + " has no " + count + " sequence numbers left");
              }
              return seq + count;
            });
    return ReadingId.of(dev, boot, first);
  }

  /** How many sequence numbers have been handed out so far this boot. */
  public long issued() {
    return nextSeq.get();
  }

  public DeviceId device() {
    return dev;
  }

  public long boot() {
    return boot;
  }
}
