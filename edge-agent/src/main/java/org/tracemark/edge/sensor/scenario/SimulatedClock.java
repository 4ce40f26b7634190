package org.tracemark.edge.sensor.scenario;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The device clock of a simulation: at wall-clock time {@code wallStart} it reads {@code simStart}
 * and from then on runs {@code speedUp} times as fast as the wall clock, so a 44-day voyage can
 * play out in an hour ({@code speedUp} 1056).
 */
public record SimulatedClock(Instant simStart, double speedUp, Instant wallStart) {

  public SimulatedClock {
    if (simStart == null || wallStart == null) {
      throw new IllegalArgumentException("a simulated clock needs both start instants");
    }
    if (!(speedUp > 0) || !Double.isFinite(speedUp)) {
      throw new IllegalArgumentException("speed-up must be positive and finite, got " + speedUp);
    }
  }

  /** A clock reading {@code simStart} now, according to {@code wall}. */
  public static SimulatedClock startingNow(Instant simStart, double speedUp, Clock wall) {
    return new SimulatedClock(simStart, speedUp, wall.instant());
  }

  /** The simulated time at wall-clock time {@code wall}. */
  public Instant simTime(Instant wall) {
    long wallNanos = Duration.between(wallStart, wall).toNanos();
    return simStart.plusNanos(Math.round(wallNanos * speedUp));
  }

  /** The wall-clock time at which the simulation reaches {@code sim}. */
  public Instant wallTime(Instant sim) {
    long simNanos = Duration.between(simStart, sim).toNanos();
    return wallStart.plusNanos(Math.round(simNanos / speedUp));
  }
}
