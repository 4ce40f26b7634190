package org.tracemark.api.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.tracemark.api.ledger.Ledger;
import org.tracemark.ingest.sequencer.Anchor;
import org.tracemark.ingest.sequencer.AnchorLog;
import org.tracemark.ingest.sequencer.AnchoredRange;
import org.tracemark.ledger.log.Appended;
import org.tracemark.ledger.log.LogReader;
import org.tracemark.ledger.tile.BundleIndex;
import org.tracemark.ledger.tile.EntryBundle;
import org.tracemark.ledger.tile.Tiling;

/**
 * The sequencer's {@link AnchorLog}: the deployment's {@link Ledger} plus the anchor index in
 * PostgreSQL (tables {@code anchored_reading} and {@code anchor_state}, migration V6). The index is
 * written right after each ledger commit, in a transaction of its own; a crash in between leaves
 * entries without index rows, which {@link #recover()} restores from the log itself before the next
 * append, so a redelivery is always recognised.
 */
@ApplicationScoped
public class LedgerAnchorLog implements AnchorLog {

  private static final Logger LOG = Logger.getLogger(LedgerAnchorLog.class);
  private static final int ROWS_PER_STATEMENT = 1000;

  private final Ledger ledger;
  private final DataSource dataSource;
  private final String schema;

  public LedgerAnchorLog(
      Ledger ledger,
      DataSource dataSource,
      @ConfigProperty(name = "tracemark.db.schema") String schema) {
    this.ledger = ledger;
    this.dataSource = dataSource;
    this.schema = schema;
  }

  private record Row(AnchoredRange range, long index) {}

  /** Rows of one append and the log size after it. */
  private record Pending(List<Row> rows, long size) {}

  private final java.util.concurrent.BlockingQueue<Pending> pending =
      new java.util.concurrent.ArrayBlockingQueue<>(1024);
  private final java.util.concurrent.locks.ReentrantLock indexing =
      new java.util.concurrent.locks.ReentrantLock();
  private Thread indexer;

  @Override
  public long append(List<Anchor> anchors) throws Exception {
    List<byte[]> entries = new ArrayList<>(anchors.size());
    anchors.forEach(a -> entries.add(a.entry()));
    Appended appended = ledger.append(entries);
    ledger.requestCheckpoint();
    long first = appended.first().value();
    List<Row> rows = new ArrayList<>(anchors.size());
    for (int i = 0; i < anchors.size(); i++) {
      rows.add(new Row(AnchoredRange.of(anchors.get(i)), first + i));
    }
    startIndexer();
    pending.put(new Pending(rows, appended.state().size().value())); // waits if the index lags far
    return first;
  }

  private synchronized void startIndexer() {
    if (indexer == null) {
      indexer = new Thread(this::follow, "tracemark-anchor-index");
      indexer.setDaemon(true);
      indexer.start();
    }
  }

  /** Writes what appends left in {@link #pending}, many appends per transaction. */
  private void follow() {
    List<Pending> taken = new ArrayList<>();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        if (taken.isEmpty()) {
          taken.add(pending.take());
        }
        pending.drainTo(taken);
        indexing.lock();
        try {
          List<Row> rows = new ArrayList<>();
          taken.forEach(p -> rows.addAll(p.rows()));
          index(rows, taken.get(taken.size() - 1).size());
        } finally {
          indexing.unlock();
        }
        taken.clear();
      } catch (InterruptedException e) {
        return;
      } catch (SQLException | RuntimeException e) {
        // Kept and tried again; if the process dies first, recover() reads them back from the log.
        LOG.warnf("could not index %d appends yet (%s); retrying", taken.size(), e.getMessage());
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  @Override
  public void recover() throws Exception {
    long size = ledger.reload().size().value();
    indexing.lock();
    try {
      pending.clear(); // whatever it held is in the log, and read back from there below
      catchUp(size);
    } finally {
      indexing.unlock();
    }
  }

  private void catchUp(long size) throws Exception {
    long indexed = indexedSize();
    if (indexed >= size) {
      return;
    }
    LOG.infof("Indexing ledger entries %d..%d that were appended before a restart", indexed, size);
    LogReader reader = new LogReader(ledger.storage());
    List<Row> rows = new ArrayList<>();
    long unreadable = 0;
    long firstUnreadable = -1;
    String why = null;
    for (long bundle = indexed >>> Tiling.HEIGHT;
        bundle <= (size - 1) >>> Tiling.HEIGHT;
        bundle++) {
      long start = bundle << Tiling.HEIGHT;
      int width = (int) Math.min(Tiling.WIDTH, size - start);
      BundleIndex at =
          width == Tiling.WIDTH ? BundleIndex.full(bundle) : BundleIndex.partial(bundle, width);
      List<byte[]> entries = EntryBundle.decode(reader.bundle(at), width);
      for (int i = (int) Math.max(0, indexed - start); i < width; i++) {
        try {
          Optional<AnchoredRange> range = AnchoredRange.of(entries.get(i));
          if (range.isPresent()) {
            rows.add(new Row(range.get(), start + i));
          }
        } catch (IllegalArgumentException e) {
          // Never written by a sequencer; the log is append-only, so count it and go on.
          if (unreadable++ == 0) {
            firstUnreadable = start + i;
            why = e.getMessage();
          }
        }
      }
      if (rows.size() >= 4096) {
        index(rows, start + width);
        rows.clear();
      }
    }
    index(rows, size);
    if (unreadable > 0) {
      LOG.warnf(
          "%d ledger entries are neither readings nor other known entries (the first at %d: %s)",
          unreadable, firstUnreadable, why);
    }
  }

  /** Writes index rows and moves indexed_size to {@code size}, in one transaction. */
  private void index(List<Row> rows, long size) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
          List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
          insert(c, chunk);
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "UPDATE "
                    + schema
                    + ".anchor_state SET indexed_size = ? WHERE id = 1 AND indexed_size < ?")) {
          s.setLong(1, size);
          s.setLong(2, size);
          s.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** One multi-row INSERT (far fewer round trips than a JDBC batch of single rows). */
  private void insert(Connection c, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(schema)
            .append(
                ".anchored_reading (device_id, boot, first_seq, last_seq, sha256, ledger_index)"
                    + " VALUES ");
    for (int i = 0; i < rows.size(); i++) {
      sql.append(i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)");
    }
    sql.append(" ON CONFLICT (device_id, boot, first_seq) DO NOTHING");
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int p = 1;
      for (Row row : rows) {
        s.setString(p++, row.range().device());
        s.setLong(p++, row.range().boot());
        s.setLong(p++, row.range().firstSeq());
        s.setLong(p++, row.range().lastSeq());
        s.setBytes(p++, row.range().sha256());
        s.setLong(p++, row.index());
      }
      s.executeUpdate();
    }
  }

  private long indexedSize() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT indexed_size FROM " + schema + ".anchor_state WHERE id = 1");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void recent(int ranges, int boots, RangeSink sink) throws SQLException {
    String table = schema + ".anchored_reading";
    String sql =
        "WITH b AS (SELECT device_id, boot,"
            + " row_number() OVER (PARTITION BY device_id ORDER BY boot DESC) AS rank"
            + " FROM (SELECT DISTINCT device_id, boot FROM "
            + table
            + ") d),"
            + " r AS (SELECT r.device_id, r.boot, r.first_seq, r.last_seq, r.sha256,"
            + " row_number() OVER (PARTITION BY r.device_id, r.boot ORDER BY r.first_seq DESC)"
            + " AS newest FROM "
            + table
            + " r JOIN b ON b.device_id = r.device_id AND b.boot = r.boot WHERE b.rank <= ?)"
            + " SELECT device_id, boot, first_seq, last_seq, sha256 FROM r WHERE newest <= ?"
            + " ORDER BY device_id, boot, first_seq";
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false); // lets the driver stream with a fetch size
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setFetchSize(10_000);
        s.setInt(1, boots);
        s.setLong(2, ranges);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            sink.range(
                rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getBytes(5));
          }
        }
      } finally {
        c.rollback();
      }
    }
  }

  /** The ledger index of the entry holding reading {@code (device, boot, seq)}, if anchored. */
  public Optional<Long> entryOf(String device, long boot, long seq) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT ledger_index FROM "
                    + schema
                    + ".anchored_reading WHERE device_id = ? AND boot = ? AND first_seq <= ?"
                    + " AND last_seq >= ? ORDER BY first_seq DESC LIMIT 1")) {
      s.setString(1, device);
      s.setLong(2, boot);
      s.setLong(3, seq);
      s.setLong(4, seq);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }
}
