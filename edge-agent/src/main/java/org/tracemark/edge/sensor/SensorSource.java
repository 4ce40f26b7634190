package org.tracemark.edge.sensor;

import java.time.Instant;
import java.util.Map;

/**
 * Something a device reads measurements from: a real sensor driver or a simulation. One call is one
 * sample; the keys are the measurement names of signed-reading v1 ({@code m}, DESIGN §2), in their
 * units.
 *
 * <p>The simulated sources in this package are pure functions of their seed and {@code at}: the
 * same seed and instant give the same values whatever was sampled before, so a scenario replays
 * exactly and a test can look at any instant directly.
 */
public interface SensorSource {

  /** Air or product temperature, °C. */
  String TEMPERATURE = "temperature";

  /** Relative humidity, %RH. */
  String HUMIDITY = "humidity";

  /** Mass on a load cell, kg. */
  String MASS = "mass";

  /** Latitude, WGS84 degrees. */
  String LAT = "lat";

  /** Longitude, WGS84 degrees. */
  String LON = "lon";

  /** Peak acceleration beyond gravity since the previous sample, g. */
  String SHOCK = "shock";

  /** The measurements at {@code at}, each finite. */
  Map<String, Double> sample(Instant at);
}
