package org.tracemark.edge.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tracemark.edge.agent.Agent;
import org.tracemark.edge.config.AgentConfig;
import org.tracemark.edge.config.Passphrases;
import org.tracemark.edge.sensor.scenario.Device;
import org.tracemark.edge.sensor.scenario.Scenario;
import org.tracemark.edge.sensor.scenario.ScenarioRun;
import org.tracemark.edge.sensor.scenario.SimulatedClock;
import org.tracemark.keys.reading.Observation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tracemark-agent run}: the sensor loop. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the device: samples its sensors (simulated by the configured scenario), signs every"
          + " reading, keeps it on disk until the broker has acknowledged it, and publishes it."
          + " Prints a progress line every 5 s; SIGTERM or Ctrl-C stops it cleanly (nothing"
          + " queued is lost, also after kill -9).",
      "The key passphrase comes from TRACEMARK_AGENT_PASSPHRASE or key.passphrase-file."
    })
final class RunCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Stop after this long (default: when the scenario ends), e.g. 10m.")
  Duration duration;

  @Override
  public Integer call() throws Exception {
    AgentConfig settings = config.load();
    Scenario scenario = Scenario.load(settings.scenario());
    String deviceName = settings.scenarioDevice().orElseGet(() -> firstLogger(scenario));
    scenario.device(deviceName); // fails early, naming the devices the scenario has
    char[] passphrase = Passphrases.deviceKey(settings);
    Agent agent;
    try {
      agent = Agent.start(settings, passphrase);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread shutdown =
        new Thread(
            () -> {
              try {
                agent.close();
              } catch (Exception e) {
                System.err.println("tracemark-agent: while stopping: " + e.getMessage());
              } finally {
                stopped.countDown();
              }
            },
            "agent-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);

    // The scenario is replayed in real time (shifted so that this device's first observation is
    // due now; a reefer logger that joins on day 9 should not keep anyone waiting), so that its
    // readings fall inside the device certificate's validity. Faster with scenario.speedup.
    long offset =
        scenario.timeline(deviceName).stream()
            .findFirst()
            .map(o -> o.ts() - scenario.window().start().toEpochMilli())
            .orElse(0L);
    SimulatedClock clock =
        SimulatedClock.startingNow(
            Instant.now().minusMillis(offset), settings.speedup(), Clock.systemUTC());
    ScenarioRun run = ScenarioRun.start(scenario, deviceName, clock);
    System.out.printf(
        "tracemark-agent: %s is %s in scenario %s (x%.0f), boot %d, broker %s%n",
        settings.device(),
        deviceName,
        scenario.name(),
        settings.speedup(),
        agent.boot(),
        settings.broker());
    Instant end = duration == null ? Instant.MAX : Instant.now().plus(duration);
    Instant nextReport = Instant.now().plusSeconds(5);
    while (!run.finished() && Instant.now().isBefore(end)) {
      List<Observation> due = run.due(Instant.now());
      if (!due.isEmpty()) {
        agent.record(due);
      }
      if (!Instant.now().isBefore(nextReport)) {
        report(agent);
        agent.writeStatus();
        nextReport = Instant.now().plusSeconds(5);
      }
      long sleep =
          run.nextDue().map(at -> Duration.between(Instant.now(), at).toMillis()).orElse(1000L);
      Thread.sleep(Math.max(10, Math.min(sleep, 1000)));
    }
    System.out.println("tracemark-agent: scenario done; waiting up to 30 s for the broker ...");
    agent.awaitDrained(Duration.ofSeconds(30));
    report(agent);
    Runtime.getRuntime().removeShutdownHook(shutdown);
    agent.close();
    return agent.pending() == 0 ? 0 : 1;
  }

  private static void report(Agent agent) {
    var stats = agent.stats();
    System.out.printf(
        "tracemark-agent: boot %d  sent %,d  acked %,d  pending %,d  %s%n",
        agent.boot(),
        stats.sent(),
        stats.acknowledged(),
        agent.pending(),
        stats.connected()
            ? "connected"
            : "disconnected" + stats.lastError().map(e -> " (" + e + ")").orElse(""));
  }

  private static String firstLogger(Scenario scenario) {
    return scenario.devices().stream()
        .filter(d -> d.kind() == Device.Kind.LOGGER)
        .map(Device::id)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("scenario has no logger device"));
  }
}
