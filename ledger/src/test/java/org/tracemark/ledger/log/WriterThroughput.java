package org.tracemark.ledger.log;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.proof.ProofBuilder;
import org.tracemark.ledger.storage.MemoryLogStorage;

/**
 * Not a test: prints how fast {@link LogWriter} integrates into {@link MemoryLogStorage} on this
 * machine, single thread, and how many tiles proofs read on a large log. Run with
 *
 * <pre>
 * java -cp target/classes:target/test-classes org.tracemark.ledger.log.WriterThroughput [entries] [batch] [bytes]
 * </pre>
 */
public final class WriterThroughput {

  private WriterThroughput() {}

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int entrySize = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    // A pool of distinct entries, so the run measures hashing and copying, not generating bytes.
    SplittableRandom random = new SplittableRandom(1);
    List<byte[]> pool = new ArrayList<>();
    for (int i = 0; i < 4096; i++) {
      byte[] entry = new byte[entrySize];
      random.nextBytes(entry);
      pool.add(entry);
    }
    for (int round = 0; round < 3; round++) {
      MemoryLogStorage storage = new MemoryLogStorage();
      LogWriter writer = LogWriter.open(storage);
      List<byte[]> batch = new ArrayList<>(batchSize);
      long start = System.nanoTime();
      for (int done = 0; done < total; done += batchSize) {
        batch.clear();
        for (int i = 0; i < batchSize; i++) {
          batch.add(pool.get((done + i) & 4095));
        }
        writer.append(batch);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "round %d: %,d entries of %d bytes in batches of %,d: %.2f s, %,.0f entries/s%n",
          round, total, entrySize, batchSize, seconds, total / seconds);
      if (round == 2) {
        ProofBuilder proofs = new ProofBuilder(storage);
        TreeSize size = writer.state().size();
        long maxInclusion = 0;
        long maxConsistency = 0;
        long proofStart = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
          long before = proofs.reader().tilesRead();
          proofs.inclusionProof(LeafIndex.of(random.nextLong(size.value())), size);
          long middle = proofs.reader().tilesRead();
          proofs.consistencyProof(TreeSize.of(1 + random.nextLong(size.value())), size);
          maxInclusion = Math.max(maxInclusion, middle - before);
          maxConsistency = Math.max(maxConsistency, proofs.reader().tilesRead() - middle);
        }
        System.out.printf(
            "size %,d: 1000 inclusion + 1000 consistency proofs in %.0f ms; most tiles read: %d"
                + " (inclusion), %d (consistency)%n",
            size.value(), (System.nanoTime() - proofStart) / 1e6, maxInclusion, maxConsistency);
      }
    }
  }
}
