package org.tracemark.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.ReferenceLog;
import org.tracemark.ledger.log.LogReader;
import org.tracemark.ledger.log.LogWriter;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.proof.ProofBuilder;
import org.tracemark.ledger.tile.Tiling;

class CachingLogStorageTest {

  /** Counts the tile reads that reach the real storage. */
  private static final class Counting extends ForwardingLogStorage {
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger fullReads = new AtomicInteger();

    Counting(LogStorage storage) {
      super(storage);
    }

    @Override
    public Optional<StoredTile> tile(int level, long index) throws StorageException {
      reads.incrementAndGet();
      Optional<StoredTile> tile = super.tile(level, index);
      if (tile.isPresent() && tile.get().width() == Tiling.WIDTH) {
        fullReads.incrementAndGet();
      }
      return tile;
    }
  }

  private static Counting log(int size) throws Exception {
    Counting counting = new Counting(new MemoryLogStorage());
    LogWriter writer = LogWriter.open(counting);
    List<byte[]> entries = new ArrayList<>(ReferenceLog.entries(7, size, 40));
    for (int i = 0; i < size; i += 500) {
      writer.append(entries.subList(i, Math.min(size, i + 500)));
    }
    counting.reads.set(0);
    counting.fullReads.set(0);
    return counting;
  }

  @Test
  void fullTilesAreReadOnceAndProofsAreTheSame() throws Exception {
    Counting backing = log(5_000);
    CachingLogStorage cached = new CachingLogStorage(backing, 64 << 20);
    ProofBuilder direct = new ProofBuilder(backing);
    ProofBuilder viaCache = new ProofBuilder(cached);
    for (long i = 0; i < 5_000; i += 97) {
      assertThat(viaCache.inclusionProof(LeafIndex.of(i), TreeSize.of(5_000)))
          .isEqualTo(direct.inclusionProof(LeafIndex.of(i), TreeSize.of(5_000)));
      assertThat(new LogReader(cached).entry(LeafIndex.of(i)))
          .isEqualTo(new LogReader(backing).entry(LeafIndex.of(i)));
    }
    backing.reads.set(0);
    backing.fullReads.set(0);
    for (long i = 0; i < 5_000; i += 97) {
      direct.inclusionProof(LeafIndex.of(i), TreeSize.of(5_000));
      new LogReader(backing).entry(LeafIndex.of(i));
    }
    int uncached = backing.reads.getAndSet(0);
    int uncachedFull = backing.fullReads.getAndSet(0);
    for (long i = 0; i < 5_000; i += 97) {
      viaCache.inclusionProof(LeafIndex.of(i), TreeSize.of(5_000));
      new LogReader(cached).entry(LeafIndex.of(i));
    }
    // The first pass cached every full tile these proofs need: now only partial tiles (the right
    // edge of the tree, which grows) still reach storage.
    assertThat(uncachedFull).isPositive();
    assertThat(backing.fullReads.get()).isZero();
    assertThat(backing.reads.get()).isEqualTo(uncached - uncachedFull);
    assertThat(cached.hitsAndMisses()[0]).isGreaterThanOrEqualTo(uncachedFull);
  }

  @Test
  void partialTilesAreNeverCachedAndTheBudgetHolds() throws Exception {
    Counting backing = log(300); // tile 0/000 full, 0/001.p/44 partial
    CachingLogStorage cached = new CachingLogStorage(backing, 64 << 20);
    cached.tile(0, 1);
    cached.tile(0, 1);
    assertThat(backing.reads.get()).isEqualTo(2);
    cached.tile(0, 0);
    cached.tile(0, 0);
    assertThat(backing.reads.get()).isEqualTo(3);
    assertThat(cached.bytes()).isEqualTo(Tiling.WIDTH * 32L);

    CachingLogStorage tiny = new CachingLogStorage(backing, Tiling.WIDTH * 32L - 1);
    tiny.tile(0, 0);
    assertThat(tiny.bytes()).isZero();
  }
}
