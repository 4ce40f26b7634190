package org.tracemark.edge.sensor;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A peak-hold accelerometer: each sample is the largest acceleration beyond gravity since the
 * previous one. Standing still that is a few thousandths of a g; moving, the transport's vibration
 * (a truck more than a ship) — always well under 1 g. Handling (a crane lift, a forklift, a pallet
 * put down) gives a spike of {@value #MIN_SPIKE_G}–{@value #MAX_SPIKE_G} g in the sample whose
 * interval contains it, and only there.
 */
public final class ShockSensor implements SensorSource {

  static final double MIN_SPIKE_G = 1.5;
  static final double MAX_SPIKE_G = 6.0;
  private static final double STANDING_G = 0.004;

  private final Function<Instant, Optional<Transport>> transport;
  private final long[] handling;
  private final long intervalMs;
  private final Noise noise;
  private final Noise spikes;

  /**
   * @param transport how the sensor is moving at each instant
   * @param handling when the goods are handled
   * @param interval the sampling interval: a sample at t reports the peak over (t - interval, t]
   */
  public ShockSensor(
      Function<Instant, Optional<Transport>> transport,
      List<Instant> handling,
      Duration interval,
      Noise noise) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    this.transport = transport;
    this.handling = handling.stream().mapToLong(Instant::toEpochMilli).sorted().toArray();
    this.intervalMs = interval.toMillis();
    this.noise = noise.derive("shock");
    this.spikes = this.noise.derive("spike");
  }

  /** The handling event reported by the sample at {@code t}, if any. */
  public Optional<Instant> handlingIn(Instant t) {
    long ms = t.toEpochMilli();
    int i = Arrays.binarySearch(handling, ms);
    int last = i >= 0 ? lastIndexOf(i) : -i - 2;
    if (last >= 0 && handling[last] > ms - intervalMs) {
      return Optional.of(Instant.ofEpochMilli(handling[last]));
    }
    return Optional.empty();
  }

  @Override
  public Map<String, Double> sample(Instant at) {
    Optional<Instant> event = handlingIn(at);
    if (event.isPresent()) {
      double u = spikes.uniform(event.get().toEpochMilli());
      return Map.of(SHOCK, MIN_SPIKE_G + (MAX_SPIKE_G - MIN_SPIKE_G) * u);
    }
    double sd = transport.apply(at).map(Transport::vibrationG).orElse(STANDING_G);
    return Map.of(SHOCK, Math.abs(sd * noise.gaussian(at.toEpochMilli())));
  }

  private int lastIndexOf(int i) {
    while (i + 1 < handling.length && handling[i + 1] == handling[i]) {
      i++;
    }
    return i;
  }
}
