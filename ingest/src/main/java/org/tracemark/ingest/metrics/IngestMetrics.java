package org.tracemark.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.tracemark.ingest.outcome.IngestOutcome;
import org.tracemark.keys.reading.QuarantineReason;

/**
 * The ingest tier's meters (Micrometer, served as Prometheus text at {@code /q/metrics}). Every
 * message is counted exactly once, where its outcome is decided: quarantines for stateless reasons
 * by ingest, accepted / duplicate / stale / equivocation by the sequencer. So {@code
 * tracemark_ingest_messages_total} summed over its labels equals the messages received.
 *
 * <ul>
 *   <li>{@code tracemark_ingest_messages_total{outcome, reason}} — outcome {@code accepted}, {@code
 *       duplicate} or {@code quarantined}; reason the quarantine code, {@code none} otherwise;
 *   <li>{@code tracemark_ingest_readings_accepted_total} — readings (a batch counts its size);
 *   <li>{@code tracemark_ingest_verify_seconds} — decode, key lookup and signature per message;
 *   <li>{@code tracemark_sequencer_batch_entries} — entries per ledger append;
 *   <li>{@code tracemark_sequencer_append_seconds} — one ledger append (one commit);
 *   <li>{@code tracemark_ingest_anchor_latency_seconds} — receive time to durable in the ledger;
 *   <li>{@code tracemark_ingest_checkpoint_latency_seconds{from="receive"|"device"}} — receive time
 *       (or the device's clock) to the first signed checkpoint that covers the entry;
 *   <li>gauges for queue depths, registered by whoever owns a queue ({@link #gauge}).
 * </ul>
 */
public final class IngestMetrics {

  private final MeterRegistry registry;
  private final Counter accepted;
  private final Counter duplicate;
  private final Counter readingsAccepted;
  private final Map<QuarantineReason, Counter> quarantined = new EnumMap<>(QuarantineReason.class);
  private final Timer verify;
  private final DistributionSummary batchEntries;
  private final Timer append;
  private final Timer anchorLatency;
  private final Timer checkpointFromReceive;
  private final Timer checkpointFromDevice;

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    accepted = messages("accepted", "none");
    duplicate = messages("duplicate", "none");
    for (QuarantineReason reason : QuarantineReason.values()) {
      quarantined.put(reason, messages("quarantined", reason.code()));
    }
    readingsAccepted =
        Counter.builder("tracemark.ingest.readings.accepted")
            .description("Readings accepted (a batch message counts its readings)")
            .register(registry);
    verify =
        Timer.builder("tracemark.ingest.verify")
            .description("Decode, key lookup and signature check of one message")
            .publishPercentileHistogram()
            .register(registry);
    batchEntries =
        DistributionSummary.builder("tracemark.sequencer.batch.entries")
            .description("Ledger entries per sequencer append")
            .publishPercentileHistogram()
            .register(registry);
    append =
        Timer.builder("tracemark.sequencer.append")
            .description("One ledger append (one commit)")
            .publishPercentileHistogram()
            .register(registry);
    anchorLatency =
        latency("tracemark.ingest.anchor.latency", "Receive time to durable in the ledger", null);
    checkpointFromReceive =
        latency(
            "tracemark.ingest.checkpoint.latency",
            "Receive time to the first signed checkpoint covering the entry",
            "receive");
    checkpointFromDevice =
        latency(
            "tracemark.ingest.checkpoint.latency",
            "Device clock to the first signed checkpoint covering the entry",
            "device");
  }

  /** Meters on a registry of their own (tests, tools). */
  public static IngestMetrics standalone() {
    return new IngestMetrics(new SimpleMeterRegistry());
  }

  private Counter messages(String outcome, String reason) {
    return Counter.builder("tracemark.ingest.messages")
        .description("MQTT messages by their one outcome")
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(registry);
  }

  private Timer latency(String name, String description, String from) {
    Timer.Builder builder =
        Timer.builder(name)
            .description(description)
            .publishPercentiles(0.5, 0.99, 0.999)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(5));
    if (from != null) {
      builder.tag("from", from);
    }
    return builder.register(registry);
  }

  /** Counts one message's outcome. */
  public void outcome(IngestOutcome outcome) {
    switch (outcome.code()) {
      case ACCEPTED -> {
        accepted.increment();
        readingsAccepted.increment(((IngestOutcome.Accepted) outcome).count());
      }
      case DUPLICATE -> duplicate.increment();
      case QUARANTINED ->
          quarantined.get(((IngestOutcome.Quarantined) outcome).reason()).increment();
    }
  }

  public Timer verify() {
    return verify;
  }

  /** One append of {@code entries} entries that took {@code took}. */
  public void appended(int entries, Duration took) {
    batchEntries.record(entries);
    append.record(took);
  }

  public void anchored(long receivedAtMillis, long nowMillis) {
    anchorLatency.record(Duration.ofMillis(Math.max(0, nowMillis - receivedAtMillis)));
  }

  /** An entry received at {@code receivedAtMillis} became part of a signed checkpoint now. */
  public void checkpointed(long receivedAtMillis, long deviceMillis, long nowMillis) {
    checkpointFromReceive.record(Duration.ofMillis(Math.max(0, nowMillis - receivedAtMillis)));
    checkpointFromDevice.record(Duration.ofMillis(Math.max(0, nowMillis - deviceMillis)));
  }

  /** Registers a gauge, e.g. a queue's depth. */
  public void gauge(String name, String description, Supplier<Number> value) {
    io.micrometer.core.instrument.Gauge.builder(name, value)
        .description(description)
        .register(registry);
  }

  /** Messages counted so far with {@code outcome} (and, for quarantines, {@code reason}). */
  public double count(String outcome, String reason) {
    Counter counter =
        registry
            .find("tracemark.ingest.messages")
            .tag("outcome", outcome)
            .tag("reason", reason)
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
