package org.tracemark.ingest.pipeline;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.tracemark.ingest.bus.Bus;
import org.tracemark.ingest.bus.BusMessage;
import org.tracemark.ingest.metrics.IngestMetrics;
import org.tracemark.ingest.outcome.IngestOutcome;
import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingCheck;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.ReadingVerifier;

/**
 * Ingest's half of a message's outcome (DESIGN §2): the stateless checks — size, decode, key,
 * signature, device/topic — in parallel on a pool sized to the cores. A message that fails them is
 * quarantined here; one that passes goes on the {@link Bus} to the sequencer, which decides new,
 * duplicate, stale or equivocation. Either way the returned future completes once the message is
 * safe (quarantined in PostgreSQL, or durable on the bus), so the caller may then acknowledge it to
 * the broker; it completes exceptionally when it is not, and then the message must not be
 * acknowledged.
 */
public final class IngestPipeline implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(IngestPipeline.class.getName());

  private final ReadingVerifier verifier;
  private final QuarantineSink quarantine;
  private final Bus bus;
  private final IngestMetrics metrics;
  private final ExecutorService verifiers;

  /**
   * @param threads verification threads (the cores)
   */
  public IngestPipeline(
      ReadingVerifier verifier,
      int threads,
      QuarantineSink quarantine,
      Bus bus,
      IngestMetrics metrics) {
    this.verifier = verifier;
    this.quarantine = quarantine;
    this.bus = bus;
    this.metrics = metrics;
    this.verifiers = Executors.newFixedThreadPool(threads, named("ingest-verify"));
  }

  /** Takes one MQTT message; see the class comment for what the future means. */
  public CompletableFuture<Void> submit(String topic, byte[] message, Instant receivedAt) {
    return CompletableFuture.supplyAsync(() -> check(topic, message, receivedAt), verifiers)
        .thenCompose(
            check -> {
              if (check instanceof ReadingCheck.Rejected rejected) {
                return CompletableFuture.runAsync(
                    () -> quarantine(topic, message, receivedAt, rejected), verifiers);
              }
              Reading reading = ((ReadingCheck.Verified) check).reading().reading();
              return bus.publish(
                  new BusMessage(
                      reading.first(),
                      reading.count(),
                      message,
                      receivedAt.toEpochMilli(),
                      reading.ts()));
            });
  }

  private ReadingCheck check(String topic, byte[] message, Instant receivedAt) {
    long started = System.nanoTime();
    try {
      return verifier.verify(topic, message, receivedAt);
    } finally {
      metrics.verify().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }

  private void quarantine(
      String topic, byte[] message, Instant receivedAt, ReadingCheck.Rejected rejected) {
    Optional<ReadingId> claimed = rejected.reading().map(Reading::first);
    try {
      quarantine.quarantine(
          topic, message, receivedAt, rejected.reason(), rejected.detail(), claimed);
    } catch (Exception e) {
      throw new IllegalStateException("could not keep a quarantined message: " + e.getMessage(), e);
    }
    IngestOutcome.Quarantined outcome =
        IngestOutcome.Quarantined.of(rejected.reason(), rejected.detail());
    metrics.outcome(outcome);
    // Logged once, here; forgeries are what this system exists to catch, so INFO, not WARNING.
    LOG.log(
        rejected.reason() == QuarantineReason.MALFORMED
            ? System.Logger.Level.DEBUG
            : System.Logger.Level.INFO,
        outcome.logLine() + " topic=" + org.tracemark.keys.Untrusted.echo(topic));
  }

  @Override
  public void close() throws InterruptedException {
    verifiers.shutdown();
    verifiers.awaitTermination(10, TimeUnit.SECONDS);
  }

  private static ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
