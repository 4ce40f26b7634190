package org.tracemark.ledger.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.ReferenceLog;
import org.tracemark.ledger.RfcTree;
import org.tracemark.ledger.log.LogWriter;
import org.tracemark.ledger.log.MissingTileException;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.storage.LogState;
import org.tracemark.ledger.storage.MemoryLogStorage;
import org.tracemark.ledger.tile.Tiling;

class ProofBuilderTest {

  // Three tile levels: 70,000 entries fill 273 level-0 tiles and one level-1 tile.
  private static final int LARGE = 70_000;

  private static MemoryLogStorage small;
  private static RfcTree smallTree;
  private static MemoryLogStorage large;
  private static RfcTree largeTree;

  @BeforeAll
  static void buildLogs() throws Exception {
    small = new MemoryLogStorage();
    smallTree = new RfcTree(write(small, 600, 1));
    large = new MemoryLogStorage();
    largeTree = new RfcTree(write(large, LARGE, 2));
  }

  // Writes `count` entries in random batches; returns their leaf hashes.
  private static List<Hash> write(MemoryLogStorage storage, int count, long seed) throws Exception {
    List<byte[]> entries = ReferenceLog.entries(seed, count, 16);
    SplittableRandom random = new SplittableRandom(seed);
    LogWriter writer = LogWriter.open(storage);
    for (int i = 0; i < count; ) {
      int batch = Math.min(count - i, 1 + random.nextInt(700));
      writer.append(entries.subList(i, i + batch));
      i += batch;
    }
    return ReferenceLog.leafHashes(entries);
  }

  @Test
  void everyInclusionProofOfSmallTreesIsTheRfcPathAndVerifies() throws Exception {
    // Storage holds the tiles of the 600-entry tree; every smaller tree is proven by cutting them.
    ProofBuilder proofs = new ProofBuilder(small);
    for (int n : smallSizes()) {
      Hash root = smallTree.root(n);
      for (int m = 0; m < n; m++) {
        List<Hash> proof = proofs.inclusionProof(LeafIndex.of(m), TreeSize.of(n));
        assertThat(proof).as("PATH(%d, D[%d])", m, n).isEqualTo(smallTree.inclusionProof(m, n));
        ProofVerifier.verifyInclusion(smallTree.mth(m, m + 1), m, n, proof, root);
      }
    }
  }

  @Test
  void everyConsistencyProofBetweenSmallTreesIsTheRfcProofAndVerifies() throws Exception {
    ProofBuilder proofs = new ProofBuilder(small);
    for (int n : smallSizes()) {
      Hash root = smallTree.root(n);
      for (int m = 0; m <= n; m++) {
        List<Hash> proof = proofs.consistencyProof(TreeSize.of(m), TreeSize.of(n));
        assertThat(proof).as("PROOF(%d, D[%d])", m, n).isEqualTo(smallTree.consistencyProof(m, n));
        ProofVerifier.verifyConsistency(m, n, proof, smallTree.root(m), root);
      }
    }
  }

  @Test
  void proofsAcrossThreeTileLevelsAreTheRfcProofsAndVerify() throws Exception {
    ProofBuilder proofs = new ProofBuilder(large);
    SplittableRandom random = new SplittableRandom(7);
    List<Integer> sizes = new ArrayList<>(List.of(1, 255, 256, 257, 65_535, 65_536, 65_537, LARGE));
    for (int i = 0; i < 300; i++) {
      sizes.add(1 + random.nextInt(LARGE));
    }
    for (int n : sizes) {
      Hash root = largeTree.root(n);
      for (int m : List.of(0, n - 1, random.nextInt(n), random.nextInt(n))) {
        List<Hash> inclusion = proofs.inclusionProof(LeafIndex.of(m), TreeSize.of(n));
        assertThat(inclusion).as("PATH(%d, D[%d])", m, n).isEqualTo(largeTree.inclusionProof(m, n));
        ProofVerifier.verifyInclusion(largeTree.mth(m, m + 1), m, n, inclusion, root);
      }
      for (int m : List.of(1, n, random.nextInt(n + 1), random.nextInt(n + 1))) {
        List<Hash> consistency = proofs.consistencyProof(TreeSize.of(m), TreeSize.of(n));
        assertThat(consistency)
            .as("PROOF(%d, D[%d])", m, n)
            .isEqualTo(largeTree.consistencyProof(m, n));
        ProofVerifier.verifyConsistency(m, n, consistency, largeTree.root(m), root);
      }
    }
  }

  @Test
  void aProofReadsAtMostTwoTilesPerLevelOfATenMillionEntryLog() throws Exception {
    // 10M tiny entries: 39,063 level-0 tiles, 153 level-1 tiles, one level-2 tile; about 4 s.
    MemoryLogStorage storage = new MemoryLogStorage();
    LogWriter writer = LogWriter.open(storage);
    SplittableRandom random = new SplittableRandom(3);
    Map<Long, Hash> roots = new HashMap<>();
    List<byte[]> batch = new ArrayList<>();
    while (writer.state().size().value() < 10_000_000) {
      batch.clear();
      int count = 1 + random.nextInt(40_000);
      for (int i = 0; i < count; i++) {
        long index = writer.state().size().value() + i;
        batch.add(new byte[] {(byte) (index >>> 16), (byte) (index >>> 8), (byte) index});
      }
      LogState state = writer.append(batch).state();
      roots.put(state.size().value(), state.root());
    }
    ProofBuilder proofs = new ProofBuilder(storage);
    List<Long> sizes = roots.keySet().stream().sorted().toList();
    long mostInclusion = 0;
    long mostConsistency = 0;
    for (int i = 0; i < 300; i++) {
      int sizeAt = random.nextInt(sizes.size());
      long n = sizes.get(sizeAt);
      long m = random.nextLong(n);
      int levels = levels(n);

      long before = proofs.reader().tilesRead();
      List<Hash> inclusion = proofs.inclusionProof(LeafIndex.of(m), TreeSize.of(n));
      long read = proofs.reader().tilesRead() - before;
      // The leaf's own tile and the right edge's at each level, nothing else.
      assertThat(read).as("tiles read for PATH(%d, D[%d])", m, n).isLessThanOrEqualTo(2L * levels);
      mostInclusion = Math.max(mostInclusion, read);
      ProofVerifier.verifyInclusion(
          proofs.reader().leafHash(LeafIndex.of(m)), m, n, inclusion, roots.get(n));

      long from = sizes.get(random.nextInt(sizeAt + 1));
      before = proofs.reader().tilesRead();
      List<Hash> consistency = proofs.consistencyProof(TreeSize.of(from), TreeSize.of(n));
      read = proofs.reader().tilesRead() - before;
      assertThat(read)
          .as("tiles read for PROOF(%d, D[%d])", from, n)
          .isLessThanOrEqualTo(2L * levels);
      mostConsistency = Math.max(mostConsistency, read);
      ProofVerifier.verifyConsistency(from, n, consistency, roots.get(from), roots.get(n));
    }
    System.out.printf(
        "10M-entry log: at most %d tiles per inclusion proof, %d per consistency proof%n",
        mostInclusion, mostConsistency);
  }

  @Test
  void aSizeBeyondTheStoredTilesNamesTheMissingTile() {
    ProofBuilder proofs = new ProofBuilder(small);
    assertThatThrownBy(() -> proofs.inclusionProof(LeafIndex.of(0), TreeSize.of(601)))
        .isInstanceOfSatisfying(
            MissingTileException.class,
            e -> {
              assertThat(e.level()).isZero();
              assertThat(e.index()).isEqualTo(2);
              assertThat(e.neededWidth()).isEqualTo(89);
              assertThat(e.storedWidth()).isEqualTo(88);
            });
    assertThatThrownBy(() -> proofs.consistencyProof(TreeSize.of(10), TreeSize.of(70_000)))
        .isInstanceOf(MissingTileException.class)
        .hasMessageContaining("the read needs width");
  }

  @Test
  void refusesRequestsWithoutAProof() throws Exception {
    ProofBuilder proofs = new ProofBuilder(small);
    assertThatThrownBy(() -> proofs.inclusionProof(LeafIndex.of(5), TreeSize.of(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaf index 5 is not in a tree of size 5");
    assertThatThrownBy(() -> proofs.consistencyProof(TreeSize.of(6), TreeSize.of(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6");
    assertThat(proofs.consistencyProof(TreeSize.ZERO, TreeSize.of(600))).isEmpty();
    assertThat(proofs.consistencyProof(TreeSize.of(600), TreeSize.of(600))).isEmpty();
    assertThat(proofs.inclusionProof(LeafIndex.of(0), TreeSize.of(1))).isEmpty();
  }

  // Every size up to 140, and those around the tile boundaries 256 and 512: each with every index
  // or first size, that is every proof shape up to 7 levels and across a tile edge.
  private static List<Integer> smallSizes() {
    List<Integer> sizes = new ArrayList<>();
    for (int n = 1; n <= 600; n++) {
      if (n <= 140 || Math.abs(n - 256) <= 6 || Math.abs(n - 512) <= 6 || n == 600) {
        sizes.add(n);
      }
    }
    return sizes;
  }

  // Tile levels a tree of size n has: 1 up to 256 entries, 2 up to 65,536, ...
  private static int levels(long n) {
    int levels = 1;
    while ((n >>> (Tiling.HEIGHT * levels)) > 0) {
      levels++;
    }
    return levels;
  }
}
