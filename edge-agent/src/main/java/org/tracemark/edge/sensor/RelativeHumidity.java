package org.tracemark.edge.sensor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Relative humidity: a base level, falling as the air warms through the day ({@code swing} %RH per
 * °C above the mean) and rising as it cools, a slow drift, noise, and moisture excursions — water
 * getting in (a leaking silo roof, condensation in a box) — which raise it toward a peak with a
 * time constant of {@value #RISE_HOURS} h and let it dry out with one of {@value #DRY_HOURS} h once
 * the cause stops. Clamped to 0–100 %RH.
 */
public final class RelativeHumidity implements SensorSource {

  static final int RISE_HOURS = 6;
  static final int DRY_HOURS = 18;
  private static final long DRIFT_PERIOD_MS = 24 * 3_600_000L;
  private static final double DRIFT_PCT = 2;

  /** Moisture getting in during {@code window}, driving humidity toward {@code peakPct}. */
  public record Excursion(TimeWindow window, double peakPct) {
    public Excursion {
      if (!(peakPct >= 0 && peakPct <= 100)) {
        throw new IllegalArgumentException("peak must be within 0..100 %RH, got " + peakPct);
      }
    }
  }

  private final double basePct;
  private final double swingPctPerC;
  private final Weather weather;
  private final List<Excursion> excursions;
  private final double noisePct;
  private final Noise noise;
  private final Noise drift;

  /**
   * @param swingPctPerC how much RH drops per °C the outdoor air is above its mean (0 inside a
   *     reefer, which controls its own air)
   * @param noisePct standard deviation of the sensor's noise, %RH
   */
  public RelativeHumidity(
      double basePct,
      double swingPctPerC,
      Weather weather,
      List<Excursion> excursions,
      double noisePct,
      Noise noise) {
    if (!(basePct >= 0 && basePct <= 100) || !(swingPctPerC >= 0) || !(noisePct >= 0)) {
      throw new IllegalArgumentException("base must be 0..100 %RH, swing and noise >= 0");
    }
    this.basePct = basePct;
    this.swingPctPerC = swingPctPerC;
    this.weather = weather;
    this.excursions = List.copyOf(excursions);
    this.noisePct = noisePct;
    this.noise = noise.derive("humidity");
    this.drift = this.noise.derive("drift");
  }

  /** Humidity without drift and noise, %RH (may leave 0–100 before clamping). */
  public double expectedPct(Instant t) {
    double v = basePct - swingPctPerC * weather.deviation(t);
    for (Excursion e : excursions) {
      v += effect(e, t);
    }
    return v;
  }

  @Override
  public Map<String, Double> sample(Instant at) {
    long ms = at.toEpochMilli();
    double v =
        expectedPct(at)
            + DRIFT_PCT * drift.smooth(ms, DRIFT_PERIOD_MS)
            + noisePct * noise.gaussian(ms);
    return Map.of(HUMIDITY, Math.max(0, Math.min(100, v)));
  }

  private double effect(Excursion e, Instant t) {
    if (t.isBefore(e.window().start())) {
      return 0;
    }
    double full = e.peakPct() - basePct;
    Instant end = e.window().end();
    if (t.isBefore(end)) {
      return full * (1 - Math.exp(-hours(e.window().start(), t) / RISE_HOURS));
    }
    double atEnd = full * (1 - Math.exp(-hours(e.window().start(), end) / RISE_HOURS));
    return atEnd * Math.exp(-hours(end, t) / DRY_HOURS);
  }

  private static double hours(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 3_600_000.0;
  }
}
