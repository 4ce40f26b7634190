package org.tracemark.api.readings;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.tracemark.api.ledger.Ledger;
import org.tracemark.ledger.log.LogReader;
import org.tracemark.ledger.storage.StorageException;
import org.tracemark.ledger.tile.BundleIndex;
import org.tracemark.ledger.tile.EntryBundle;
import org.tracemark.ledger.tile.MalformedBundleException;
import org.tracemark.ledger.tile.Tiling;

/**
 * Projects the ledger's {@code reading} entries into the {@code reading} table, as a follower of
 * the log: it reads the committed entries from its watermark on, in chunks, and commits each
 * chunk's rows together with the watermark after it. The ledger is the source of truth, so a crash
 * at any moment loses nothing (the next run resumes from the last committed watermark), and
 * projecting an entry twice is harmless (rows are keyed by their place in the log).
 *
 * <p>Entries of other types ({@code epcis}, {@code decision}) and bytes that are no entry at all
 * only advance the watermark. A {@code reading} entry that does not decode cannot come from the
 * sequencer, but the log is append-only and must never wedge the projector: it is logged once, with
 * its index, and skipped.
 */
@ApplicationScoped
public class ReadingProjector {

  private static final Logger LOG = Logger.getLogger(ReadingProjector.class);

  private final Ledger ledger;
  private final ReadingStore store;
  private final ProjectorConfig config;

  private LogReader reader;
  private ScheduledExecutorService timer;
  private volatile long projectedSize = -1;
  private volatile Instant caughtUpAt = Instant.now();

  public ReadingProjector(Ledger ledger, ReadingStore store, ProjectorConfig config) {
    this.ledger = ledger;
    this.store = store;
    this.config = config;
  }

  /** After the ledger has opened its storage (its observer has the default priority). */
  void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event)
      throws SQLException {
    if (!config.enabled()) {
      LOG.info("Reading projector disabled (tracemark.projector.enabled=false)");
      return;
    }
    reader = new LogReader(ledger.storage());
    projectedSize = store.watermark();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tracemark-projector");
              t.setDaemon(true);
              return t;
            });
    long every = config.interval().toMillis();
    timer.scheduleWithFixedDelay(this::catchUpQuietly, 0, every, TimeUnit.MILLISECONDS);
    LOG.infof("Reading projector following the ledger from index %d", projectedSize);
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdown();
    }
  }

  /**
   * The next ledger index to project, as last committed by this process: every entry below it is in
   * the tables. {@code -1} before the projector has started.
   */
  public long projectedSize() {
    return projectedSize;
  }

  /** When the projector last reached the size the ledger had when it started looking. */
  public Instant caughtUpAt() {
    return caughtUpAt;
  }

  /** Whether the projector runs in this process ({@code tracemark.projector.enabled}). */
  public boolean running() {
    return reader != null;
  }

  /**
   * Projects every entry committed to the ledger when called, chunk by chunk; returns how many
   * entries that took. Safe to call at any time, from any thread, and from several processes.
   */
  public synchronized long catchUp() throws SQLException, StorageException {
    if (reader == null) {
      throw new IllegalStateException("the projector is disabled or not started");
    }
    long size = ledger.state().size().value();
    long projected = 0;
    while (true) {
      long chunk = projectChunk(size);
      if (chunk == 0) {
        caughtUpAt = Instant.now();
        return projected;
      }
      projected += chunk;
    }
  }

  /**
   * Moves the watermark back to {@code index} (if it is past it), so that the entries from there on
   * are projected again: rows that exist stay as they are, missing ones are added. For operators
   * repairing a table, and for tests of idempotence.
   */
  public synchronized void replayFrom(long index) throws SQLException {
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      long watermark = store.lockWatermark(c);
      if (index < watermark) {
        store.advance(c, Math.max(0, index));
      }
      c.commit();
      projectedSize = Math.min(watermark, Math.max(0, index));
    }
  }

  private void catchUpQuietly() {
    try {
      catchUp();
    } catch (SQLException | StorageException | RuntimeException e) {
      // The next tick retries from the committed watermark; nothing is lost or doubled.
      LOG.warnf("projection paused at index %d: %s", projectedSize, e.getMessage());
    }
  }

  /** One transaction: entries [watermark, up to size), their rows, the watermark after them. */
  private long projectChunk(long size) throws SQLException, StorageException {
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      try {
        long from = store.lockWatermark(c);
        if (from >= size) {
          c.rollback();
          projectedSize = from;
          return 0;
        }
        long limit = Math.min(size, from + config.chunkEntries());
        List<ReadingRow> rows = new ArrayList<>();
        long next = from;
        int notEntries = 0;
        long firstNotEntry = -1;
        while (next < limit && (next == from || rows.size() < config.chunkReadings())) {
          List<byte[]> entries = entries(next, limit);
          for (byte[] entry : entries) {
            if (next > from && rows.size() >= config.chunkReadings()) {
              break;
            }
            try {
              rows.addAll(ReadingRow.fromEntry(next, entry));
            } catch (ReadingRow.MalformedReadingEntryException e) {
              LOG.warnf(
                  "ledger entry %d is a reading entry that does not decode, skipped: %s",
                  next, e.getMessage());
            } catch (ReadingRow.NotAnEntryException e) {
              if (notEntries++ == 0) {
                firstNotEntry = next;
              }
            }
            next++;
          }
        }
        store.insert(c, rows);
        store.advance(c, next);
        c.commit();
        projectedSize = next;
        if (notEntries > 0) {
          LOG.infof(
              "skipped %d ledger entries in [%d, %d) that are not entries of DESIGN §3 (first %d)",
              notEntries, from, next, firstNotEntry);
        }
        LOG.debugf("projected entries [%d, %d): %d readings", from, next, rows.size());
        return next - from;
      } catch (SQLException | StorageException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * The entries from {@code first} to the end of its bundle or {@code limit}, whichever is first.
   */
  private List<byte[]> entries(long first, long limit) throws StorageException {
    long bundle = first >>> Tiling.HEIGHT;
    long bundleStart = bundle << Tiling.HEIGHT;
    int width = (int) Math.min(Tiling.WIDTH, limit - bundleStart);
    BundleIndex index =
        width == Tiling.WIDTH ? BundleIndex.full(bundle) : BundleIndex.partial(bundle, width);
    List<byte[]> all;
    try {
      all = EntryBundle.decode(reader.bundle(index), width);
    } catch (MalformedBundleException e) {
      throw new IllegalStateException("entry bundle " + bundle + " is corrupt: " + e.getMessage());
    }
    return all.subList((int) (first - bundleStart), width);
  }
}
