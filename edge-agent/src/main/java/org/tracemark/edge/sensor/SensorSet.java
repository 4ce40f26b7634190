package org.tracemark.edge.sensor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sensors of one device, sampled together: one measurement map per sample, as the {@code m} of
 * a reading. Two sources may not report the same measurement.
 */
public final class SensorSet implements SensorSource {

  private final List<SensorSource> sources;

  private SensorSet(List<SensorSource> sources) {
    this.sources = List.copyOf(sources);
  }

  /** Combines {@code sources}; at least one. */
  public static SensorSet of(List<SensorSource> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("a sensor set needs at least one source");
    }
    return new SensorSet(sources);
  }

  /** Combines {@code sources}; at least one. */
  public static SensorSet of(SensorSource... sources) {
    return of(List.of(sources));
  }

  /**
   * One sample of every source, by measurement name.
   *
   * @throws IllegalStateException if two sources report the same measurement, or one reports a
   *     value that is not finite
   */
  @Override
  public Map<String, Double> sample(Instant at) {
    Map<String, Double> out = new TreeMap<>();
    for (SensorSource source : sources) {
      for (Map.Entry<String, Double> e : source.sample(at).entrySet()) {
        if (!Double.isFinite(e.getValue())) {
          throw new IllegalStateException(e.getKey() + " is not finite at " + at);
        }
        if (out.put(e.getKey(), e.getValue()) != null) {
          throw new IllegalStateException("two sensors report " + e.getKey());
        }
      }
    }
    return out;
  }
}
