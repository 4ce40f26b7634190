package org.tracemark.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.tracemark.ledger.log.LogWriter;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.proof.ProofBuilder;
import org.tracemark.ledger.proof.ProofVerifier;
import org.tracemark.ledger.storage.MemoryLogStorage;

/**
 * Proof generation on a large log ({@code logSize}, 10 million entries by default) in {@link
 * MemoryLogStorage}, through {@link ProofBuilder}: time per inclusion proof (random leaf, tree of
 * the full size) and per consistency proof (random older size up to the full size). Neither touches
 * the database, so this is the ledger's own cost; through PostgreSQL each tile read is a query on
 * top.
 *
 * <p>The log is built in setup from 8-byte entries in batches of 65,536 (a few seconds). Setup then
 * prints, over the same random queries the benchmark cycles through, the tiles read per proof
 * ({@code LogReader.tilesRead()}) and checks a sample of proofs with {@link ProofVerifier}; the
 * teardown prints the tiles read per proof over every proof the benchmark made.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class ProofBenchmark {

  private static final int QUERIES = 4096;
  private static final int BUILD_BATCH = 65_536;

  @Param({"10000000"})
  public long logSize;

  private ProofBuilder proofs;
  private TreeSize size;
  private final long[] indexes = new long[QUERIES];
  private final long[] olderSizes = new long[QUERIES];
  private int next;
  private long proofsMade;
  private long tilesAtStart;

  @Setup(Level.Trial)
  public void build(BenchmarkParams params) throws Exception {
    MemoryLogStorage storage = new MemoryLogStorage();
    LogWriter writer = LogWriter.open(storage);
    long start = System.nanoTime();
    List<byte[]> batch = new ArrayList<>(BUILD_BATCH);
    for (long i = 0; i < logSize; ) {
      batch.clear();
      int n = (int) Math.min(BUILD_BATCH, logSize - i);
      for (int j = 0; j < n; j++) {
        batch.add(ByteBuffer.allocate(8).putLong(i + j).array());
      }
      writer.append(batch);
      i += n;
    }
    size = writer.state().size();
    System.out.printf(
        Locale.ROOT,
        "%n  built a log of %,d entries in %.1f s; heap used %,d MB%n",
        size.value(),
        (System.nanoTime() - start) / 1e9,
        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    proofs = new ProofBuilder(storage);

    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < QUERIES; i++) {
      indexes[i] = random.nextLong(size.value());
      olderSizes[i] = 1 + random.nextLong(size.value() - 1);
    }
    Hash root = writer.state().root();
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    int[] counts = new int[QUERIES];
    for (int i = 0; i < QUERIES; i++) {
      long before = proofs.reader().tilesRead();
      if (method.equals("inclusion")) {
        List<Hash> proof = proofs.inclusionProof(LeafIndex.of(indexes[i]), size);
        counts[i] = (int) (proofs.reader().tilesRead() - before);
        if (i < 64) {
          Hash leaf = TreeHasher.leafHash(ByteBuffer.allocate(8).putLong(indexes[i]).array());
          ProofVerifier.verifyInclusion(leaf, indexes[i], size.value(), proof, root);
        }
      } else {
        List<Hash> proof = proofs.consistencyProof(TreeSize.of(olderSizes[i]), size);
        counts[i] = (int) (proofs.reader().tilesRead() - before);
        if (i < 8) {
          Hash older = proofs.reader().rootHash(TreeSize.of(olderSizes[i]));
          ProofVerifier.verifyConsistency(olderSizes[i], size.value(), proof, older, root);
        }
      }
    }
    int min = Integer.MAX_VALUE;
    int max = 0;
    long sum = 0;
    for (int c : counts) {
      min = Math.min(min, c);
      max = Math.max(max, c);
      sum += c;
    }
    System.out.printf(
        Locale.ROOT,
        "  tiles read per %s proof (%,d random queries, tree size %,d): mean %.2f, min %d, max %d;"
            + " sample proofs verified%n",
        method,
        QUERIES,
        size.value(),
        (double) sum / QUERIES,
        min,
        max);
    tilesAtStart = proofs.reader().tilesRead();
  }

  @Benchmark
  public List<Hash> inclusion() throws Exception {
    proofsMade++;
    return proofs.inclusionProof(LeafIndex.of(indexes[next++ & (QUERIES - 1)]), size);
  }

  @Benchmark
  public List<Hash> consistency() throws Exception {
    proofsMade++;
    return proofs.consistencyProof(TreeSize.of(olderSizes[next++ & (QUERIES - 1)]), size);
  }

  @TearDown(Level.Trial)
  public void report() {
    System.out.printf(
        Locale.ROOT,
        "%n  %,d proofs during warmup and measurement read %.2f tiles each%n",
        proofsMade,
        (double) (proofs.reader().tilesRead() - tilesAtStart) / proofsMade);
  }
}
