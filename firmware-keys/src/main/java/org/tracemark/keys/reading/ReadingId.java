package org.tracemark.keys.reading;

import java.util.Comparator;
import org.tracemark.keys.device.DeviceId;

/**
 * What makes a reading unique (DESIGN §2): device, boot counter, sequence number within the boot.
 *
 * <p>Ingest deduplicates and detects equivocation on this triple, so it must be exactly the {@code
 * (dev, boot, seq)} of the payload. {@code boot} and {@code seq} are CBOR uints on the wire and
 * longs here; values of 2^63 and above are not representable and are rejected.
 *
 * <p>Ordered by device, then boot, then sequence: the order a device produces readings in.
 */
public record ReadingId(DeviceId dev, long boot, long seq) implements Comparable<ReadingId> {

  private static final Comparator<ReadingId> ORDER =
      Comparator.comparing(ReadingId::dev)
          .thenComparingLong(ReadingId::boot)
          .thenComparingLong(ReadingId::seq);

  public ReadingId {
    if (dev == null) {
      throw new IllegalArgumentException("reading id needs a device");
    }
    if (boot < 0) {
      throw new IllegalArgumentException("boot counter must be >= 0, got " + boot + " for " + dev);
    }
    if (seq < 0) {
      throw new IllegalArgumentException("sequence must be >= 0, got " + seq + " for " + dev);
    }
  }

  public static ReadingId of(DeviceId dev, long boot, long seq) {
    return new ReadingId(dev, boot, seq);
  }

  /**
   * The id {@code offset} readings later in the same boot; reading {@code i} of a batch that starts
   * at this id is {@code plus(i)}.
   *
   * @throws IllegalArgumentException if {@code offset} is negative or the sequence would overflow
   */
  public ReadingId plus(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
    if (seq > Long.MAX_VALUE - offset) {
      throw new IllegalArgumentException(
          "sequence " + seq + " + " + offset + " overflows for " + dev + " boot " + boot);
    }
    return new ReadingId(dev, boot, seq + offset);
  }

  /** The next reading of the same boot. */
  public ReadingId next() {
    return plus(1);
  }

  @Override
  public int compareTo(ReadingId other) {
    return ORDER.compare(this, other);
  }

  /** {@code dev/boot/seq}, e.g. {@code silo-7/3/41}; unambiguous since ids contain no slash. */
  @Override
  public String toString() {
    return dev.value() + "/" + boot + "/" + seq;
  }
}
