package org.tracemark.ledger.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.VectorFile;
import org.tracemark.ledger.merkle.TreeSize;

class TilingTest {

  private static final BigInteger WIDTH = BigInteger.valueOf(256);

  @Test
  void countsMatchTheSpecExamples() {
    List<String[]> vectors = VectorFile.records("tlog-tiles-tiling.txt");
    assertThat(vectors).hasSizeGreaterThan(10);
    for (String[] v : vectors) {
      TreeSize size = TreeSize.of(Long.parseLong(v[0]));
      int level = Integer.parseInt(v[1]);
      long full = Long.parseLong(v[2]);
      int partial = Integer.parseInt(v[3]);
      assertThat(Tiling.fullTileCount(size, level))
          .as("full tiles, %s", String.join(" ", v))
          .isEqualTo(full);
      assertThat(Tiling.partialTile(size, level).map(TileIndex::width))
          .as("partial tile, %s", String.join(" ", v))
          .isEqualTo(partial == 0 ? Optional.empty() : Optional.of(partial));
      assertThat(Tiling.tiles(size).filter(t -> t.level() == level && !t.isPartial()).count())
          .isEqualTo(full);
    }
  }

  @Test
  void aTreeOf70000EntriesHasTheTilesTheSpecLists() {
    List<String> tail = Tiling.tiles(TreeSize.of(70_000)).skip(273).map(TileIndex::path).toList();
    assertThat(tail)
        .containsExactly("tile/0/273.p/112", "tile/1/000", "tile/1/001.p/17", "tile/2/000.p/1");
    assertThat(Tiling.tiles(TreeSize.of(70_000))).hasSize(277);
  }

  @Test
  void aTreeOf256EntriesHasAFullLevel0TileAndAPartialLevel1Tile() {
    assertThat(Tiling.tiles(TreeSize.of(256)).map(TileIndex::path))
        .containsExactly("tile/0/000", "tile/1/000.p/1");
    assertThat(Tiling.bundles(TreeSize.of(256)).map(BundleIndex::path))
        .containsExactly("tile/entries/000");
  }

  @Test
  void anEmptyTreeHasNoTiles() {
    assertThat(Tiling.tiles(TreeSize.ZERO)).isEmpty();
    assertThat(Tiling.bundles(TreeSize.ZERO)).isEmpty();
  }

  @Test
  void fullAndPartialTilesAgreeWithExactDivisionAtEveryLevel() {
    // Checked with BigInteger arithmetic, independent of the shifts Tiling uses, up to sizes
    // where the top levels (7, 8) are reached and a naive 64-bit shift would wrap.
    qt().forAll(
            longs().between(0, Long.MAX_VALUE).mix(longs().between(0, 1 << 20)),
            integers().between(0, Tiling.MAX_LEVEL))
        .checkAssert(
            (size, level) -> {
              BigInteger hashes = BigInteger.valueOf(size).divide(WIDTH.pow(level));
              TreeSize treeSize = TreeSize.of(size);
              assertThat(Tiling.fullTileCount(treeSize, level))
                  .isEqualTo(hashes.divide(WIDTH).longValueExact());
              int width = hashes.mod(WIDTH).intValueExact();
              assertThat(Tiling.partialTile(treeSize, level))
                  .isEqualTo(
                      width == 0
                          ? Optional.empty()
                          : Optional.of(
                              TileIndex.partial(
                                  level, hashes.divide(WIDTH).longValueExact(), width)));
            });
  }

  @Test
  void level0TilesAndBundlesCoverEveryEntryExactlyOnce() {
    qt().withExamples(300)
        .forAll(longs().between(0, 200_000))
        .checkAssert(
            size -> {
              TreeSize treeSize = TreeSize.of(size);
              List<BundleIndex> bundles = Tiling.bundles(treeSize).toList();
              assertThat(bundles.stream().mapToLong(BundleIndex::width).sum()).isEqualTo(size);
              assertThat(bundles.stream().map(BundleIndex::tile))
                  .containsExactlyElementsOf(
                      Tiling.tiles(treeSize).filter(t -> t.level() == 0).toList());
              for (int i = 0; i < bundles.size(); i++) {
                assertThat(bundles.get(i).index()).isEqualTo(i);
                assertThat(bundles.get(i).isPartial())
                    .isEqualTo(i == bundles.size() - 1 && size % 256 != 0);
              }
            });
  }

  @Test
  void eachLevelHoldsOneHashPerFullTileBelow() {
    // A hash at level l+1 stands for a full tile at level l; partial tiles are never hashed up.
    // Sizes up to 2^24 reach level 3; each example enumerates up to 65,536 level-0 tiles.
    qt().withExamples(100)
        .forAll(longs().between(0, 1 << 24))
        .checkAssert(
            size -> {
              TreeSize treeSize = TreeSize.of(size);
              for (int level = 0; level < 4; level++) {
                int above = level + 1;
                long hashesAbove =
                    Tiling.tiles(treeSize)
                        .filter(t -> t.level() == above)
                        .mapToLong(TileIndex::width)
                        .sum();
                assertThat(hashesAbove).isEqualTo(Tiling.fullTileCount(treeSize, level));
              }
            });
  }

  @Test
  void rejectsLevelsOutsideTheSpec() {
    assertThatThrownBy(() -> Tiling.fullTileCount(TreeSize.ZERO, 64))
        .hasMessageContaining("got 64");
    assertThatThrownBy(() -> Tiling.partialTile(TreeSize.ZERO, -1)).hasMessageContaining("got -1");
  }
}
