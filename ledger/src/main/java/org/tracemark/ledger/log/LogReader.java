package org.tracemark.ledger.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.storage.LogStorage;
import org.tracemark.ledger.storage.StorageException;
import org.tracemark.ledger.storage.StoredTile;
import org.tracemark.ledger.tile.BundleIndex;
import org.tracemark.ledger.tile.TileIndex;
import org.tracemark.ledger.tile.Tiling;

/**
 * Reads the committed log back through {@link LogStorage}: entries, tiles and bundles cut to a
 * requested width, and the hash of any complete subtree, for any tree size up to the committed one.
 *
 * <p>Storage keeps only the widest version of each tile. Because hashes and entries never change
 * once written, the first {@code W} hashes of a wider version are the tile {@code .p/W}, and a
 * subtree's hash does not depend on the tree size it is asked for: a read takes only what lies
 * within the subtree or width it was asked for, so it is right for every tree size that contains
 * it.
 *
 * <p>A tile at level {@code L} holds the hashes at tree height {@code 8L}; a subtree of height
 * {@code 8L + r} is hashed from {@code 2^r} consecutive hashes of one level-{@code L} tile. Nothing
 * is cached between calls, and every tile or bundle asked of storage is counted in {@link
 * #tilesRead()}. Thread-safe.
 */
public final class LogReader {

  private static final int HASH = Hash.LENGTH;

  private record TileKey(int level, long index) {}

  private final LogStorage storage;
  private final LongAdder tilesRead = new LongAdder();

  public LogReader(LogStorage storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
  }

  /** How many tiles and bundles this reader has asked storage for, since it was made. */
  public long tilesRead() {
    return tilesRead.sum();
  }

  /**
   * The entry at {@code index}, from its bundle.
   *
   * @throws MissingTileException the bundle is not stored, or not wide enough to hold the entry
   * @throws CorruptLogException the bundle is truncated before the entry
   */
  public byte[] entry(LeafIndex index) throws StorageException {
    long bundle = index.value() >>> Tiling.HEIGHT;
    int position = (int) (index.value() & (Tiling.WIDTH - 1));
    StoredTile stored = read(StoredTile.ENTRIES_LEVEL, bundle, position + 1);
    byte[] data = stored.data();
    int start = skipEntries(data, position, bundle);
    if (data.length - start < 2) {
      throw truncated(bundle, position);
    }
    int length = ((data[start] & 0xFF) << 8) | (data[start + 1] & 0xFF);
    if (data.length - start - 2 < length) {
      throw truncated(bundle, position);
    }
    return Arrays.copyOfRange(data, start + 2, start + 2 + length);
  }

  /**
   * The bytes of hash tile {@code tile} as served at its path: the first {@code width} hashes of
   * the stored version.
   */
  public byte[] tile(TileIndex tile) throws StorageException {
    StoredTile stored = read(tile.level(), tile.index(), tile.width());
    return Arrays.copyOf(checkedHashes(stored), tile.byteLength());
  }

  /**
   * The bytes of entry bundle {@code bundle} as served at its path: its first {@code width}
   * entries.
   */
  public byte[] bundle(BundleIndex bundle) throws StorageException {
    StoredTile stored = read(StoredTile.ENTRIES_LEVEL, bundle.index(), bundle.width());
    byte[] data = stored.data();
    if (bundle.width() == stored.width()) {
      return data;
    }
    return Arrays.copyOf(data, skipEntries(data, bundle.width(), bundle.index()));
  }

  /** Receives entries from {@link #entries}: the entry's index in the log and its bytes. */
  @FunctionalInterface
  public interface EntrySink {
    void entry(long index, byte[] entry) throws Exception;
  }

  /**
   * Hands {@code sink} the entries {@code [from, to)} in order, reading each bundle once: how a
   * follower of the log (a projector, an index) catches up. {@code to} must not exceed a committed
   * size.
   *
   * @throws Exception what storage or the sink threw; entries before it were delivered
   */
  public void entries(long from, long to, EntrySink sink) throws Exception {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("entries [" + from + ", " + to + ")");
    }
    for (long bundle = from >>> Tiling.HEIGHT;
        from < to && bundle <= (to - 1) >>> Tiling.HEIGHT;
        bundle++) {
      long start = bundle << Tiling.HEIGHT;
      int width = (int) Math.min(Tiling.WIDTH, to - start);
      BundleIndex at =
          width == Tiling.WIDTH ? BundleIndex.full(bundle) : BundleIndex.partial(bundle, width);
      List<byte[]> decoded = org.tracemark.ledger.tile.EntryBundle.decode(bundle(at), width);
      for (int i = (int) Math.max(0, from - start); i < width; i++) {
        sink.entry(start + i, decoded.get(i));
      }
    }
  }

  /** The leaf hash of the entry at {@code index}, from its level-0 tile. */
  public Hash leafHash(LeafIndex index) throws StorageException {
    return subtreeHash(Subtree.leaf(index));
  }

  /** The hash of one complete subtree. */
  public Hash subtreeHash(Subtree subtree) throws StorageException {
    return subtreeHashes(List.of(subtree)).get(0);
  }

  /**
   * The hashes of complete subtrees, in the order given, reading each tile they need once: a
   * proof's subtrees share tiles, and this is what keeps a proof to O(log n) tile reads.
   *
   * @throws MissingTileException a tile is not stored wide enough: some subtree is not complete in
   *     the committed tree
   */
  public List<Hash> subtreeHashes(List<Subtree> subtrees) throws StorageException {
    Map<TileKey, Integer> needed = new HashMap<>();
    for (Subtree subtree : subtrees) {
      needed.merge(tileOf(subtree), widthNeeded(subtree), Math::max);
    }
    Map<TileKey, byte[]> hashes = new HashMap<>();
    for (Map.Entry<TileKey, Integer> tile : needed.entrySet()) {
      TileKey key = tile.getKey();
      hashes.put(key, checkedHashes(read(key.level(), key.index(), tile.getValue())));
    }
    BufferHasher hasher = new BufferHasher();
    byte[] out = new byte[HASH];
    List<Hash> result = new ArrayList<>(subtrees.size());
    for (Subtree subtree : subtrees) {
      int rows = subtree.height() % Tiling.HEIGHT;
      int count = 1 << rows;
      int first = widthNeeded(subtree) - count;
      hasher.perfectRoot(hashes.get(tileOf(subtree)), first * HASH, count, out, 0);
      result.add(Hash.of(out));
    }
    return result;
  }

  /**
   * {@code MTH} of the first {@code size} entries, from the O(log n) tiles on the right edge of
   * that tree.
   */
  public Hash rootHash(TreeSize size) throws StorageException {
    List<Hash> parts = subtreeHashes(Subtree.cover(0, size.value()));
    if (parts.isEmpty()) {
      return TreeHasher.EMPTY_ROOT;
    }
    Hash root = parts.get(parts.size() - 1);
    for (int i = parts.size() - 2; i >= 0; i--) {
      root = TreeHasher.nodeHash(parts.get(i), root);
    }
    return root;
  }

  // The level-L tile holding the bottom row (height 8L) of the subtree.
  private static TileKey tileOf(Subtree subtree) {
    int level = subtree.height() / Tiling.HEIGHT;
    long firstHash = subtree.index() << (subtree.height() % Tiling.HEIGHT);
    return new TileKey(level, firstHash >>> Tiling.HEIGHT);
  }

  // How wide that tile must be: up to the last hash of the subtree's bottom row.
  private static int widthNeeded(Subtree subtree) {
    int rows = subtree.height() % Tiling.HEIGHT;
    long endHash = (subtree.index() + 1) << rows;
    return (int) (((endHash - 1) & (Tiling.WIDTH - 1)) + 1);
  }

  private StoredTile read(int level, long index, int width) throws StorageException {
    tilesRead.increment();
    StoredTile stored = storage.tile(level, index).orElse(null);
    if (stored == null || stored.width() < width) {
      throw new MissingTileException(level, index, width, stored == null ? 0 : stored.width());
    }
    return stored;
  }

  private static byte[] checkedHashes(StoredTile tile) throws CorruptLogException {
    if (tile.data().length != tile.width() * HASH) {
      throw new CorruptLogException(
          "tile "
              + tile.level()
              + "/"
              + tile.index()
              + " is stored "
              + tile.width()
              + " wide but holds "
              + tile.data().length
              + " bytes");
    }
    return tile.data();
  }

  // Byte offset just past the first `count` entries of a bundle.
  private static int skipEntries(byte[] data, int count, long bundle) throws CorruptLogException {
    int offset = 0;
    for (int i = 0; i < count; i++) {
      if (data.length - offset < 2) {
        throw truncated(bundle, i);
      }
      int length = ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
      if (data.length - offset - 2 < length) {
        throw truncated(bundle, i);
      }
      offset += 2 + length;
    }
    return offset;
  }

  private static CorruptLogException truncated(long bundle, int position) {
    return new CorruptLogException(
        "bundle " + bundle + " is stored wide enough but ends inside entry " + position);
  }
}
