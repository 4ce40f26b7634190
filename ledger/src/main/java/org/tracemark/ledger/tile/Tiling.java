package org.tracemark.ledger.tile;

import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.tracemark.ledger.merkle.TreeSize;

/**
 * Which tiles a tree of a given size consists of, per C2SP tlog-tiles with tile height 8.
 *
 * <p>At level {@code l} a tree of size {@code s} has {@code floor(s / 256^(l+1))} full tiles and,
 * when {@code w = floor(s / 256^l) mod 256} is not zero, one partial tile of width {@code w} after
 * them. Empty tiles do not exist.
 */
public final class Tiling {

  /** Tile height: each tile covers 8 levels of the Merkle tree. */
  public static final int HEIGHT = 8;

  /** Hashes in a full tile, and entries in a full bundle: {@code 2^HEIGHT}. */
  public static final int WIDTH = 1 << HEIGHT;

  /** The highest level a tile path may name. */
  public static final int MAX_LEVEL = 63;

  private Tiling() {}

  /** How many full tiles level {@code level} of a tree of size {@code size} has. */
  public static long fullTileCount(TreeSize size, int level) {
    checkLevel(level);
    // Java masks shift distances to 6 bits, so shifting a long by 64 would be a no-op, not 0.
    int shift = HEIGHT * (level + 1);
    return shift >= Long.SIZE ? 0 : size.value() >>> shift;
  }

  /** The partial tile at {@code level}, if that level's hash count is not a multiple of 256. */
  public static Optional<TileIndex> partialTile(TreeSize size, int level) {
    int width = partialWidth(size, level);
    return width == 0
        ? Optional.empty()
        : Optional.of(TileIndex.partial(level, fullTileCount(size, level), width));
  }

  /**
   * Every tile of a tree of size {@code size}, full and partial, level 0 first and by index within
   * a level. Lazy: a large tree has millions of tiles.
   */
  public static Stream<TileIndex> tiles(TreeSize size) {
    return IntStream.rangeClosed(0, MAX_LEVEL)
        .takeWhile(level -> hashesAtLevel(size, level) > 0)
        .boxed()
        .flatMap(
            level ->
                Stream.concat(
                    LongStream.range(0, fullTileCount(size, level))
                        .mapToObj(n -> TileIndex.full(level, n)),
                    partialTile(size, level).stream()));
  }

  /** Every entry bundle of a tree of size {@code size}, by index; the last may be partial. */
  public static Stream<BundleIndex> bundles(TreeSize size) {
    Stream<BundleIndex> full =
        LongStream.range(0, fullTileCount(size, 0)).mapToObj(BundleIndex::full);
    int width = partialWidth(size, 0);
    return width == 0
        ? full
        : Stream.concat(full, Stream.of(BundleIndex.partial(fullTileCount(size, 0), width)));
  }

  private static int partialWidth(TreeSize size, int level) {
    return (int) (hashesAtLevel(size, level) % WIDTH);
  }

  // floor(s / 256^level): how many hashes level `level` of the tiling holds.
  private static long hashesAtLevel(TreeSize size, int level) {
    checkLevel(level);
    int shift = HEIGHT * level;
    return shift >= Long.SIZE ? 0 : size.value() >>> shift;
  }

  private static void checkLevel(int level) {
    if (level < 0 || level > MAX_LEVEL) {
      throw new IllegalArgumentException(
          "tile level must be in 0.." + MAX_LEVEL + ", got " + level);
    }
  }
}
