package org.tracemark.edge.fleet;

import java.time.Duration;

/**
 * What a fleet run does.
 *
 * @param broker MQTT broker URI, e.g. {@code tcp://127.0.0.1:1883}
 * @param devices how many virtual devices, each with its own Ed25519 key and sequence
 * @param rate target messages per second over the whole fleet; 0 = as fast as the broker takes
 * @param duration how long to publish (with {@code rate} 0 and {@code presign}, the corpus is
 *     {@code messages} long instead)
 * @param messages with {@code presign}: how many messages to sign before the timed window (0 =
 *     {@code rate × duration}, at least one per device)
 * @param scenario {@code grain}, {@code fish} or {@code import}: what the readings measure
 * @param presign sign the whole corpus before timing, so the run measures publishing alone
 * @param connections MQTT connections the devices share (one sender thread each)
 * @param inflight unacknowledged QoS 1 messages allowed per connection (back-pressure)
 * @param boot the boot counter every virtual device reports
 * @param seed makes keys, values and timing reproducible
 */
public record FleetOptions(
    String broker,
    int devices,
    double rate,
    Duration duration,
    long messages,
    String scenario,
    boolean presign,
    int connections,
    int inflight,
    long boot,
    long seed) {

  public FleetOptions {
    if (devices < 1 || devices > 1_000_000) {
      throw new IllegalArgumentException("--devices must be 1 to 1,000,000, not " + devices);
    }
    if (rate < 0) {
      throw new IllegalArgumentException("--rate must be >= 0 (0 = unlimited), not " + rate);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be positive, not " + duration);
    }
    if (connections < 1 || connections > 256) {
      throw new IllegalArgumentException("--connections must be 1 to 256, not " + connections);
    }
    if (inflight < 1 || inflight > 65_535) {
      throw new IllegalArgumentException("--inflight must be 1 to 65535, not " + inflight);
    }
    if (!FleetReadings.SCENARIOS.contains(scenario)) {
      throw new IllegalArgumentException(
          "--scenario must be one of " + FleetReadings.SCENARIOS + ", not " + scenario);
    }
  }
}
