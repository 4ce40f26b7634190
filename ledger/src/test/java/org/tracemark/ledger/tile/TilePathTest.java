package org.tracemark.ledger.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.tracemark.ledger.VectorFile;

class TilePathTest {

  @Test
  void theSpecExampleIndexSplitsIntoXPrefixedGroups() {
    assertThat(TileIndex.full(0, 1_234_067).path()).isEqualTo("tile/0/x001/x234/067");
    assertThat(BundleIndex.full(1234).path()).isEqualTo("tile/entries/x001/234");
  }

  @Test
  void tilePathsFormatAndParseAsInTheVectors() {
    List<String[]> tiles = records("tile");
    assertThat(tiles).isNotEmpty();
    for (String[] v : tiles) {
      TileIndex tile =
          new TileIndex(Integer.parseInt(v[1]), Long.parseLong(v[2]), Integer.parseInt(v[3]));
      assertThat(tile.path()).isEqualTo(v[4]);
      assertThat(TileIndex.parse(v[4])).isEqualTo(tile);
      assertThat(tile.isPartial()).isEqualTo(tile.width() < 256);
    }
  }

  @Test
  void bundlePathsFormatAndParseAsInTheVectors() {
    List<String[]> bundles = records("entries");
    assertThat(bundles).isNotEmpty();
    for (String[] v : bundles) {
      BundleIndex bundle = new BundleIndex(Long.parseLong(v[1]), Integer.parseInt(v[2]));
      assertThat(bundle.path()).isEqualTo(v[3]);
      assertThat(BundleIndex.parse(v[3])).isEqualTo(bundle);
      assertThat(bundle.tile().path()).isEqualTo(v[3].replace("tile/entries/", "tile/0/"));
    }
  }

  @Test
  void nonCanonicalPathsAreRejectedWithTheReason() {
    List<String> invalid = VectorFile.lines("tlog-tiles-invalid-paths.txt");
    assertThat(invalid).hasSizeGreaterThan(20);
    for (String line : invalid) {
      String path = line.substring(0, line.indexOf(" # "));
      assertThatThrownBy(() -> TileIndex.parse(path))
          .as(line)
          .isInstanceOfSatisfying(
              MalformedTilePathException.class,
              e -> {
                assertThat(e.path()).isEqualTo(path);
                assertThat(e.reason()).isNotBlank();
              });
      assertThatThrownBy(() -> BundleIndex.parse(path))
          .as(line)
          .isInstanceOf(MalformedTilePathException.class);
    }
  }

  @Test
  void tileAndBundlePathsAreNotInterchangeable() {
    assertThatThrownBy(() -> TileIndex.parse("tile/entries/000"))
        .isInstanceOf(MalformedTilePathException.class)
        .hasMessageContaining("entry bundle path");
    assertThatThrownBy(() -> BundleIndex.parse("tile/0/000"))
        .isInstanceOf(MalformedTilePathException.class)
        .hasMessageContaining("not under tile/entries/");
  }

  @Test
  void errorMessagesStayOnOneLine() {
    assertThatThrownBy(() -> TileIndex.parse("tile/0/\n000"))
        .isInstanceOf(MalformedTilePathException.class)
        .hasMessageNotContaining("\n")
        .hasMessageContaining("\\u000a");
    assertThatThrownBy(() -> TileIndex.parse("tile/0/" + "1".repeat(5000)))
        .isInstanceOf(MalformedTilePathException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
  }

  @Test
  void coordinatesOutOfRangeAreRejected() {
    assertThatThrownBy(() -> TileIndex.full(64, 0)).hasMessageContaining("got 64");
    assertThatThrownBy(() -> TileIndex.full(0, -1)).hasMessageContaining("got -1");
    assertThatThrownBy(() -> TileIndex.partial(0, 0, 256)).hasMessageContaining("got 256");
    assertThatThrownBy(() -> new TileIndex(0, 0, 0)).hasMessageContaining("got 0");
    assertThatThrownBy(() -> BundleIndex.partial(0, 256)).hasMessageContaining("got 256");
    assertThatThrownBy(() -> new BundleIndex(-5, 1)).hasMessageContaining("got -5");
  }

  @Test
  void aFullTileIs8192Bytes() {
    assertThat(TileIndex.full(0, 0).byteLength()).isEqualTo(8192);
    assertThat(TileIndex.partial(1, 0, 17).byteLength()).isEqualTo(17 * 32);
  }

  @Test
  void tilePathsRoundTrip() {
    qt().forAll(tiles())
        .checkAssert(
            tile -> {
              String path = tile.path();
              assertThat(TileIndex.parse(path)).isEqualTo(tile);
              assertThat(path)
                  .matches("tile/(0|[1-9][0-9]?)(/x[0-9]{3})*/[0-9]{3}(\\.p/[1-9][0-9]*)?");
            });
  }

  @Test
  void bundlePathsRoundTrip() {
    qt().forAll(longs().between(0, Long.MAX_VALUE), widths())
        .checkAssert(
            (index, width) -> {
              BundleIndex bundle = new BundleIndex(index, width);
              assertThat(BundleIndex.parse(bundle.path())).isEqualTo(bundle);
            });
  }

  @Test
  void theIndexReadsBackAsDecimalDigits() {
    // Stripping the x's and slashes from <N> gives the index zero-padded to a multiple of 3.
    qt().forAll(longs().between(0, Long.MAX_VALUE))
        .checkAssert(
            index -> {
              String n = TileIndex.full(0, index).path().substring("tile/0/".length());
              assertThat(Long.parseLong(n.replace("x", "").replace("/", ""))).isEqualTo(index);
              assertThat(n.replace("x", "").replace("/", "").length() % 3).isZero();
            });
  }

  private static Gen<TileIndex> tiles() {
    Gen<Long> indices =
        longs()
            .between(0, 999)
            .mix(longs().between(0, 10_000_000))
            .mix(longs().between(0, Long.MAX_VALUE));
    return integers().between(0, 63).zip(indices, widths(), TileIndex::new);
  }

  private static Gen<Integer> widths() {
    return integers().between(1, 255).mix(integers().between(256, 256));
  }

  private static List<String[]> records(String kind) {
    return VectorFile.records("tlog-tiles-paths.txt").stream()
        .filter(r -> r[0].equals(kind))
        .toList();
  }
}
