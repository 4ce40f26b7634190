package org.tracemark.edge.sensor;

import java.time.Instant;
import java.util.Map;

/**
 * A temperature probe coupled to the outdoor air: a grain silo (coupling well below 1, the grain
 * damps the daily cycle), a dry container in the sun (coupling above 1 and an offset for solar
 * gain), a logger in the open (1). Reads {@code mean + offset + coupling × deviation + noise}.
 */
public final class AirTemperature implements SensorSource {

  private final Weather weather;
  private final double coupling;
  private final double offsetC;
  private final double noiseC;
  private final Noise noise;

  /**
   * @param coupling how much of the outdoor swing reaches the probe (0 = none, 1 = all)
   * @param offsetC constant difference to the outdoor mean, °C
   * @param noiseC standard deviation of the probe's noise, °C
   */
  public AirTemperature(
      Weather weather, double coupling, double offsetC, double noiseC, Noise noise) {
    if (!(coupling >= 0) || !(noiseC >= 0) || !Double.isFinite(offsetC)) {
      throw new IllegalArgumentException("coupling and noise must be >= 0, offset finite");
    }
    this.weather = weather;
    this.coupling = coupling;
    this.offsetC = offsetC;
    this.noiseC = noiseC;
    this.noise = noise.derive("air-temperature");
  }

  /** The temperature without sensor noise, °C. */
  public double expectedCelsius(Instant t) {
    return weather.celsius(t) - (1 - coupling) * weather.deviation(t) + offsetC;
  }

  @Override
  public Map<String, Double> sample(Instant at) {
    double v = expectedCelsius(at) + noiseC * noise.gaussian(at.toEpochMilli());
    return Map.of(TEMPERATURE, v);
  }
}
