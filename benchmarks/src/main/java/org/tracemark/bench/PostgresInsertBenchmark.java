package org.tracemark.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ceiling for integration into PostgreSQL: how fast this server takes plain batched inserts of
 * {@code rowBytes}-byte {@code bytea} rows into a table shaped like {@code ledger_tile}, {@code
 * bytesPerTransaction / rowBytes} rows per JDBC batch and transaction, durable commits, one
 * connection kept open. No state row, no conflicts, no rewrites: the least a database does to store
 * the same bytes.
 *
 * <p>The score is transactions/s; {@code insert:rows} is rows/s and {@code insert:megabytes} MB/s.
 * Dividing MB/s by the bytes the ledger writes per entry (234 for 200-byte entries: the entry, its
 * 2-byte length, its 32-byte leaf hash; more when partial tiles are rewritten) gives the entries/s
 * this ceiling would allow. Rows of 8 KiB (a full hash tile) and of 51,712 bytes (a full bundle).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Benchmark)
public class PostgresInsertBenchmark {

  private static final int POOL = 256;

  /** 8,192: a full hash tile; 51,712: a full bundle of 256 entries of 200 bytes. */
  @Param({"8192", "51712"})
  public int rowBytes;

  /** About what a batch of 1,000 (262,144) or 4,096 (1,048,576) 200-byte entries writes. */
  @Param({"262144", "1048576"})
  public int bytesPerTransaction;

  private int rowsPerTransaction;

  @Param({"false"})
  public boolean rewriteBatchedInserts;

  @Param({""})
  public String pgOptions;

  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Counters {
    public long rows;
    public double megabytes;

    @Setup(Level.Iteration)
    public void reset() {
      rows = 0;
      megabytes = 0;
    }
  }

  private TimedDataSource dataSource;
  private String schema;
  private Connection connection;
  private PreparedStatement insert;
  private byte[][] rows;
  private long nextIndex;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    dataSource = Postgres.dataSource(true, rewriteBatchedInserts, pgOptions);
    schema = Postgres.createSchema(dataSource);
    connection = dataSource.getConnection();
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + schema
              + ".raw_tile (level smallint NOT NULL, idx bigint NOT NULL, width smallint NOT NULL,"
              + " data bytea NOT NULL, PRIMARY KEY (level, idx))");
    }
    connection.setAutoCommit(false);
    insert =
        connection.prepareStatement(
            "INSERT INTO " + schema + ".raw_tile (level, idx, width, data) VALUES (?, ?, ?, ?)");
    rowsPerTransaction = Math.max(1, bytesPerTransaction / rowBytes);
    SplittableRandom random = new SplittableRandom(3);
    rows = new byte[POOL][rowBytes];
    for (byte[] row : rows) {
      random.nextBytes(row);
    }
  }

  @Benchmark
  public int[] insert(Counters counters) throws Exception {
    for (int i = 0; i < rowsPerTransaction; i++) {
      long index = nextIndex++;
      insert.setInt(1, 0);
      insert.setLong(2, index);
      insert.setInt(3, 256);
      insert.setBytes(4, rows[(int) (index % POOL)]);
      insert.addBatch();
    }
    int[] counts = insert.executeBatch();
    connection.commit();
    counters.rows += rowsPerTransaction;
    counters.megabytes += (double) rowsPerTransaction * rowBytes / 1e6;
    return counts;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    try {
      insert.close();
      connection.setAutoCommit(true);
      Postgres.dropSchema(dataSource, schema);
    } finally {
      dataSource.close();
    }
  }
}
