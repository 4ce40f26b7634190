package org.tracemark.bench;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.CheckpointSigner;
import org.tracemark.ledger.log.LogWriter;
import org.tracemark.ledger.note.Ed25519NoteSigner;
import org.tracemark.ledger.note.KeyName;
import org.tracemark.ledger.storage.LogState;
import org.tracemark.ledger.storage.LogStorage;
import org.tracemark.ledger.storage.MemoryLogStorage;
import org.tracemark.ledger.storage.PostgresLogStorage;

/**
 * Checkpoint latency: from {@code append} returning to a signed checkpoint being published — what
 * the application's checkpointer does every interval (500 ms by default): sign the committed state
 * ({@link CheckpointSigner#sign}, Ed25519 over the tlog-checkpoint body) and {@link
 * LogStorage#publishCheckpoint} it. A batch waits at most the interval plus this.
 *
 * <p>Sample mode: every call is timed, so the output carries percentiles (p50, p99, p99.9, max).
 * Calls are {@code pauseMillis} apart.
 *
 * <ul>
 *   <li>{@code memory}: publishing is an array copy under a lock, so this is the signing cost.
 *   <li>{@code postgres}: one autocommitted {@code UPDATE} of the state row (a WAL flush), idle
 *       database.
 *   <li>{@code postgres-loaded}: the same while another thread appends 1,000-entry batches of
 *       200-byte entries to the same log at {@code loadEntriesPerSecond} (or as fast as it can, if
 *       that is slower). Each commit holds the state row's lock for its whole transaction, so a
 *       publish can wait for one; and both share the machine's two cores with PostgreSQL.
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class CheckpointBenchmark {

  static final String ORIGIN = "bench.tracemark.example/ledger";

  @Param({"memory", "postgres", "postgres-loaded"})
  public String setup;

  @Param({"50000"})
  public int loadEntriesPerSecond;

  /**
   * Pause before each sign-and-publish (not timed). The application publishes every 500 ms; a
   * shorter pause keeps enough samples for percentiles while not turning the publisher itself into
   * a load on the two cores, as back-to-back publishing would.
   */
  @Param({"10"})
  public int pauseMillis;

  private CheckpointSigner signer;
  private LogWriter writer;
  private LogStorage publisher;
  private TimedDataSource writerData;
  private TimedDataSource publisherData;
  private String schema;
  private Thread load;
  private volatile boolean loading;
  private final AtomicLong loadEntries = new AtomicLong();
  private final AtomicReference<Throwable> loadFailure = new AtomicReference<>();
  private long loadStart;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    signer =
        CheckpointSigner.of(
            ORIGIN, Ed25519NoteSigner.generate(KeyName.of(ORIGIN), new SecureRandom()));
    Entries entries = new Entries(200, 11);
    switch (setup) {
      case "memory" -> {
        MemoryLogStorage storage = new MemoryLogStorage();
        writer = LogWriter.open(storage);
        publisher = storage;
      }
      case "postgres", "postgres-loaded" -> {
        // Two connections, as the application's pool gives the sequencer and the checkpointer.
        writerData = Postgres.dataSource(true, false, "");
        publisherData = Postgres.dataSource(true, false, "");
        schema = Postgres.createLedgerSchema(writerData);
        writer = LogWriter.open(new PostgresLogStorage(writerData, schema));
        publisher = new PostgresLogStorage(publisherData, schema);
      }
      default -> throw new IllegalArgumentException("unknown setup " + setup);
    }
    for (int i = 0; i < 100; i++) {
      writer.append(entries.next(1000));
    }
    if (setup.equals("postgres-loaded")) {
      loading = true;
      load = new Thread(() -> appendLoad(entries), "load");
      load.setDaemon(true);
      loadStart = System.nanoTime();
      load.start();
    }
  }

  private void appendLoad(Entries entries) {
    long batchNanos = 1_000L * 1_000_000_000L / loadEntriesPerSecond;
    long next = System.nanoTime();
    try {
      while (loading) {
        writer.append(entries.next(1000));
        loadEntries.addAndGet(1000);
        next += batchNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        } else {
          next = System.nanoTime(); // behind: no catching up in bursts
        }
      }
    } catch (Throwable e) {
      loadFailure.set(e);
    }
  }

  @Setup(Level.Invocation)
  public void pause() throws InterruptedException {
    if (pauseMillis > 0) {
      Thread.sleep(pauseMillis);
    }
  }

  @Benchmark
  public byte[] signAndPublish() throws Exception {
    LogState state = writer.state();
    byte[] note = signer.sign(Checkpoint.of(ORIGIN, state)).bytes();
    publisher.publishCheckpoint(state.size().value(), note);
    return note;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (load != null) {
      loading = false;
      load.join();
      double seconds = (System.nanoTime() - loadStart) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%n  background load: %,d entries in %.1f s = %,.0f entries/s (asked %,d/s)%n",
          loadEntries.get(),
          seconds,
          loadEntries.get() / seconds,
          loadEntriesPerSecond);
      if (loadFailure.get() != null) {
        throw new IllegalStateException("the background appender failed", loadFailure.get());
      }
    }
    if (writerData != null) {
      try {
        Postgres.dropSchema(writerData, schema);
      } finally {
        writerData.close();
        publisherData.close();
      }
    }
  }
}
