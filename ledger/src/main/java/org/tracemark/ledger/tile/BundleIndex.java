package org.tracemark.ledger.tile;

/**
 * The coordinates of one C2SP tlog-tiles entry bundle: the entries whose leaf hashes make up the
 * level-0 tile with the same index and width.
 *
 * @param index {@code >= 0}
 * @param width number of entries, 1..256; 256 is a full bundle
 */
public record BundleIndex(long index, int width) {

  public BundleIndex {
    if (index < 0) {
      throw new IllegalArgumentException("bundle index must be >= 0, got " + index);
    }
    if (width < 1 || width > Tiling.WIDTH) {
      throw new IllegalArgumentException(
          "bundle width must be in 1.." + Tiling.WIDTH + ", got " + width);
    }
  }

  /** A full bundle of 256 entries. */
  public static BundleIndex full(long index) {
    return new BundleIndex(index, Tiling.WIDTH);
  }

  /** A partial bundle of 1..255 entries, the last one of the log. */
  public static BundleIndex partial(long index, int width) {
    if (width >= Tiling.WIDTH) {
      throw new IllegalArgumentException(
          "a partial bundle holds 1.." + (Tiling.WIDTH - 1) + " entries, got " + width);
    }
    return new BundleIndex(index, width);
  }

  /**
   * Parses {@code tile/entries/<N>[.p/<W>]}, relative to the log prefix. Only the canonical form is
   * accepted.
   *
   * @throws MalformedTilePathException naming the path and what is wrong with it
   */
  public static BundleIndex parse(String path) {
    TilePath.Parts parts = TilePath.parse(path);
    if (!parts.level().equals(TilePath.ENTRIES_LEVEL)) {
      throw new MalformedTilePathException(
          path, "is not under " + TilePath.PREFIX + TilePath.ENTRIES_LEVEL + "/");
    }
    return new BundleIndex(parts.index(), parts.width());
  }

  public boolean isPartial() {
    return width < Tiling.WIDTH;
  }

  /** The level-0 tile holding the leaf hashes of this bundle's entries. */
  public TileIndex tile() {
    return new TileIndex(0, index, width);
  }

  /** {@code tile/entries/<N>[.p/<W>]}, e.g. {@code tile/entries/x001/234.p/7}. */
  public String path() {
    return TilePath.format(TilePath.ENTRIES_LEVEL, index, width);
  }

  @Override
  public String toString() {
    return path();
  }
}
