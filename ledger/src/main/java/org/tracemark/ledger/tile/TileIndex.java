package org.tracemark.ledger.tile;

import org.tracemark.ledger.merkle.Hash;

/**
 * The coordinates of one C2SP tlog-tiles hash tile: level {@code L}, index {@code N} within the
 * level, and width {@code W} in hashes.
 *
 * <p>{@code width} is {@link Tiling#WIDTH} (256) for a full tile and 1..255 for a partial one, so
 * "is it partial" and "how wide" are one field that cannot disagree. At level 0 a tile holds leaf
 * hashes; at level {@code l > 0} each hash is the root of a full tile at level {@code l - 1}.
 *
 * @param level 0..63
 * @param index {@code >= 0}
 * @param width 1..256
 */
public record TileIndex(int level, long index, int width) {

  public TileIndex {
    if (level < 0 || level > Tiling.MAX_LEVEL) {
      throw new IllegalArgumentException(
          "tile level must be in 0.." + Tiling.MAX_LEVEL + ", got " + level);
    }
    if (index < 0) {
      throw new IllegalArgumentException("tile index must be >= 0, got " + index);
    }
    if (width < 1 || width > Tiling.WIDTH) {
      throw new IllegalArgumentException(
          "tile width must be in 1.." + Tiling.WIDTH + ", got " + width);
    }
  }

  /** A full tile of 256 hashes. */
  public static TileIndex full(int level, long index) {
    return new TileIndex(level, index, Tiling.WIDTH);
  }

  /** A partial tile of 1..255 hashes, the rightmost tile of its level. */
  public static TileIndex partial(int level, long index, int width) {
    if (width >= Tiling.WIDTH) {
      throw new IllegalArgumentException(
          "a partial tile is 1.." + (Tiling.WIDTH - 1) + " hashes wide, got " + width);
    }
    return new TileIndex(level, index, width);
  }

  /**
   * Parses {@code tile/<L>/<N>[.p/<W>]}, relative to the log prefix (for this ledger, the part
   * after {@code /ledger/}). Only the canonical form is accepted.
   *
   * @throws MalformedTilePathException naming the path and what is wrong with it
   */
  public static TileIndex parse(String path) {
    TilePath.Parts parts = TilePath.parse(path);
    if (parts.level().equals(TilePath.ENTRIES_LEVEL)) {
      throw new MalformedTilePathException(path, "is an entry bundle path, not a hash tile");
    }
    if (!parts.level().matches("0|[1-9][0-9]?")) {
      throw new MalformedTilePathException(
          path,
          "level "
              + MalformedTilePathException.quote(parts.level())
              + " is not a number in 0..63 without leading zeros");
    }
    int level = Integer.parseInt(parts.level());
    if (level > Tiling.MAX_LEVEL) {
      throw new MalformedTilePathException(
          path, "level " + level + " is not in 0.." + Tiling.MAX_LEVEL);
    }
    return new TileIndex(level, parts.index(), parts.width());
  }

  public boolean isPartial() {
    return width < Tiling.WIDTH;
  }

  /** The tile's size in bytes as served: one 32-byte hash per unit of width. */
  public int byteLength() {
    return width * Hash.LENGTH;
  }

  /** {@code tile/<L>/<N>[.p/<W>]}, e.g. {@code tile/0/x001/x234/067} or {@code tile/1/000.p/17}. */
  public String path() {
    return TilePath.format(Integer.toString(level), index, width);
  }

  @Override
  public String toString() {
    return path();
  }
}
