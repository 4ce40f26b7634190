package org.tracemark.edge.sensor.scenario;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the goods may be exposed to during a leg: allowed bands by measurement name, e.g. {@code
 * temperature} −25..−18 °C for frozen fish. A reading outside its band is an excursion — for
 * temperature, a cold-chain break.
 */
public record Limits(Map<String, Band> bands) {

  /** No limits at all. */
  public static final Limits NONE = new Limits(Map.of());

  /**
   * An allowed band; an open side is infinite.
   *
   * @param min lowest allowed value
   * @param max highest allowed value
   */
  public record Band(double min, double max) {
    public Band {
      if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
        throw new IllegalArgumentException("band min must not exceed max: " + min + ".." + max);
      }
    }

    public boolean allows(double v) {
      return v >= min && v <= max;
    }
  }

  public Limits {
    bands = Collections.unmodifiableMap(new TreeMap<>(bands));
  }

  public Optional<Band> band(String measurement) {
    return Optional.ofNullable(bands.get(measurement));
  }

  /** Whether {@code value} of {@code measurement} is allowed (always, if it has no band). */
  public boolean allows(String measurement, double value) {
    return band(measurement).map(b -> b.allows(value)).orElse(true);
  }
}
