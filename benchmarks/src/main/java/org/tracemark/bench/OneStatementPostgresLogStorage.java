package org.tracemark.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.tracemark.ledger.storage.ConflictException;
import org.tracemark.ledger.storage.LogState;
import org.tracemark.ledger.storage.LogStorage;
import org.tracemark.ledger.storage.PostgresLogStorage;
import org.tracemark.ledger.storage.StorageException;
import org.tracemark.ledger.storage.StoredTile;

/**
 * EXPERIMENT, not product code: measures one suggested change to {@link PostgresLogStorage}, a
 * commit in one round trip instead of four. Same tables, same guarantees for the benchmark's
 * purposes; reads are delegated to the real storage.
 *
 * <p>{@link PostgresLogStorage#commit} makes four round trips to the server, each waiting for the
 * one before: {@code BEGIN} + {@code SELECT … FOR UPDATE}, the tile batch, the state {@code
 * UPDATE}, {@code COMMIT}. Here one autocommitted statement does it all: a conditional {@code
 * UPDATE} of the state row (it takes the row lock, and matches no row if another writer moved the
 * state: then nothing is written and the commit is a conflict) and, in the same statement, the tile
 * upsert from {@code unnest} of four arrays, run only if the update matched. A statement is atomic,
 * and in autocommit mode its transaction commits (and flushes the WAL) before the reply.
 */
final class OneStatementPostgresLogStorage implements LogStorage {

  private final DataSource dataSource;
  private final PostgresLogStorage reads;
  private final String commit;

  OneStatementPostgresLogStorage(DataSource dataSource, String schema) {
    this.dataSource = dataSource;
    this.reads = new PostgresLogStorage(dataSource, schema);
    this.commit =
        "WITH s AS (UPDATE "
            + schema
            + ".ledger_state SET size = ?, root = ?, updated_at = now()"
            + " WHERE id = 1 AND size = ? AND root = ? RETURNING 1),"
            + " t AS (INSERT INTO "
            + schema
            + ".ledger_tile AS t (level, idx, width, data)"
            + " SELECT l, i, w, d FROM unnest(?::smallint[], ?::bigint[], ?::smallint[], ?::bytea[])"
            + " AS u(l, i, w, d) WHERE EXISTS (SELECT 1 FROM s)"
            + " ON CONFLICT (level, idx) DO UPDATE SET width = excluded.width, data = excluded.data"
            + " WHERE excluded.width >= t.width RETURNING 1)"
            + " SELECT (SELECT count(*) FROM s), (SELECT count(*) FROM t)";
  }

  @Override
  public LogState state() throws StorageException {
    return reads.state();
  }

  @Override
  public Optional<StoredTile> tile(int level, long index) throws StorageException {
    return reads.tile(level, index);
  }

  @Override
  public void commit(LogState expected, LogState next, List<StoredTile> tiles)
      throws StorageException, ConflictException {
    int n = tiles.size();
    Short[] levels = new Short[n];
    Long[] indexes = new Long[n];
    Short[] widths = new Short[n];
    byte[][] data = new byte[n][];
    for (int i = 0; i < n; i++) {
      StoredTile tile = tiles.get(i);
      levels[i] = (short) tile.level();
      indexes[i] = tile.index();
      widths[i] = (short) tile.width();
      data[i] = tile.data();
    }
    boolean moved;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(commit)) {
      Array levelArray = c.createArrayOf("int2", levels);
      Array indexArray = c.createArrayOf("int8", indexes);
      Array widthArray = c.createArrayOf("int2", widths);
      Array dataArray = c.createArrayOf("bytea", data);
      s.setLong(1, next.size().value());
      s.setBytes(2, next.root().bytes());
      s.setLong(3, expected.size().value());
      s.setBytes(4, expected.root().bytes());
      s.setArray(5, levelArray);
      s.setArray(6, indexArray);
      s.setArray(7, widthArray);
      s.setArray(8, dataArray);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        moved = rs.getLong(1) == 1;
      }
    } catch (SQLException e) {
      throw new StorageException(
          "could not commit the log from size " + expected.size() + ": " + e.getMessage(), e);
    }
    if (!moved) {
      throw new ConflictException(expected, state());
    }
  }

  @Override
  public Optional<byte[]> checkpoint() throws StorageException {
    return reads.checkpoint();
  }

  @Override
  public void publishCheckpoint(long size, byte[] signedNote) throws StorageException {
    reads.publishCheckpoint(size, signedNote);
  }
}
