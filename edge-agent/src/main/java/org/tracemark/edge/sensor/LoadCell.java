package org.tracemark.edge.sensor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Load cells under a silo, a bin or a hopper: the stored mass follows a profile of points joined by
 * straight lines (trucks or a ship filling it, a mill or a train draining it; put two points close
 * together for a step), read with Gaussian noise. A cell never reports less than 0 kg.
 */
public final class LoadCell implements SensorSource {

  /** The stored mass {@code kg} at {@code at}. */
  public record Point(Instant at, double kg) {
    public Point {
      if (!(kg >= 0) || !Double.isFinite(kg)) {
        throw new IllegalArgumentException("mass must be finite and >= 0 kg, got " + kg);
      }
    }
  }

  private final List<Point> profile;
  private final double noiseKg;
  private final Noise noise;

  /**
   * @param profile at least one point; sorted by time here
   * @param noiseKg standard deviation of the reading, kg
   */
  public LoadCell(List<Point> profile, double noiseKg, Noise noise) {
    if (profile.isEmpty()) {
      throw new IllegalArgumentException("a mass profile needs at least one point");
    }
    if (!(noiseKg >= 0)) {
      throw new IllegalArgumentException("noise must be >= 0 kg");
    }
    List<Point> sorted = new ArrayList<>(profile);
    sorted.sort(Comparator.comparing(Point::at));
    this.profile = List.copyOf(sorted);
    this.noiseKg = noiseKg;
    this.noise = noise.derive("mass");
  }

  /** The stored mass at {@code t} without noise, kg. */
  public double expectedKg(Instant t) {
    Point first = profile.get(0);
    if (!t.isAfter(first.at())) {
      return first.kg();
    }
    for (int i = 1; i < profile.size(); i++) {
      Point b = profile.get(i);
      if (!t.isAfter(b.at())) {
        Point a = profile.get(i - 1);
        double span = Duration.between(a.at(), b.at()).toMillis();
        double f = span == 0 ? 1 : Duration.between(a.at(), t).toMillis() / span;
        return a.kg() + (b.kg() - a.kg()) * f;
      }
    }
    return profile.get(profile.size() - 1).kg();
  }

  @Override
  public Map<String, Double> sample(Instant at) {
    double v = expectedKg(at) + noiseKg * noise.gaussian(at.toEpochMilli());
    return Map.of(MASS, Math.max(0, v));
  }
}
