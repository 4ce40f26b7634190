package org.tracemark.ledger.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.tile.Tiling;

/**
 * A {@link LogStorage} in the heap, for unit tests and embedded experiments. Nothing survives the
 * JVM.
 *
 * <p>It holds itself to the contract more strictly than a database would have to, so that it
 * catches writer bugs rather than storing them: a commit is checked whole before any of it is
 * applied, and refused with an {@link IllegalArgumentException} naming the offending tile if a tile
 * would narrow or rewrite hashes or entries already stored, lies beyond the new tree size, or has
 * data of the wrong shape. Conflicts (a stale {@code expected} state) are a {@link
 * ConflictException}, as the interface says.
 *
 * <p>Thread-safe: readers share a read lock, a commit takes the write lock, so a reader sees either
 * all of a commit or none of it. Tile data is copied in and out; callers cannot alter what is
 * stored through an array they hold.
 */
public final class MemoryLogStorage implements LogStorage {

  private record TileKey(int level, long index) {}

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<TileKey, StoredTile> tiles = new HashMap<>();
  private LogState state = LogState.EMPTY;
  private byte[] checkpoint;
  private long checkpointSize = -1;

  @Override
  public LogState state() {
    lock.readLock().lock();
    try {
      return state;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<StoredTile> tile(int level, long index) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(tiles.get(new TileKey(level, index))).map(MemoryLogStorage::copy);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void commit(LogState expected, LogState next, List<StoredTile> written)
      throws ConflictException {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(written, "tiles");
    lock.writeLock().lock();
    try {
      if (!state.equals(expected)) {
        throw new ConflictException(expected, state);
      }
      checkNext(expected, next);
      // Check everything before touching anything: a refused commit must leave no trace.
      Map<TileKey, StoredTile> batch = new HashMap<>();
      for (StoredTile tile : written) {
        Objects.requireNonNull(tile, "tile");
        TileKey key = new TileKey(tile.level(), tile.index());
        checkShape(tile);
        checkWithin(tile, next.size().value());
        if (batch.putIfAbsent(key, tile) != null) {
          throw refused(tile, "appears twice in one commit");
        }
        StoredTile stored = tiles.get(key);
        if (stored != null) {
          checkExtends(stored, tile);
        }
      }
      for (Map.Entry<TileKey, StoredTile> entry : batch.entrySet()) {
        tiles.put(entry.getKey(), copy(entry.getValue()));
      }
      state = next;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Optional<byte[]> checkpoint() {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(checkpoint).map(byte[]::clone);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Keeps {@code signedNote} unless a checkpoint for a larger size is already published; one for
   * the same size replaces it (it may carry more cosignatures).
   *
   * @throws IllegalArgumentException {@code size} is beyond the committed tree size: the tiles the
   *     checkpoint vouches for would not exist
   */
  @Override
  public void publishCheckpoint(long size, byte[] signedNote) {
    Objects.requireNonNull(signedNote, "signedNote");
    lock.writeLock().lock();
    try {
      if (size < 0 || size > state.size().value()) {
        throw new IllegalArgumentException(
            "checkpoint for size " + size + " but the committed size is " + state.size());
      }
      if (size >= checkpointSize) {
        checkpoint = signedNote.clone();
        checkpointSize = size;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Every stored tile and bundle, bundles first, then by level and index: what a test compares with
   * the tiling of the committed size.
   */
  public List<StoredTile> allTiles() {
    lock.readLock().lock();
    try {
      List<StoredTile> all = new ArrayList<>(tiles.size());
      for (StoredTile tile : tiles.values()) {
        all.add(copy(tile));
      }
      all.sort(Comparator.comparingInt(StoredTile::level).thenComparingLong(StoredTile::index));
      return all;
    } finally {
      lock.readLock().unlock();
    }
  }

  private static void checkNext(LogState expected, LogState next) {
    int order = next.size().compareTo(expected.size());
    if (order < 0 || (order == 0 && !next.root().equals(expected.root()))) {
      throw new IllegalArgumentException(
          "commit from " + expected + " to " + next + " would shrink or rewrite the log");
    }
  }

  private static void checkShape(StoredTile tile) {
    if (!tile.isBundle()) {
      if (tile.data().length != tile.width() * Hash.LENGTH) {
        throw refused(
            tile,
            "holds "
                + tile.data().length
                + " bytes, a hash tile of width "
                + tile.width()
                + " holds "
                + tile.width() * Hash.LENGTH);
      }
      return;
    }
    // Walks the length prefixes without copying entries: enough to know the bundle decodes to
    // exactly `width` entries, which is what a reader cutting .p/W relies on.
    byte[] data = tile.data();
    int offset = 0;
    int count = 0;
    while (offset < data.length) {
      if (data.length - offset < 2) {
        throw refused(tile, "ends inside a length prefix at byte " + offset);
      }
      offset += 2 + (((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF));
      count++;
    }
    if (offset != data.length || count != tile.width()) {
      throw refused(
          tile,
          "does not decode to "
              + tile.width()
              + " entries (last entry ends at byte "
              + offset
              + " of "
              + data.length
              + ", "
              + count
              + " entries)");
    }
  }

  // A tile at level L counts hashes of 256^L leaves each; all of them must lie within the new size.
  private static void checkWithin(StoredTile tile, long size) {
    int level = Math.max(tile.level(), 0);
    long hashesAtLevel = size >>> (Tiling.HEIGHT * level);
    long end = tile.index() * Tiling.WIDTH + tile.width();
    if (tile.index() > hashesAtLevel / Tiling.WIDTH || end > hashesAtLevel) {
      throw refused(
          tile,
          "reaches hash "
              + end
              + " of level "
              + tile.level()
              + ", but a tree of size "
              + size
              + " has "
              + hashesAtLevel);
    }
  }

  private static void checkExtends(StoredTile stored, StoredTile tile) {
    if (tile.width() < stored.width()) {
      throw refused(tile, "is narrower than the stored width " + stored.width());
    }
    byte[] old = stored.data();
    byte[] now = tile.data();
    if (now.length < old.length || !Arrays.equals(old, 0, old.length, now, 0, old.length)) {
      throw refused(
          tile,
          "changes bytes of the stored version of width "
              + stored.width()
              + " (first difference at byte "
              + Arrays.mismatch(old, now)
              + ")");
    }
  }

  private static IllegalArgumentException refused(StoredTile tile, String why) {
    String name =
        tile.isBundle()
            ? "bundle " + tile.index() + " (width " + tile.width() + ")"
            : "tile " + tile.level() + "/" + tile.index() + " (width " + tile.width() + ")";
    return new IllegalArgumentException("commit refused: " + name + " " + why);
  }

  private static StoredTile copy(StoredTile tile) {
    return new StoredTile(tile.level(), tile.index(), tile.width(), tile.data().clone());
  }
}
