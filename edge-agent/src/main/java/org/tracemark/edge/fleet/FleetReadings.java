package org.tracemark.edge.fleet;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tracemark.keys.reading.Observation;

/**
 * What a virtual device measures in each scenario: plausible values with noise, enough to make
 * realistic messages (size and content) for load, not a simulation of a journey.
 */
final class FleetReadings {

  static final List<String> SCENARIOS = List.of("grain", "fish", "import");

  private FleetReadings() {}

  static Observation next(String scenario, int device, long ts, SplittableRandom random) {
    double noise = random.nextGaussian();
    Map<String, Double> values =
        switch (scenario) {
          case "grain" ->
              Map.of(
                  "temperature", round(24.0 + 0.3 * noise),
                  "humidity", round(12.5 + 0.4 * random.nextGaussian()),
                  "mass", round(48_000 + 50 * random.nextGaussian()));
          case "fish" ->
              Map.of(
                  "temperature", round(-18.2 + 0.2 * noise),
                  "lat", round(-4.5 + (device % 100) * 0.01),
                  "lon", round(129.9 + (device % 100) * 0.01));
          default ->
              Map.of(
                  "temperature", round(4.0 + 0.3 * noise),
                  "lat", round(-33.86 + (device % 100) * 0.001),
                  "lon", round(151.2 + (device % 100) * 0.001),
                  "shock", round(Math.abs(0.05 * random.nextGaussian())));
        };
    return Observation.sensor(ts, values, List.of());
  }

  /** Two decimals, as a logger reports them (and so values fit short CBOR floats less often). */
  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
