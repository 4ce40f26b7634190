package org.tracemark.edge.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.tracemark.edge.fleet.Fleet;
import org.tracemark.edge.fleet.FleetOptions;
import org.tracemark.edge.fleet.FleetReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tracemark-agent fleet}: many virtual devices publishing signed readings. */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description = {
      "Runs many virtual devices in one JVM, each with its own Ed25519 key and sequence numbers,"
          + " publishing signed v1 readings with QoS 1 over a few shared connections.",
      "Prints a progress line every second (sent, acked, in flight, buffered, rate) and a"
          + " summary. The load generator for benchmarks: --presign signs the whole corpus"
          + " before the timed window."
    })
final class FleetCommand implements Callable<Integer> {

  @Option(
      names = "--broker",
      defaultValue = "tcp://127.0.0.1:1883",
      description = "MQTT broker URI (default: ${DEFAULT-VALUE}).")
  String broker;

  @Option(
      names = "--devices",
      defaultValue = "100",
      description = "Virtual devices (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Target messages/s over the fleet; 0 = as fast as possible (default).")
  double rate;

  @Option(
      names = "--duration",
      defaultValue = "PT10S",
      converter = DurationConverter.class,
      description = "How long to publish, e.g. 30s, 5m, PT1M (default: 10s).")
  Duration duration;

  @Option(
      names = "--messages",
      defaultValue = "0",
      description =
          "With --presign: messages to sign first (default: rate x duration, or 200,000 without"
              + " a rate).")
  long messages;

  @Option(
      names = "--scenario",
      defaultValue = "fish",
      description = "grain, fish or import: what the devices measure (default: ${DEFAULT-VALUE}).")
  String scenario;

  @Option(names = "--presign", description = "Sign every message before the timed window.")
  boolean presign;

  @Option(
      names = "--connections",
      defaultValue = "4",
      description = "MQTT connections shared by the devices (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--inflight",
      defaultValue = "1000",
      description = "Unacknowledged messages per connection (default: ${DEFAULT-VALUE}).")
  int inflight;

  @Option(
      names = "--boot",
      defaultValue = "1",
      description = "Boot counter the virtual devices report (default: ${DEFAULT-VALUE}).")
  long boot;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed for keys and values (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    FleetOptions options =
        new FleetOptions(
            broker,
            devices,
            rate,
            duration,
            messages,
            scenario,
            presign,
            connections,
            inflight,
            boot,
            seed);
    FleetReport report = Fleet.run(options, System.out);
    System.out.println(report.summary());
    return report.acknowledged() == report.sent() ? 0 : 1;
  }
}
