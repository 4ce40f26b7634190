package org.tracemark.api.epcis;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.tracemark.api.epcis.EventStore.StoredEvent;
import org.tracemark.api.ledger.Ledger;
import org.tracemark.ingest.entry.EpcisEntry;
import org.tracemark.ledger.log.LogReader;

/**
 * Anchors captured events: drains the outbox of {@link EventStore} (events whose {@code
 * ledger_index} is still empty) into the ledger as {@code epcis} entries (DESIGN §3), in capture
 * order, and records where each landed. A capture wakes it; otherwise it looks once a second.
 *
 * <p>Exactly once, whatever crashes: before each append it records the log size it appends at
 * ({@code epcis_anchor_state.scan_from}); after a failure or a restart it reads the log from there
 * and matches the entries it finds to unanchored events (an entry is a function of its row: hash,
 * event, organisation and record time), so an event that landed is marked, not appended again.
 */
@ApplicationScoped
public class EventAnchorer {

  private static final Logger LOG = Logger.getLogger(EventAnchorer.class);

  /** Events per ledger append. */
  static final int BATCH = 1024;

  private final EventStore store;
  private final Ledger ledger;
  private final DataSource dataSource;
  private final String schema;
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  public EventAnchorer(
      EventStore store,
      Ledger ledger,
      DataSource dataSource,
      @ConfigProperty(name = "tracemark.db.schema") String schema) {
    this.store = store;
    this.ledger = ledger;
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /** Starts after the ledger (whose observer runs at the default priority). */
  void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event) {
    running = true;
    thread = new Thread(this::run, "tracemark-epcis-anchorer");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.interrupt();
      thread.join(5_000);
    }
  }

  /** Tells the anchorer that events were captured. */
  public void captured() {
    wake.release();
  }

  private void run() {
    boolean recovered = false;
    long backoff = 200;
    while (running) {
      try {
        if (!recovered) {
          recover();
          recovered = true;
        }
        if (anchorBatch() < BATCH) {
          wake.tryAcquire(1, TimeUnit.SECONDS);
          wake.drainPermits();
        }
        backoff = 200;
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        recovered = false;
        LOG.warnf("could not anchor captured events yet (%s); retrying", e.getMessage());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException stop) {
          return;
        }
        backoff = Math.min(10_000, backoff * 2);
      }
    }
  }

  /** Appends the oldest unanchored events; returns how many. */
  int anchorBatch() throws Exception {
    List<StoredEvent> batch = store.unanchored(BATCH);
    if (batch.isEmpty()) {
      return 0;
    }
    List<byte[]> entries = new ArrayList<>(batch.size());
    List<Long> seqs = new ArrayList<>(batch.size());
    for (StoredEvent event : batch) {
      entries.add(entry(event));
      seqs.add(event.seq());
    }
    scanFrom(ledger.state().size().value());
    long first = ledger.append(entries).first().value();
    ledger.requestCheckpoint();
    store.anchored(seqs, first);
    return batch.size();
  }

  private static byte[] entry(StoredEvent event) {
    return EpcisEntry.encode(
        event.hash(),
        event.json().getBytes(UTF_8),
        event.organisation(),
        event.recordTime().toEpochMilli());
  }

  /** Marks unanchored events whose entries are in the log already (a crash after an append). */
  void recover() throws Exception {
    List<StoredEvent> unanchored = store.unanchored(Integer.MAX_VALUE);
    if (unanchored.isEmpty()) {
      return;
    }
    Map<String, ArrayDeque<StoredEvent>> waiting = new HashMap<>();
    for (StoredEvent event : unanchored) {
      waiting.computeIfAbsent(key(entry(event)), k -> new ArrayDeque<>()).add(event);
    }
    long from = scanFrom();
    long size = ledger.reload().size().value();
    List<Long> seqs = new ArrayList<>();
    List<Long> indexes = new ArrayList<>();
    new LogReader(ledger.storage())
        .entries(
            from,
            size,
            (index, bytes) -> {
              if (readQuietly(bytes).isEmpty()) {
                return; // a reading or a decision
              }
              ArrayDeque<StoredEvent> same = waiting.get(key(bytes));
              if (same != null && !same.isEmpty()) {
                seqs.add(same.poll().seq());
                indexes.add(index);
              }
            });
    if (!seqs.isEmpty()) {
      store.anchoredAt(seqs, indexes);
      LOG.infof(
          "%d captured events were in the ledger already (appended before a restart)", seqs.size());
    }
  }

  private static Optional<EpcisEntry.Read> readQuietly(byte[] entry) {
    try {
      return EpcisEntry.read(entry);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not ours to judge here; the verifier reports such entries
    }
  }

  /** Entries are compared whole: same bytes, same event, organisation and record time. */
  private static String key(byte[] entry) {
    return java.util.HexFormat.of().formatHex(org.tracemark.keys.signing.Sha256.digest(entry));
  }

  private long scanFrom() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT scan_from FROM " + schema + ".epcis_anchor_state");
        var rs = s.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private void scanFrom(long size) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE " + schema + ".epcis_anchor_state SET scan_from = ? WHERE id = 1")) {
      s.setLong(1, size);
      s.executeUpdate();
    }
  }
}
