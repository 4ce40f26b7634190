package org.tracemark.ledger.storage;

import java.util.Objects;

/**
 * The widest version stored of one tile or entry bundle. Hashes and entries never change once
 * written, so a narrower (partial) version is a prefix of a wider one: storage keeps one row per
 * (level, index) and the server cuts {@code .p/W} from it.
 *
 * @param width how many hashes (or entries) {@code data} holds, 1..256
 * @param data for a hash tile, {@code width * 32} bytes; for a bundle, the encoded entry bundle
 */
public record StoredTile(int level, long index, int width, byte[] data) {

  /** The level under which entry bundles are stored; hash tiles use levels 0..63. */
  public static final int ENTRIES_LEVEL = -1;

  public StoredTile {
    if (level < ENTRIES_LEVEL || level > 63) {
      throw new IllegalArgumentException("tile level must be -1 (entries) or 0..63, not " + level);
    }
    if (index < 0) {
      throw new IllegalArgumentException("tile index must be >= 0, not " + index);
    }
    if (width < 1 || width > 256) {
      throw new IllegalArgumentException("tile width must be 1..256, not " + width);
    }
    Objects.requireNonNull(data, "data");
  }

  public boolean isBundle() {
    return level == ENTRIES_LEVEL;
  }
}
