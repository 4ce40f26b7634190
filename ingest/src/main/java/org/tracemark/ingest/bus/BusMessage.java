package org.tracemark.ingest.bus;

import java.util.Objects;
import org.tracemark.keys.reading.ReadingId;

/**
 * A verified reading on its way from ingest to the sequencer: who and what it is ({@code first},
 * {@code count}), the device's message exactly as received, when the platform received it and the
 * device's clock of its (first) reading (for the latency metrics only: it is not trusted). Verified
 * means signature, key and topic checked; whether it is new, a duplicate or an equivocation is the
 * sequencer's decision, because only the sequencer sees every message of a device (N ingest
 * processes share one MQTT subscription).
 *
 * <p>The key a bus partitions by is {@code first.dev()}: a device's messages stay in order.
 */
public record BusMessage(
    ReadingId first, int count, byte[] message, long receivedAtMillis, long deviceMillis) {

  public BusMessage {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(message, "message");
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, not " + count);
    }
    if (receivedAtMillis < 0) {
      throw new IllegalArgumentException("receive time must be >= 0, not " + receivedAtMillis);
    }
  }

  /** The partition key: the device id. */
  public String key() {
    return first.dev().value();
  }
}
