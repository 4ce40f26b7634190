package org.tracemark.ledger.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeSize;

/**
 * {@link LogStorage} on PostgreSQL through plain JDBC (no framework, so the ledger stays a
 * library). The tables are created by the application's Flyway migrations ({@code
 * provenance-api/src/main/resources/db/migration}, tables {@code ledger_tile} and {@code
 * ledger_state}).
 *
 * <p>A commit is one transaction: it locks the single state row, checks the expected state, upserts
 * every tile of the batch in one JDBC batch (never a round trip per hash), and moves the state. A
 * crash before COMMIT leaves nothing; after it, everything.
 */
public final class PostgresLogStorage implements LogStorage {

  private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final DataSource dataSource;
  private final String selectState;
  private final String lockState;
  private final String selectTile;
  private final String upsertTile;
  private final String updateState;
  private final String selectCheckpoint;
  private final String publishCheckpoint;

  /**
   * @param schema the PostgreSQL schema holding the ledger tables (a plain lower-case identifier;
   *     the application uses {@code tracemark}, tests use a throwaway one)
   */
  public PostgresLogStorage(DataSource dataSource, String schema) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    if (schema == null || !SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("not a plain schema name: " + schema);
    }
    String state = schema + ".ledger_state";
    String tile = schema + ".ledger_tile";
    selectState = "SELECT size, root FROM " + state + " WHERE id = 1";
    lockState = selectState + " FOR UPDATE";
    selectTile = "SELECT width, data FROM " + tile + " WHERE level = ? AND idx = ?";
    upsertTile =
        "INSERT INTO "
            + tile
            + " AS t (level, idx, width, data) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (level, idx) DO UPDATE SET width = excluded.width, data = excluded.data"
            + " WHERE excluded.width >= t.width";
    updateState = "UPDATE " + state + " SET size = ?, root = ?, updated_at = now() WHERE id = 1";
    selectCheckpoint = "SELECT checkpoint FROM " + state + " WHERE id = 1";
    publishCheckpoint =
        "UPDATE "
            + state
            + " SET checkpoint = ?, checkpoint_size = ? WHERE id = 1 AND size >= ?"
            + " AND (checkpoint_size IS NULL OR checkpoint_size <= ?)";
  }

  @Override
  public LogState state() throws StorageException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(selectState);
        ResultSet rs = s.executeQuery()) {
      return readState(rs);
    } catch (SQLException e) {
      throw new StorageException("could not read the log state: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<StoredTile> tile(int level, long index) throws StorageException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(selectTile)) {
      s.setInt(1, level);
      s.setLong(2, index);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new StoredTile(level, index, rs.getInt(1), rs.getBytes(2)));
      }
    } catch (SQLException e) {
      throw new StorageException(
          "could not read tile level " + level + " index " + index + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void commit(LogState expected, LogState next, List<StoredTile> tiles)
      throws StorageException, ConflictException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        LogState actual;
        try (PreparedStatement s = c.prepareStatement(lockState);
            ResultSet rs = s.executeQuery()) {
          actual = readState(rs);
        }
        if (!actual.equals(expected)) {
          c.rollback();
          throw new ConflictException(expected, actual);
        }
        try (PreparedStatement s = c.prepareStatement(upsertTile)) {
          for (StoredTile tile : tiles) {
            s.setInt(1, tile.level());
            s.setLong(2, tile.index());
            s.setInt(3, tile.width());
            s.setBytes(4, tile.data());
            s.addBatch();
          }
          s.executeBatch();
        }
        try (PreparedStatement s = c.prepareStatement(updateState)) {
          s.setLong(1, next.size().value());
          s.setBytes(2, next.root().bytes());
          s.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new StorageException(
          "could not commit the log from size "
              + expected.size()
              + " to "
              + next.size()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public Optional<byte[]> checkpoint() throws StorageException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(selectCheckpoint);
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
    } catch (SQLException e) {
      throw new StorageException("could not read the checkpoint: " + e.getMessage(), e);
    }
  }

  @Override
  public void publishCheckpoint(long size, byte[] signedNote) throws StorageException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(publishCheckpoint)) {
      s.setBytes(1, signedNote);
      s.setLong(2, size);
      s.setLong(3, size);
      s.setLong(4, size);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException(
          "could not publish the checkpoint for size " + size + ": " + e.getMessage(), e);
    }
  }

  private static LogState readState(ResultSet rs) throws SQLException {
    if (!rs.next()) {
      throw new SQLException("ledger_state has no row; the ledger migration has not run");
    }
    return new LogState(TreeSize.of(rs.getLong(1)), Hash.of(rs.getBytes(2)));
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
