package org.tracemark.ledger.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.ReferenceLog;
import org.tracemark.ledger.RfcTree;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.storage.ForwardingLogStorage;
import org.tracemark.ledger.storage.LogStorage;
import org.tracemark.ledger.storage.MemoryLogStorage;
import org.tracemark.ledger.storage.StorageException;
import org.tracemark.ledger.storage.StoredTile;
import org.tracemark.ledger.tile.BundleIndex;
import org.tracemark.ledger.tile.EntryBundle;
import org.tracemark.ledger.tile.MalformedBundleException;
import org.tracemark.ledger.tile.TileIndex;
import org.tracemark.ledger.tile.Tiling;

class LogReaderTest {

  private static final int SIZE = 66_000; // three tile levels; tile 2/000.p/1

  private static List<byte[]> entries;
  private static RfcTree tree;
  private static MemoryLogStorage storage;

  @BeforeAll
  static void writeLog() throws Exception {
    entries = new ArrayList<>(ReferenceLog.entries(5, SIZE, 12));
    entries.set(3, new byte[0]);
    entries.set(4, new byte[EntryBundle.MAX_ENTRY_LENGTH]);
    tree = new RfcTree(ReferenceLog.leafHashes(entries));
    storage = new MemoryLogStorage();
    LogWriter writer = LogWriter.open(storage);
    for (int i = 0; i < SIZE; i += 1_000) {
      writer.append(entries.subList(i, Math.min(SIZE, i + 1_000)));
    }
  }

  @Test
  void everyEntryReadsBackAsAppended() throws Exception {
    LogReader reader = new LogReader(storage);
    for (int i = 0; i < SIZE; i++) {
      assertThat(reader.entry(LeafIndex.of(i))).as("entry %d", i).isEqualTo(entries.get(i));
    }
    assertThatThrownBy(() -> reader.entry(LeafIndex.of(SIZE)))
        .isInstanceOf(MissingTileException.class)
        .hasMessageContaining("bundle 257 is stored 208 wide, the read needs width 209");
  }

  @Test
  void entriesWalksAnyRangeInOrderReadingEachBundleOnce() throws Exception {
    for (long[] range :
        new long[][] {{0, 0}, {0, 1}, {255, 257}, {300, 300 + 2 * 256}, {0, SIZE}}) {
      LogReader reader = new LogReader(storage);
      List<Long> indexes = new ArrayList<>();
      reader.entries(
          range[0],
          range[1],
          (index, entry) -> {
            assertThat(entry).as("entry %d", index).isEqualTo(entries.get((int) index));
            indexes.add(index);
          });
      assertThat(indexes).hasSize((int) (range[1] - range[0]));
      if (!indexes.isEmpty()) {
        assertThat(indexes.get(0)).isEqualTo(range[0]);
        assertThat(indexes.get(indexes.size() - 1)).isEqualTo(range[1] - 1);
        long bundles = ((range[1] - 1) >>> Tiling.HEIGHT) - (range[0] >>> Tiling.HEIGHT) + 1;
        assertThat(reader.tilesRead()).isEqualTo(bundles);
      }
    }
    assertThatThrownBy(() -> new LogReader(storage).entries(5, 4, (i, e) -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tilesAndBundlesOfEverySmallerTreeAreCutFromTheWiderStoredOnes() throws Exception {
    LogReader reader = new LogReader(storage);
    for (int n : List.of(1, 2, 255, 256, 257, 300, 511, 513, 1_000, 65_535, 65_536, 65_537)) {
      List<StoredTile> expected = ReferenceLog.tiles(entries.subList(0, n));
      for (StoredTile tile : expected) {
        byte[] actual =
            tile.isBundle()
                ? reader.bundle(new BundleIndex(tile.index(), tile.width()))
                : reader.tile(new TileIndex(tile.level(), tile.index(), tile.width()));
        assertThat(HexFormat.of().formatHex(actual))
            .as("%s of the tree of size %d", ReferenceLog.name(tile), n)
            .isEqualTo(HexFormat.of().formatHex(tile.data()));
      }
    }
  }

  @Test
  void subtreeHashesMatchTheRecursiveDefinition() throws Exception {
    LogReader reader = new LogReader(storage);
    SplittableRandom random = new SplittableRandom(9);
    for (int height = 0; height <= 16; height++) {
      int leaves = 1 << height;
      List<Subtree> subtrees = new ArrayList<>();
      for (int i = 0; i < 20 && SIZE / leaves > 0; i++) {
        subtrees.add(new Subtree(height, random.nextInt(SIZE / leaves)));
      }
      List<Hash> hashes = reader.subtreeHashes(subtrees);
      for (int i = 0; i < subtrees.size(); i++) {
        Subtree subtree = subtrees.get(i);
        assertThat(hashes.get(i))
            .as("%s", subtree)
            .isEqualTo(tree.mth((int) subtree.start(), (int) subtree.end()));
      }
    }
  }

  @Test
  void rootOfEveryPrefixFromTheRightEdgeTiles() throws Exception {
    LogReader reader = new LogReader(storage);
    for (int n = 0; n <= 2_000; n++) {
      assertThat(reader.rootHash(TreeSize.of(n))).as("root of size %d", n).isEqualTo(tree.root(n));
    }
    SplittableRandom random = new SplittableRandom(4);
    for (int i = 0; i < 500; i++) {
      int n = random.nextInt(SIZE + 1);
      long before = reader.tilesRead();
      assertThat(reader.rootHash(TreeSize.of(n))).as("root of size %d", n).isEqualTo(tree.root(n));
      assertThat(reader.tilesRead() - before)
          .as("tiles read for size %d", n)
          .isLessThanOrEqualTo(3);
    }
  }

  @Test
  void aSubtreeNotInTheStoredTreeIsMissing() {
    LogReader reader = new LogReader(storage);
    assertThatThrownBy(() -> reader.subtreeHash(new Subtree(17, 0)))
        .isInstanceOfSatisfying(
            MissingTileException.class,
            e -> {
              assertThat(e.level()).isEqualTo(2);
              assertThat(e.neededWidth()).isEqualTo(2);
              assertThat(e.storedWidth()).isEqualTo(1);
            });
  }

  @Test
  void flippingAnyByteOfAnyTileChangesTheRootRecomputedFromItsLevel() throws Exception {
    // Every bit of every tile at level L feeds the root as computed from all level-L hashes plus
    // the partial tiles below (and every bundle byte the root from all entries); so no tile can be
    // altered without the root noticing. Every byte of every tile of a 300-entry log, then one
    // random byte of 20 random tiles per level of the 66,000-entry log.
    MemoryLogStorage smallLog = new MemoryLogStorage();
    LogWriter.open(smallLog).append(ReferenceLog.entries(6, 300, 12));
    SplittableRandom random = new SplittableRandom(6);
    int flips = 0;
    for (StoredTile tile : smallLog.allTiles()) {
      for (int offset = 0; offset < tile.data().length; offset++) {
        assertFlipDetected(smallLog, 300, tile, offset);
        flips++;
      }
    }
    assertThat(flips).isGreaterThan(300 * 34);
    for (int level = StoredTile.ENTRIES_LEVEL; level <= 2; level++) {
      int tileLevel = level;
      List<StoredTile> tiles =
          storage.allTiles().stream().filter(tile -> tile.level() == tileLevel).toList();
      for (int i = 0; i < 20; i++) {
        StoredTile tile = tiles.get(random.nextInt(tiles.size()));
        assertFlipDetected(storage, SIZE, tile, random.nextInt(tile.data().length));
      }
    }
  }

  private static void assertFlipDetected(MemoryLogStorage log, long n, StoredTile tile, int offset)
      throws StorageException {
    Hash root = log.state().root();
    assertThat(recomputedRoot(log, n, tile)).as("root without a flip").contains(root);
    assertThat(recomputedRoot(flipping(log, tile.level(), tile.index(), offset), n, tile))
        .as("root after flipping byte %d of %s", offset, ReferenceLog.name(tile))
        .isNotEqualTo(Optional.of(root));
  }

  private static Optional<Hash> recomputedRoot(LogStorage log, long n, StoredTile tile)
      throws StorageException {
    return tile.isBundle()
        ? rootFromBundles(log, n)
        : Optional.of(rootFromLevel(log, n, tile.level()));
  }

  private static LogStorage flipping(LogStorage log, int level, long index, int offset) {
    return new ForwardingLogStorage(log) {
      @Override
      public Optional<StoredTile> tile(int l, long i) throws StorageException {
        Optional<StoredTile> tile = super.tile(l, i);
        if (l == level && i == index) {
          tile.get().data()[offset] ^= 0x01;
        }
        return tile;
      }
    };
  }

  /**
   * The root of size {@code n} from every hash at tile level {@code level} (folded in perfect
   * groups of 2^k by the bits of their count) and, for the leaves they do not cover, the partial
   * tiles of the levels below. Computed with {@link TreeHasher} only.
   */
  private static Hash rootFromLevel(LogStorage log, long n, int level) throws StorageException {
    LogReader reader = new LogReader(log);
    List<Hash> parts = new ArrayList<>();
    long count = n >>> (Tiling.HEIGHT * level);
    List<Hash> hashes = new ArrayList<>();
    for (long i = 0; i * Tiling.WIDTH < count; i++) {
      int width = (int) Math.min(Tiling.WIDTH, count - i * Tiling.WIDTH);
      hashes.addAll(split(reader.tile(new TileIndex(level, i, width))));
    }
    addPerfectGroups(hashes, parts);
    for (int below = level - 1; below >= 0; below--) {
      int width = (int) ((n >>> (Tiling.HEIGHT * below)) & (Tiling.WIDTH - 1));
      if (width > 0) {
        long index = n >>> (Tiling.HEIGHT * (below + 1));
        addPerfectGroups(split(reader.tile(new TileIndex(below, index, width))), parts);
      }
    }
    Hash root = parts.get(parts.size() - 1);
    for (int i = parts.size() - 2; i >= 0; i--) {
      root = TreeHasher.nodeHash(parts.get(i), root);
    }
    return root;
  }

  // The root from every entry of every bundle; empty if a flipped length prefix breaks one.
  private static Optional<Hash> rootFromBundles(LogStorage log, long n) throws StorageException {
    LogReader reader = new LogReader(log);
    List<byte[]> all = new ArrayList<>();
    for (BundleIndex bundle : Tiling.bundles(TreeSize.of(n)).toList()) {
      try {
        all.addAll(EntryBundle.decode(reader.bundle(bundle), bundle.width()));
      } catch (MalformedBundleException | CorruptLogException e) {
        return Optional.empty();
      }
    }
    return Optional.of(TreeHasher.rootHash(all));
  }

  private static void addPerfectGroups(List<Hash> hashes, List<Hash> parts) {
    int from = 0;
    for (int k = 30; k >= 0; k--) {
      if ((hashes.size() >>> k & 1) != 0) {
        parts.add(TreeHasher.rootHashOfLeafHashes(hashes.subList(from, from + (1 << k))));
        from += 1 << k;
      }
    }
  }

  private static List<Hash> split(byte[] tile) {
    List<Hash> hashes = new ArrayList<>();
    for (int i = 0; i < tile.length; i += Hash.LENGTH) {
      hashes.add(Hash.of(Arrays.copyOfRange(tile, i, i + Hash.LENGTH)));
    }
    return hashes;
  }
}
