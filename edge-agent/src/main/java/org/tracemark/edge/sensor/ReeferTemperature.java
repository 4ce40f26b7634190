package org.tracemark.edge.sensor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The air inside a refrigerated container (or a cold store, or an iced fish hold): held at a
 * setpoint, wobbling a few tenths of a degree as the compressor cycles, until the unit fails (power
 * lost in a yard, a broken compressor). Then it warms exponentially toward the outdoor air with
 * time constant {@code warmUp} — the cargo's thermal mass makes that hours for a loaded box — and
 * once the unit runs again it pulls back down to the setpoint with time constant {@code pullDown}.
 */
public final class ReeferTemperature implements SensorSource {

  private static final long CYCLE_MS = 45 * 60_000L;
  private static final double CYCLE_C = 0.3;

  private final double setpointC;
  private final Weather outside;
  private final List<TimeWindow> failures;
  private final double warmUpMs;
  private final double pullDownMs;
  private final double noiseC;
  private final Noise noise;
  private final double phase;

  /**
   * @param failures when the unit is not cooling; must not overlap
   * @param warmUp time constant of warming toward the outdoor air while failed
   * @param pullDown time constant of cooling back to the setpoint afterwards
   * @param noiseC standard deviation of the probe's noise, °C
   */
  public ReeferTemperature(
      double setpointC,
      Weather outside,
      List<TimeWindow> failures,
      Duration warmUp,
      Duration pullDown,
      double noiseC,
      Noise noise) {
    if (!Double.isFinite(setpointC) || !(noiseC >= 0)) {
      throw new IllegalArgumentException("setpoint must be finite and noise >= 0");
    }
    if (warmUp.isNegative() || warmUp.isZero() || pullDown.isNegative() || pullDown.isZero()) {
      throw new IllegalArgumentException("time constants must be positive");
    }
    List<TimeWindow> sorted = new ArrayList<>(failures);
    sorted.sort(Comparator.comparing(TimeWindow::start));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i - 1).overlaps(sorted.get(i))) {
        throw new IllegalArgumentException("reefer failures overlap: " + sorted);
      }
    }
    this.setpointC = setpointC;
    this.outside = outside;
    this.failures = List.copyOf(sorted);
    this.warmUpMs = warmUp.toMillis();
    this.pullDownMs = pullDown.toMillis();
    this.noiseC = noiseC;
    this.noise = noise.derive("reefer");
    this.phase = this.noise.uniform(-1) * 2 * Math.PI;
  }

  /** Whether the unit is failed at {@code t}. */
  public boolean failed(Instant t) {
    return failures.stream().anyMatch(w -> w.contains(t));
  }

  /** The air temperature without the compressor's cycling and without sensor noise, °C. */
  public double expectedCelsius(Instant t) {
    double temperature = setpointC;
    Instant lastEnd = null;
    for (TimeWindow w : failures) {
      if (t.isBefore(w.start())) {
        break;
      }
      double atStart = lastEnd == null ? setpointC : pullDown(temperature, lastEnd, w.start());
      if (t.isBefore(w.end())) {
        return warm(atStart, w.start(), t);
      }
      temperature = warm(atStart, w.start(), w.end());
      lastEnd = w.end();
    }
    return lastEnd == null ? setpointC : pullDown(temperature, lastEnd, t);
  }

  @Override
  public Map<String, Double> sample(Instant at) {
    long ms = at.toEpochMilli();
    double cycling = failed(at) ? 0 : CYCLE_C * Math.sin(2 * Math.PI * ms / CYCLE_MS + phase);
    return Map.of(TEMPERATURE, expectedCelsius(at) + cycling + noiseC * noise.gaussian(ms));
  }

  private double warm(double from, Instant since, Instant t) {
    double ambient = outside.celsius(t);
    return ambient + (from - ambient) * Math.exp(-elapsed(since, t) / warmUpMs);
  }

  private double pullDown(double from, Instant since, Instant t) {
    return setpointC + (from - setpointC) * Math.exp(-elapsed(since, t) / pullDownMs);
  }

  private static double elapsed(Instant since, Instant t) {
    return Duration.between(since, t).toMillis();
  }
}
