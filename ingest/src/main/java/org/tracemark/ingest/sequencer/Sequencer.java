package org.tracemark.ingest.sequencer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tracemark.ingest.bus.BusMessage;
import org.tracemark.ingest.bus.BusSubscription;
import org.tracemark.ingest.bus.Delivery;
import org.tracemark.ingest.entry.ReadingEntry;
import org.tracemark.ingest.metrics.CheckpointLatency;
import org.tracemark.ingest.metrics.IngestMetrics;
import org.tracemark.ingest.outcome.IngestOutcome;
import org.tracemark.ingest.pipeline.QuarantineSink;
import org.tracemark.ingest.replay.ReplayWindow;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.signing.Sha256;

/**
 * The single writer (DESIGN §1): takes verified messages from the bus in batches (up to {@code
 * maxBatch} or {@code maxWait}, whichever comes first), decides each one's outcome with the replay
 * window — new, duplicate, stale or equivocation — appends the new ones to the ledger as one batch,
 * keeps the stale and equivocating ones in quarantine, and only then acknowledges the deliveries.
 *
 * <p>The window lives here, not in ingest, because only the sequencer sees every message of a
 * device: N ingest processes share one MQTT subscription, and the broker hands a device's messages
 * to any of them. The window is rebuilt from the anchor index at start, so duplicates, equivocation
 * and staleness are judged the same across restarts.
 *
 * <p>Anchoring is idempotent: a batch that fails is not acknowledged; the log is {@link
 * AnchorLog#recover recovered} (the index brought up to whatever did land), the window rebuilt, and
 * the same deliveries decided again — what landed is now a duplicate. The bus redelivers what a
 * crash left unacknowledged, with the same effect.
 */
public final class Sequencer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());

  /**
   * @param maxBatch entries per ledger append, at most
   * @param maxWait how long a batch waits for its first message
   * @param window messages (accepted ranges) remembered per device boot
   */
  public record Settings(int maxBatch, Duration maxWait, int window) {
    public Settings {
      if (maxBatch < 1 || maxBatch > 65_536) {
        throw new IllegalArgumentException("maxBatch must be 1..65536, not " + maxBatch);
      }
      if (maxWait.isNegative() || maxWait.isZero()) {
        throw new IllegalArgumentException("maxWait must be positive, not " + maxWait);
      }
      if (window < 1) {
        throw new IllegalArgumentException("window must be >= 1, not " + window);
      }
    }

    public static Settings defaults() {
      return new Settings(4096, Duration.ofMillis(50), 1024);
    }
  }

  private final BusSubscription in;
  private final AnchorLog log;
  private final QuarantineSink quarantine;
  private final Settings settings;
  private final IngestMetrics metrics;
  private final CheckpointLatency latency;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long anchoredEntries;
  private ReplayWindow window;

  private Sequencer(
      BusSubscription in,
      AnchorLog log,
      QuarantineSink quarantine,
      Settings settings,
      IngestMetrics metrics,
      CheckpointLatency latency) {
    this.in = in;
    this.log = log;
    this.quarantine = quarantine;
    this.settings = settings;
    this.metrics = metrics;
    this.latency = latency;
    this.thread = new Thread(this::run, "tracemark-sequencer");
    this.thread.setDaemon(true);
  }

  /**
   * Recovers the log and the window, then starts sequencing on a thread of its own.
   *
   * @param latency told of every append, for the publish→checkpoint latency
   */
  public static Sequencer start(
      BusSubscription in,
      AnchorLog log,
      QuarantineSink quarantine,
      Settings settings,
      IngestMetrics metrics,
      CheckpointLatency latency)
      throws Exception {
    Sequencer sequencer = new Sequencer(in, log, quarantine, settings, metrics, latency);
    sequencer.recover();
    sequencer.thread.start();
    return sequencer;
  }

  private void recover() throws Exception {
    log.recover();
    ReplayWindow rebuilt = new ReplayWindow(settings.window());
    log.recent(
        settings.window() + 1, // the one beyond the window sets the floor again
        ReplayWindow.BOOTS_KEPT,
        (device, boot, first, last, sha256) ->
            rebuilt.record(
                ReadingId.of(DeviceId.of(device), boot, first),
                Math.toIntExact(last - first + 1),
                sha256));
    window = rebuilt;
  }

  private void run() {
    long backoff = 100;
    while (running) {
      List<Delivery> batch;
      try {
        batch = in.take(settings.maxBatch(), settings.maxWait());
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "the bus failed: " + e.getMessage(), e);
        pause(backoff);
        continue;
      }
      if (batch.isEmpty()) {
        continue;
      }
      // A batch is retried until it is durable: its messages stay unacknowledged meanwhile, and
      // back-pressure holds ingest (and so the broker) until the database is back.
      while (running) {
        try {
          sequence(batch);
          backoff = 100;
          break;
        } catch (Exception e) {
          LOG.log(
              System.Logger.Level.WARNING,
              "could not anchor a batch of "
                  + batch.size()
                  + " messages ("
                  + e.getMessage()
                  + "); retrying in "
                  + backoff
                  + " ms, nothing is acknowledged until it is durable");
          pause(backoff);
          backoff = Math.min(backoff * 2, 5_000);
          try {
            recover();
          } catch (Exception again) {
            LOG.log(System.Logger.Level.DEBUG, "recovery failed too: " + again.getMessage());
            window = null; // rebuilt before the next attempt decides anything
          }
        }
      }
    }
  }

  /** Decides, makes durable and acknowledges one batch; throws if anything is not durable. */
  private void sequence(List<Delivery> batch) throws Exception {
    if (window == null) {
      recover();
    }
    List<Anchor> anchors = new ArrayList<>();
    List<BusMessage> anchoredMessages = new ArrayList<>();
    List<IngestOutcome> outcomes = new ArrayList<>(batch.size());
    for (Delivery delivery : batch) {
      BusMessage m = delivery.message();
      byte[] digest = Sha256.digest(m.message());
      IngestOutcome outcome =
          switch (window.check(m.first(), m.count(), digest)) {
            case NEW -> {
              // Recorded now, so a second copy in the same batch is a duplicate; if the append
              // fails, the window is rebuilt from the index before the batch is decided again.
              window.record(m.first(), m.count(), digest);
              anchors.add(
                  new Anchor(
                      m.first(),
                      m.count(),
                      digest,
                      ReadingEntry.encode(m.message(), m.receivedAtMillis())));
              anchoredMessages.add(m);
              yield IngestOutcome.Accepted.of(m.first(), m.count());
            }
            case DUPLICATE -> IngestOutcome.Duplicate.of(m.first());
            case STALE ->
                quarantine(
                    m,
                    QuarantineReason.STALE,
                    m.first()
                        + " is below the replay window (seq "
                        + window.floor(m.first().dev(), m.first().boot())
                        + " and lower are forgotten; high-water mark "
                        + window.highWater(m.first().dev(), m.first().boot())
                        + ")");
            case EQUIVOCATION ->
                quarantine(
                    m,
                    QuarantineReason.EQUIVOCATION,
                    m.first()
                        + " ("
                        + m.count()
                        + " readings) overlaps readings already anchored with other bytes");
          };
      outcomes.add(outcome);
    }
    if (!anchors.isEmpty()) {
      long started = System.nanoTime();
      long first = log.append(anchors);
      metrics.appended(anchors.size(), Duration.ofNanos(System.nanoTime() - started));
      long now = System.currentTimeMillis();
      long[] received = new long[anchoredMessages.size()];
      long[] device = new long[anchoredMessages.size()];
      for (int i = 0; i < received.length; i++) {
        received[i] = anchoredMessages.get(i).receivedAtMillis();
        device[i] = anchoredMessages.get(i).deviceMillis();
        metrics.anchored(received[i], now);
      }
      latency.appended(first, received, device);
      anchoredEntries += anchors.size();
    }
    // Quarantines were logged where they were kept; duplicates are routine (QoS 1 redelivery).
    outcomes.forEach(metrics::outcome);
    // Counted before the acknowledgement, so whoever waits for it sees the count.
    for (Delivery delivery : batch) {
      delivery.ack();
    }
  }

  private IngestOutcome quarantine(BusMessage m, QuarantineReason reason, String detail) {
    try {
      quarantine.quarantine(
          m.first().dev().readingsTopic(),
          m.message(),
          Instant.ofEpochMilli(m.receivedAtMillis()),
          reason,
          detail,
          Optional.of(m.first()));
    } catch (Exception e) {
      throw new IllegalStateException("could not keep a quarantined message: " + e.getMessage(), e);
    }
    IngestOutcome.Quarantined outcome = IngestOutcome.Quarantined.of(reason, detail);
    LOG.log(System.Logger.Level.INFO, outcome.logLine());
    return outcome;
  }

  /** Whether the sequencing thread runs. */
  public boolean running() {
    return thread.isAlive();
  }

  /** Ledger entries this sequencer appended since it started. */
  public long anchoredEntries() {
    return anchoredEntries;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops after the batch in hand; what is not acknowledged comes again from the bus. */
  @Override
  public void close() throws Exception {
    running = false;
    thread.interrupt();
    thread.join(10_000);
    in.close();
  }
}
