package org.tracemark.ingest.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.tracemark.ingest.entry.ReadingEntry;
import org.tracemark.ingest.outcome.IngestOutcome;
import org.tracemark.ingest.replay.ReplayWindow;
import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingCheck;
import org.tracemark.keys.reading.ReadingVerifier;
import org.tracemark.keys.signing.Sha256;

/**
 * Decides every message's one outcome (DESIGN §2) and makes it durable before the returned future
 * completes, so the caller may then acknowledge the message to the broker.
 *
 * <p>The expensive, stateless part (decode, key lookup, signature) runs on a pool sized to the
 * cores; the stateful part (replay window: duplicate, stale, equivocation) runs on one thread per
 * partition of devices, so a device's decisions are serial without a lock, and two copies of the
 * same message arriving at once are one acceptance and one duplicate.
 */
public final class IngestPipeline implements AutoCloseable {

  private final ReadingVerifier verifier;
  private final QuarantineSink quarantine;
  private final AcceptedSink accepted;
  private final ExecutorService verifiers;
  private final List<ExecutorService> partitions = new ArrayList<>();
  private final List<ReplayWindow> windows = new ArrayList<>();

  /**
   * @param threads verification threads (the cores)
   * @param partitions device partitions, each with its own thread and replay window
   * @param window sequence numbers remembered below each boot's high-water mark
   */
  public IngestPipeline(
      ReadingVerifier verifier,
      int threads,
      int partitions,
      int window,
      QuarantineSink quarantine,
      AcceptedSink accepted) {
    this.verifier = verifier;
    this.quarantine = quarantine;
    this.accepted = accepted;
    this.verifiers = Executors.newFixedThreadPool(threads, named("ingest-verify"));
    for (int i = 0; i < partitions; i++) {
      this.partitions.add(Executors.newSingleThreadExecutor(named("ingest-partition-" + i)));
      this.windows.add(new ReplayWindow(window));
    }
  }

  /**
   * The outcome of one message, completed once it is durable; completed exceptionally when it could
   * not be made durable (then the message must not be acknowledged: the broker redelivers).
   */
  public CompletableFuture<IngestOutcome> submit(String topic, byte[] message, Instant receivedAt) {
    return CompletableFuture.supplyAsync(
            () -> verifier.verify(topic, message, receivedAt), verifiers)
        .thenCompose(
            check -> {
              if (check instanceof ReadingCheck.Rejected rejected) {
                return CompletableFuture.supplyAsync(
                    () ->
                        quarantine(
                            topic,
                            message,
                            receivedAt,
                            rejected.reason(),
                            rejected.detail(),
                            rejected.reading()),
                    verifiers);
              }
              ReadingCheck.Verified verified = (ReadingCheck.Verified) check;
              int partition =
                  Math.floorMod(
                      verified.reading().reading().device().hashCode(), partitions.size());
              return CompletableFuture.supplyAsync(
                  () -> decide(partition, topic, message, receivedAt, verified),
                  partitions.get(partition));
            });
  }

  private IngestOutcome decide(
      int partition, String topic, byte[] message, Instant receivedAt, ReadingCheck.Verified v) {
    Reading reading = v.reading().reading();
    byte[] digest = Sha256.digest(message);
    ReplayWindow window = windows.get(partition);
    return switch (window.check(reading.first(), reading.count(), digest)) {
      case NEW -> {
        try {
          accepted.accept(
              reading.first(),
              reading.count(),
              ReadingEntry.encode(message, receivedAt.toEpochMilli()));
        } catch (Exception e) {
          throw new IllegalStateException("could not hand " + reading.first() + " on", e);
        }
        window.record(reading.first(), reading.count(), digest);
        yield IngestOutcome.Accepted.of(reading.first(), reading.count());
      }
      case DUPLICATE -> IngestOutcome.Duplicate.of(reading.first());
      case STALE ->
          quarantine(
              topic,
              message,
              receivedAt,
              QuarantineReason.STALE,
              reading.first()
                  + " is below the replay window (high-water mark "
                  + window.highWater(reading.device(), reading.first().boot())
                  + ")",
              java.util.Optional.of(reading));
      case EQUIVOCATION ->
          quarantine(
              topic,
              message,
              receivedAt,
              QuarantineReason.EQUIVOCATION,
              reading.first()
                  + " ("
                  + reading.count()
                  + " readings) overlaps readings already accepted with other bytes",
              java.util.Optional.of(reading));
    };
  }

  private IngestOutcome quarantine(
      String topic,
      byte[] message,
      Instant receivedAt,
      QuarantineReason reason,
      String detail,
      java.util.Optional<Reading> reading) {
    try {
      quarantine.quarantine(topic, message, receivedAt, reason, detail, reading);
    } catch (Exception e) {
      throw new IllegalStateException("could not keep a quarantined message", e);
    }
    return IngestOutcome.Quarantined.of(reason, detail);
  }

  @Override
  public void close() throws InterruptedException {
    verifiers.shutdown();
    partitions.forEach(ExecutorService::shutdown);
    verifiers.awaitTermination(10, TimeUnit.SECONDS);
    for (ExecutorService partition : partitions) {
      partition.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
