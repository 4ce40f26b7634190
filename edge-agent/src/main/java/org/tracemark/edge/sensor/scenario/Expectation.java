package org.tracemark.edge.sensor.scenario;

import java.time.Duration;
import java.util.Optional;

/**
 * What a fault is claimed to show in a device's readings — what the platform (a customs risk
 * report, a cold-chain check) should find. The scenario tests hold every built-in scenario to its
 * claims.
 */
public sealed interface Expectation
    permits Expectation.Exceeds, Expectation.Jump, Expectation.OffRoute {

  /** The device whose readings show it. */
  String device();

  /**
   * {@code measurement} above {@code above} for at least {@code forAtLeast} in total, starting
   * within the fault, and, if given, back at or below it within {@code recoveredWithin} of the
   * fault's end.
   */
  record Exceeds(
      String device,
      String measurement,
      double above,
      Duration forAtLeast,
      Optional<Duration> recoveredWithin)
      implements Expectation {}

  /** Two consecutive GPS fixes at least {@code km} apart: a teleport. */
  record Jump(String device, double km) implements Expectation {}

  /** GPS fixes more than {@code km} from the planned route during the fault, and only then. */
  record OffRoute(String device, double km) implements Expectation {}
}
