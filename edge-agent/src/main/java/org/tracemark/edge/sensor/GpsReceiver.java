package org.tracemark.edge.sensor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A GPS fix: the true position plus Gaussian error of {@code noiseMeters} per axis, or, during a
 * {@link Jump}, a position somewhere else entirely — what spoofing, a receiver fault or a tracker
 * moved to another box looks like: a teleport no truck or ship could make.
 */
public final class GpsReceiver implements SensorSource {

  /** During {@code window} the receiver reports positions around {@code to}. */
  public record Jump(TimeWindow window, GeoPoint to) {}

  private final Function<Instant, GeoPoint> truePosition;
  private final double noiseMeters;
  private final List<Jump> jumps;
  private final Noise north;
  private final Noise east;

  public GpsReceiver(
      Function<Instant, GeoPoint> truePosition, double noiseMeters, List<Jump> jumps, Noise noise) {
    if (!(noiseMeters >= 0) || noiseMeters > 10_000) {
      throw new IllegalArgumentException("GPS noise must be 0..10000 m, got " + noiseMeters);
    }
    this.truePosition = truePosition;
    this.noiseMeters = noiseMeters;
    this.jumps = List.copyOf(jumps);
    Noise gps = noise.derive("gps");
    this.north = gps.derive("north");
    this.east = gps.derive("east");
  }

  /** Whether a jump is in effect at {@code t}. */
  public boolean jumped(Instant t) {
    return jumps.stream().anyMatch(j -> j.window().contains(t));
  }

  /** The reported position at {@code t}. */
  public GeoPoint fix(Instant t) {
    GeoPoint p = truePosition.apply(t);
    for (Jump j : jumps) {
      if (j.window().contains(t)) {
        p = j.to();
      }
    }
    long ms = t.toEpochMilli();
    return p.offsetMeters(noiseMeters * north.gaussian(ms), noiseMeters * east.gaussian(ms));
  }

  @Override
  public Map<String, Double> sample(Instant at) {
    GeoPoint p = fix(at);
    return Map.of(LAT, p.lat(), LON, p.lon());
  }
}
