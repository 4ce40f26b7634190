package org.tracemark.keys.reading;

import java.util.List;
import org.tracemark.keys.device.DeviceId;

/**
 * The payload of a signed reading v1 (DESIGN §2): who ({@code dev}), which boot and sequence, when
 * it was signed, and what was observed — one observation, or for a {@code batch} 1 to 1,000 of
 * them, observation {@code i} having sequence {@code seq + i}.
 *
 * @param first {@code (dev, boot, seq)} of the first (or only) observation
 * @param ts the payload's top-level {@code ts}: when the device signed it
 * @param kind {@code sensor}, {@code scan} or {@code batch}
 * @param observations the observation of a single reading (its ts and kind equal the reading's), or
 *     a batch's {@code r}
 */
public record Reading(ReadingId first, long ts, ReadingKind kind, List<Observation> observations) {

  public static final int FORMAT_VERSION = 1;
  public static final int MAX_BATCH = 1000;

  public Reading {
    if (first == null || kind == null) {
      throw new IllegalArgumentException("a reading needs an id and a kind");
    }
    if (ts < 0) {
      throw new IllegalArgumentException("ts must be >= 0, got " + ts);
    }
    observations = List.copyOf(observations);
    if (kind == ReadingKind.BATCH) {
      if (observations.isEmpty() || observations.size() > MAX_BATCH) {
        throw new IllegalArgumentException(
            "a batch holds 1-" + MAX_BATCH + " readings, not " + observations.size());
      }
      first.plus(observations.size() - 1L); // throws if the last sequence number overflows
    } else {
      if (observations.size() != 1) {
        throw new IllegalArgumentException("a " + kind + " reading holds exactly one observation");
      }
      Observation only = observations.get(0);
      if (only.kind() != kind || only.ts() != ts) {
        throw new IllegalArgumentException("a single reading's observation has its kind and ts");
      }
    }
  }

  /** A single sensor or scan reading. */
  public static Reading single(ReadingId id, Observation observation) {
    return new Reading(id, observation.ts(), observation.kind(), List.of(observation));
  }

  /** A batch signed at {@code ts}. */
  public static Reading batch(ReadingId first, long ts, List<Observation> observations) {
    return new Reading(first, ts, ReadingKind.BATCH, observations);
  }

  public DeviceId device() {
    return first.dev();
  }

  /** How many readings this message carries: 1, or the batch size. */
  public int count() {
    return observations.size();
  }

  /** The id of the last reading: {@code first} for a single one, {@code seq + count - 1}. */
  public ReadingId last() {
    return first.plus(count() - 1L);
  }
}
