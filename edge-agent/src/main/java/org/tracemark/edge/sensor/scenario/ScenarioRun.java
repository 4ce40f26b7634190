package org.tracemark.edge.sensor.scenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.tracemark.keys.reading.Observation;

/**
 * One device playing a scenario against a {@link SimulatedClock}: the agent asks what is {@link
 * #due(Instant) due} now, signs and queues it, and sleeps until {@link #nextDue()}. Observations
 * carry the simulated time as {@code ts}; each is handed out exactly once, in time order.
 */
public final class ScenarioRun {

  private final SimulatedClock clock;
  private final Iterator<Observation> remaining;
  private Observation next;

  private ScenarioRun(DeviceTimeline timeline, SimulatedClock clock) {
    this.clock = clock;
    this.remaining = timeline.iterator();
    this.next = remaining.hasNext() ? remaining.next() : null;
  }

  /**
   * Plays {@code device} of {@code scenario}, the scenario beginning at {@code clock.simStart()}.
   */
  public static ScenarioRun start(Scenario scenario, String device, SimulatedClock clock) {
    return new ScenarioRun(scenario.timeline(device, clock.simStart()), clock);
  }

  /** Every observation not yet handed out whose time has come by wall-clock time {@code wall}. */
  public synchronized List<Observation> due(Instant wall) {
    long now = clock.simTime(wall).toEpochMilli();
    List<Observation> out = new ArrayList<>();
    while (next != null && next.ts() <= now) {
      out.add(next);
      next = remaining.hasNext() ? remaining.next() : null;
    }
    return out;
  }

  /** The wall-clock time at which the next observation falls due; empty when finished. */
  public synchronized Optional<Instant> nextDue() {
    return next == null
        ? Optional.empty()
        : Optional.of(clock.wallTime(Instant.ofEpochMilli(next.ts())));
  }

  /** Whether every observation has been handed out. */
  public synchronized boolean finished() {
    return next == null;
  }
}
