package org.tracemark.ledger.log;

import org.tracemark.ledger.storage.StorageException;
import org.tracemark.ledger.storage.StoredTile;

/**
 * A read needed a tile or bundle that storage does not hold, or holds narrower than needed. Either
 * the caller asked about a tree size beyond the committed one, or storage lost data.
 */
public final class MissingTileException extends StorageException {

  private static final long serialVersionUID = 1L;

  private final int level;
  private final long index;
  private final int neededWidth;
  private final int storedWidth;

  MissingTileException(int level, long index, int neededWidth, int storedWidth) {
    super(
        (level == StoredTile.ENTRIES_LEVEL ? "bundle " + index : "tile " + level + "/" + index)
            + (storedWidth == 0 ? " is not stored" : " is stored " + storedWidth + " wide")
            + ", the read needs width "
            + neededWidth
            + " (a tree size beyond the committed one, or lost data)");
    this.level = level;
    this.index = index;
    this.neededWidth = neededWidth;
    this.storedWidth = storedWidth;
  }

  /** The tile level, or {@link StoredTile#ENTRIES_LEVEL} for a bundle. */
  public int level() {
    return level;
  }

  public long index() {
    return index;
  }

  public int neededWidth() {
    return neededWidth;
  }

  /** The stored width, 0 when nothing is stored. */
  public int storedWidth() {
    return storedWidth;
  }
}
