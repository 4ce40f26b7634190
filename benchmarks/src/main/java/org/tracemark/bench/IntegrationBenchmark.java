package org.tracemark.bench;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.tracemark.ledger.log.Appended;
import org.tracemark.ledger.log.LogReader;
import org.tracemark.ledger.log.LogWriter;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.storage.LogState;
import org.tracemark.ledger.storage.MemoryLogStorage;
import org.tracemark.ledger.storage.PostgresLogStorage;

/**
 * Integration end to end: {@link LogWriter#append} of a batch of entries, through hashing, tiles
 * and bundles, to a returned (durable) {@code commit} — one transaction per batch for PostgreSQL.
 * One thread, as the sequencer appends.
 *
 * <p>The primary score is batches/s; {@code append:entries} is the figure that matters, entries/s.
 * {@code memory} is the ceiling without a database (the in-heap storage copies every tile and keeps
 * all of them alive, so it is not free either); it is emptied before each iteration to keep the
 * heap bounded. The PostgreSQL log lives in a throwaway schema for the whole trial and grows across
 * iterations, as a real one does.
 *
 * <p>After each measurement iteration the fork prints where the time went: the share spent inside
 * {@code storage.commit} (the rest is the writer hashing and building tiles), the rows and bytes
 * each commit writes (partial tiles and bundles are rewritten, wider, by the next batch), and, for
 * PostgreSQL, the time per JDBC call.
 *
 * <p>{@code storage=postgres-one-statement} is an experiment, not the ledger's code: {@link
 * OneStatementPostgresLogStorage} commits in one round trip instead of four, to measure that
 * suggestion.
 *
 * <p>{@code rewriteBatchedInserts}, {@code pooled} and {@code pgOptions} exist for profiling runs
 * ({@code -p pooled=false}, {@code -p pgOptions='-c synchronous_commit=off'}); the defaults match
 * the application (a connection pool, driver defaults, durable commits).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class IntegrationBenchmark {

  @Param({"memory", "postgres"})
  public String storage;

  @Param({"256", "1000", "4096"})
  public int batch;

  @Param({"200"})
  public int entryBytes;

  @Param({"false"})
  public boolean rewriteBatchedInserts;

  @Param({"true"})
  public boolean pooled;

  @Param({""})
  public String pgOptions;

  /**
   * How {@code ledger_tile.data} is stored: empty for the migration's default (TOAST, pglz
   * compression attempted), {@code external} (TOAST without compression) or {@code lz4}.
   */
  @Param({""})
  public String tileStorage;

  /**
   * Entries appended before the run, so that batches start mid-bundle: 0 aligns batches of 256 and
   * 4,096 with bundles (no partial bundle is ever written); a sequencer cutting batches by time
   * hardly ever is aligned.
   */
  @Param({"0"})
  public int offset;

  /** Entries appended, reported as a rate next to the batches/s score. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Counters {
    public long entries;

    @Setup(Level.Iteration)
    public void reset() {
      entries = 0;
    }
  }

  private Entries entries;
  private TimedDataSource dataSource;
  private String schema;
  private MeasuredLogStorage measured;
  private LogWriter writer;
  private long iterationStart;
  private long entriesAtStart;
  private int measurementIteration;
  private long walAtStart;
  private final CpuMeter cpu = new CpuMeter();

  @Setup(Level.Trial)
  public void trial() throws Exception {
    entries = new Entries(entryBytes, 42);
    switch (storage) {
      case "memory" -> {}
      case "postgres", "postgres-one-statement" -> {
        dataSource = Postgres.dataSource(pooled, rewriteBatchedInserts, pgOptions);
        schema = Postgres.createLedgerSchema(dataSource);
        alterTileStorage();
        measured =
            new MeasuredLogStorage(
                storage.equals("postgres")
                    ? new PostgresLogStorage(dataSource, schema)
                    : new OneStatementPostgresLogStorage(dataSource, schema));
        writer = LogWriter.open(measured);
        appendOffset();
      }
      default ->
          throw new IllegalArgumentException(
              "storage is memory, postgres or postgres-one-statement: " + storage);
    }
  }

  @Setup(Level.Iteration)
  public void iteration() throws Exception {
    if (storage.equals("memory")) {
      writer = null;
      measured = null;
      System.gc();
      measured = new MeasuredLogStorage(new MemoryLogStorage());
      writer = LogWriter.open(measured);
      appendOffset();
    }
    measured.reset();
    if (dataSource != null) {
      walAtStart = Postgres.walPosition();
      dataSource.reset();
    }
    cpu.start();
    entriesAtStart = writer.state().size().value();
    iterationStart = System.nanoTime();
  }

  private void appendOffset() throws Exception {
    if (offset > 0) {
      writer.append(new Entries(entryBytes, 1).next(offset));
    }
  }

  private void alterTileStorage() throws Exception {
    String alter =
        switch (tileStorage) {
          case "" -> null;
          case "external" -> "ALTER COLUMN data SET STORAGE EXTERNAL";
          case "lz4" -> "ALTER COLUMN data SET COMPRESSION lz4";
          default -> throw new IllegalArgumentException("tileStorage: '', external or lz4");
        };
    if (alter != null) {
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement()) {
        s.execute("ALTER TABLE " + schema + ".ledger_tile " + alter);
      }
    }
  }

  @Benchmark
  public Appended append(Counters counters) throws Exception {
    Appended appended = writer.append(entries.next(batch));
    counters.entries += appended.count();
    return appended;
  }

  @TearDown(Level.Iteration)
  public void report(IterationParams iteration) throws Exception {
    long wall = System.nanoTime() - iterationStart;
    if (iteration.getType() != IterationType.MEASUREMENT) {
      return;
    }
    String cpuUse = cpu.report();
    measurementIteration++;
    long appended = writer.state().size().value() - entriesAtStart;
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%n  [%s, batch %d, iteration %d] %,.0f entries/s; log size %,d; inside"
                + " storage.commit %.0f%% of the time, the writer (hashing, tiles) the rest%n",
            storage,
            batch,
            measurementIteration,
            appended / (wall / 1e9),
            writer.state().size().value(),
            100.0 * measured.commitNanos() / wall));
    out.append(measured.report());
    out.append("    ").append(cpuUse).append('\n');
    if (dataSource != null) {
      long wal = Postgres.walPosition() - walAtStart;
      out.append(
          String.format(
              Locale.ROOT,
              "    WAL written by the server: %,.1f MB, %.0f B per entry appended%n",
              wal / 1e6,
              (double) wal / appended));
      out.append(
          String.format(
              Locale.ROOT,
              "    JDBC calls %.0f%% of the time:%n",
              100.0 * dataSource.totalNanos() / wall));
      out.append(dataSource.report("commit", measured.commits()));
    }
    System.out.print(out);
  }

  @TearDown(Level.Trial)
  public void dropSchema() throws Exception {
    if (dataSource != null) {
      try {
        // What was measured must also be a correct log: the root recomputed from the stored tiles
        // (O(log n) of them, spanning the whole tree) and a writer reopened on the stored right
        // edge must both agree with the committed state.
        LogState state = measured.state();
        Hash fromTiles = new LogReader(measured).rootHash(state.size());
        if (!fromTiles.equals(state.root()) || !LogWriter.open(measured).state().equals(state)) {
          throw new IllegalStateException("the stored log does not match its state " + state);
        }
        Postgres.dropSchema(dataSource, schema);
      } finally {
        dataSource.close();
      }
    }
  }
}
