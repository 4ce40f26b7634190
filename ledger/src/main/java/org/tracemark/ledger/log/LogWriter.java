package org.tracemark.ledger.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.storage.ConflictException;
import org.tracemark.ledger.storage.LogState;
import org.tracemark.ledger.storage.LogStorage;
import org.tracemark.ledger.storage.StorageException;
import org.tracemark.ledger.storage.StoredTile;
import org.tracemark.ledger.tile.EntryBundle;
import org.tracemark.ledger.tile.EntryTooLargeException;
import org.tracemark.ledger.tile.MalformedBundleException;
import org.tracemark.ledger.tile.Tiling;

/**
 * The single writer of the log: sequences batches of entries, keeps the tiles and bundles up to
 * date, and commits each batch with its new root in one {@link LogStorage#commit}.
 *
 * <p>The writer holds only the right edge of the tree: the last, possibly partial, tile at each
 * level, the last bundle, and the compact range (one perfect-subtree root per set bit of the tree
 * size). Appending a batch of {@code b} entries costs about {@code 2b + log2(n)} SHA-256 calls,
 * whatever the size {@code n} of the log: each leaf hashes once, each inner node once when its
 * right child completes, and the root folds the compact range. Nothing is re-read or re-hashed.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>{@link #append} returns only after storage committed the batch: a returned index is
 *       durable. The committed root is RFC 9162 {@code MTH} of every entry so far, in order.
 *   <li>A batch is all or nothing: oversized entries are refused before anything is hashed, and the
 *       tiles, bundles and state of a batch are one atomic commit.
 *   <li>When a commit throws, the writer reads the state back. If it is the state after the batch,
 *       the batch landed and {@code append} returns normally. If it is the state before, the
 *       storage exception is rethrown: the batch is not in the log, and the writer re-reads its
 *       right edge from storage before the next append, so it never builds on hashes storage does
 *       not have. Otherwise a {@link CommitOutcomeUnknownException} says so.
 *   <li>After a {@link ConflictException} (another writer moved the log on), an unknown outcome, or
 *       an unexpected failure, the writer refuses to append until {@link #reload()}: a deposed
 *       writer never overwrites.
 * </ul>
 *
 * <p>Thread-safe, though meant for one thread: appends are serialised, {@link #state()} may be read
 * from anywhere.
 */
public final class LogWriter {

  // Tree heights 0..62 live in tile levels 0..7.
  private static final int LEVELS = 8;
  private static final int HASH = Hash.LENGTH;
  private static final int TILE_BYTES = Tiling.WIDTH * HASH;
  // Sizes stay below 2^63, so perfect subtrees have heights 0..62.
  private static final int HEIGHTS = Long.SIZE - 1;

  private enum Status {
    /** The right edge in memory is the one of {@link #committed}. */
    READY,
    /** A batch failed and was not written; re-read the edge, expecting {@link #committed}. */
    RELOAD_BEFORE_APPEND,
    /** Storage may hold something this writer did not expect; only {@link #reload()} helps. */
    STOPPED
  }

  private final LogStorage storage;
  private final BufferHasher hasher = new BufferHasher();

  // compact[h * 32 ..] is the root of the perfect subtree of 2^h leaves that bit h of `size`
  // stands for; slots of clear bits hold leftovers and are never read.
  private final byte[] compact = new byte[HEIGHTS * HASH];
  // tiles[L] holds the first (size >>> 8L) & 255 hashes of the rightmost level-L tile.
  private final byte[][] tiles = new byte[LEVELS][TILE_BYTES];
  private final byte[] carry = new byte[HASH];
  private byte[] bundle = new byte[1 << 16];
  private int bundleLength;
  private long size;

  private volatile LogState committed;
  private Status status = Status.STOPPED;
  private String stoppedBecause = "not loaded yet";

  private LogWriter(LogStorage storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
  }

  /**
   * Opens the writer over {@code storage}: reads the committed state and the right edge, and checks
   * that they agree (the edge's root is the stored root).
   *
   * @throws CorruptLogException the stored edge is missing, malformed, or leads to another root
   */
  public static LogWriter open(LogStorage storage) throws StorageException {
    LogWriter writer = new LogWriter(storage);
    writer.reload();
    return writer;
  }

  /** The last state this writer committed or loaded. */
  public LogState state() {
    return committed;
  }

  /**
   * Re-reads the committed state and the right edge from storage, accepting whatever state storage
   * has, and makes the writer usable again after a conflict or an unknown outcome. The caller must
   * first be sure no other writer is active.
   *
   * @return the state now committed
   * @throws CorruptLogException the stored edge is missing, malformed, or leads to another root;
   *     the writer stays stopped
   */
  public synchronized LogState reload() throws StorageException {
    status = Status.STOPPED;
    stoppedBecause = "the last reload failed";
    LogState state = storage.state();
    load(state);
    committed = state;
    status = Status.READY;
    stoppedBecause = null;
    return state;
  }

  /**
   * Appends a batch of entries, in order, as one commit.
   *
   * @param entries each at most 65,535 bytes; an empty batch commits nothing
   * @return the indexes the batch got and the committed state with it
   * @throws EntryTooLargeException an entry is over 65,535 bytes; nothing was written
   * @throws StorageException the batch is not in the log (the state read back after the failed
   *     commit is the one before it); the batch may be retried
   * @throws ConflictException another writer moved the log on; nothing of this batch was written
   *     and this writer refuses to append until {@link #reload()}
   * @throws CommitOutcomeUnknownException the batch may or may not be in the log; this writer
   *     refuses to append until {@link #reload()}
   * @throws IllegalStateException the writer is stopped (see above) and was not reloaded
   */
  public synchronized Appended append(List<byte[]> entries)
      throws StorageException, ConflictException, CommitOutcomeUnknownException {
    checkBatch(entries);
    if (status == Status.STOPPED) {
      throw new IllegalStateException(
          "the writer stopped at " + committed + " (" + stoppedBecause + "); reload() first");
    }
    if (status == Status.RELOAD_BEFORE_APPEND) {
      reloadExpecting(committed);
    }
    LogState before = committed;
    if (entries.isEmpty()) {
      return new Appended(LeafIndex.of(size), 0, before);
    }
    if (entries.size() > Long.MAX_VALUE - size) {
      throw new IllegalArgumentException(
          entries.size() + " more entries would overflow a log of size " + size);
    }
    // From here until the commit returns, the edge in memory runs ahead of storage.
    status = Status.RELOAD_BEFORE_APPEND;
    long first = size;
    List<StoredTile> written = new ArrayList<>();
    for (byte[] entry : entries) {
      appendLeaf(entry, written);
    }
    addRightEdge(first, written);
    LogState next = new LogState(TreeSize.of(size), root());
    commit(before, next, written);
    committed = next;
    status = Status.READY;
    return new Appended(LeafIndex.of(first), entries.size(), next);
  }

  private static void checkBatch(List<byte[]> entries) {
    Objects.requireNonNull(entries, "entries");
    for (int i = 0; i < entries.size(); i++) {
      byte[] entry = entries.get(i);
      if (entry == null) {
        throw new NullPointerException("entry " + i + " of the batch is null");
      }
      if (entry.length > EntryBundle.MAX_ENTRY_LENGTH) {
        throw new EntryTooLargeException(i, entry.length);
      }
    }
  }

  private void commit(LogState before, LogState next, List<StoredTile> written)
      throws StorageException, ConflictException, CommitOutcomeUnknownException {
    try {
      storage.commit(before, next, written);
    } catch (ConflictException e) {
      stop("another writer committed " + e.actual());
      throw e;
    } catch (StorageException e) {
      settle(before, next, e);
    } catch (RuntimeException | Error e) {
      // Not a failure storage reports by contract (a bug, or the process going down): assume
      // nothing about what was applied.
      stop("commit threw " + e);
      throw e;
    }
  }

  // The commit threw; find out from storage whether it applied. Returns only if it did.
  private void settle(LogState before, LogState next, StorageException failure)
      throws StorageException, CommitOutcomeUnknownException {
    LogState found;
    try {
      found = storage.state();
    } catch (StorageException | RuntimeException readFailure) {
      failure.addSuppressed(readFailure);
      stop("a commit failed and the state could not be read back");
      throw new CommitOutcomeUnknownException(
          before, next, "reading the state back failed too (" + readFailure + ")", failure);
    }
    if (found.equals(next)) {
      return;
    }
    if (found.equals(before)) {
      // Status stays RELOAD_BEFORE_APPEND: the edge in memory holds the refused batch.
      throw failure;
    }
    stop("after a failed commit storage holds " + found);
    throw new CommitOutcomeUnknownException(
        before, next, "storage now holds " + found + ", written by someone else", failure);
  }

  private void stop(String because) {
    status = Status.STOPPED;
    stoppedBecause = because;
  }

  // After a refused batch: storage must still be where this writer left it.
  private void reloadExpecting(LogState expected) throws StorageException, ConflictException {
    LogState found = storage.state();
    if (!found.equals(expected)) {
      stop("storage moved to " + found + " while the writer was at " + expected);
      throw new ConflictException(expected, found);
    }
    load(found);
    status = Status.READY;
  }

  /**
   * Hashes one entry into the level-0 tile and its bytes into the bundle, then carries it up the
   * compact range like a binary counter: each set low bit of the size is a perfect subtree that the
   * new leaf completes into one twice as large. A carry reaching height 8L completes a level L-1
   * tile, whose root is the next hash of the level-L tile.
   */
  private void appendLeaf(byte[] entry, List<StoredTile> written) {
    long n = size;
    int slot = (int) (n & (Tiling.WIDTH - 1));
    addToBundle(entry);
    hasher.leaf(entry, tiles[0], slot * HASH);
    System.arraycopy(tiles[0], slot * HASH, carry, 0, HASH);
    int height = 0;
    for (long bits = n; (bits & 1) != 0; bits >>>= 1) {
      hasher.node(compact, height * HASH, carry, 0, carry, 0);
      height++;
      if ((height & (Tiling.HEIGHT - 1)) == 0) {
        int level = height / Tiling.HEIGHT;
        // n + 1 is a multiple of 256^level: the tile holding positions up to n at level-1 is full.
        long hashesAbove = n >>> (Tiling.HEIGHT * level);
        written.add(new StoredTile(level - 1, hashesAbove, Tiling.WIDTH, tiles[level - 1].clone()));
        int position = (int) (hashesAbove & (Tiling.WIDTH - 1));
        System.arraycopy(carry, 0, tiles[level], position * HASH, HASH);
      }
    }
    System.arraycopy(carry, 0, compact, height * HASH, HASH);
    size = n + 1;
    if (slot == Tiling.WIDTH - 1) {
      written.add(
          new StoredTile(
              StoredTile.ENTRIES_LEVEL, n >>> Tiling.HEIGHT, Tiling.WIDTH, bundleBytes()));
      bundleLength = 0;
    }
  }

  private void addToBundle(byte[] entry) {
    int needed = bundleLength + 2 + entry.length;
    if (needed > bundle.length) {
      bundle = Arrays.copyOf(bundle, Math.max(needed, 2 * bundle.length));
    }
    bundle[bundleLength] = (byte) (entry.length >>> 8);
    bundle[bundleLength + 1] = (byte) entry.length;
    System.arraycopy(entry, 0, bundle, bundleLength + 2, entry.length);
    bundleLength = needed;
  }

  private byte[] bundleBytes() {
    return Arrays.copyOf(bundle, bundleLength);
  }

  // Full tiles went into `written` as they filled; add the partial ones the batch changed.
  private void addRightEdge(long first, List<StoredTile> written) {
    for (int level = 0; level < LEVELS; level++) {
      int shift = Tiling.HEIGHT * level;
      long hashes = size >>> shift;
      if (hashes == first >>> shift) {
        break; // nothing new at this level, so nothing above it either
      }
      int width = (int) (hashes & (Tiling.WIDTH - 1));
      if (width > 0) {
        written.add(
            new StoredTile(
                level, hashes >>> Tiling.HEIGHT, width, Arrays.copyOf(tiles[level], width * HASH)));
      }
    }
    int width = (int) (size & (Tiling.WIDTH - 1));
    if (width > 0) {
      written.add(
          new StoredTile(StoredTile.ENTRIES_LEVEL, size >>> Tiling.HEIGHT, width, bundleBytes()));
    }
  }

  // MTH of the whole tree: fold the compact range from the smallest subtree (rightmost) up.
  private Hash root() {
    if (size == 0) {
      return TreeHasher.EMPTY_ROOT;
    }
    int lowest = Long.numberOfTrailingZeros(size);
    byte[] root = Arrays.copyOfRange(compact, lowest * HASH, (lowest + 1) * HASH);
    for (int height = lowest + 1; height < HEIGHTS; height++) {
      if ((size >>> height & 1) != 0) {
        hasher.node(compact, height * HASH, root, 0, root, 0);
      }
    }
    return Hash.of(root);
  }

  /**
   * Rebuilds the right edge for {@code state} from storage: the partial tile at each level (cut to
   * the width the state implies; a wider stored version can only mean another writer is ahead, and
   * then the next commit conflicts), the compact range from those tiles, the partial bundle, and
   * checks the result against the stored root.
   */
  private void load(LogState state) throws StorageException {
    long n = state.size().value();
    for (int level = 0; level < LEVELS; level++) {
      int shift = Tiling.HEIGHT * level;
      long hashes = n >>> shift;
      int width = (int) (hashes & (Tiling.WIDTH - 1));
      if (width == 0) {
        continue;
      }
      long index = hashes >>> Tiling.HEIGHT;
      StoredTile tile = read(level, index, width, n);
      if (tile.data().length != tile.width() * HASH) {
        throw new CorruptLogException(
            "tile "
                + level
                + "/"
                + index
                + " is stored "
                + tile.width()
                + " wide but holds "
                + tile.data().length
                + " bytes");
      }
      System.arraycopy(tile.data(), 0, tiles[level], 0, width * HASH);
      // Bit k of the width is a perfect subtree of 2^k hashes of this tile, biggest first.
      int from = 0;
      for (int k = Tiling.HEIGHT - 1; k >= 0; k--) {
        if ((width >>> k & 1) != 0) {
          hasher.perfectRoot(tiles[level], from * HASH, 1 << k, compact, (shift + k) * HASH);
          from += 1 << k;
        }
      }
    }
    loadBundle(n);
    size = n;
    Hash root = root();
    if (!root.equals(state.root())) {
      throw new CorruptLogException(
          "the stored right edge of the log at size "
              + n
              + " has root "
              + root.hex()
              + ", the stored state says "
              + state.root().hex());
    }
  }

  private void loadBundle(long n) throws StorageException {
    bundleLength = 0;
    int width = (int) (n & (Tiling.WIDTH - 1));
    if (width == 0) {
      return;
    }
    long index = n >>> Tiling.HEIGHT;
    StoredTile stored = read(StoredTile.ENTRIES_LEVEL, index, width, n);
    List<byte[]> entries;
    try {
      entries = EntryBundle.decode(stored.data(), stored.width());
    } catch (MalformedBundleException e) {
      throw new CorruptLogException("bundle " + index + " is malformed: " + e.getMessage(), e);
    }
    byte[] leaf = new byte[HASH];
    for (int i = 0; i < width; i++) {
      byte[] entry = entries.get(i);
      hasher.leaf(entry, leaf, 0);
      if (!Arrays.equals(leaf, 0, HASH, tiles[0], i * HASH, (i + 1) * HASH)) {
        throw new CorruptLogException(
            "entry "
                + (index * Tiling.WIDTH + i)
                + " in bundle "
                + index
                + " hashes to "
                + Hash.of(leaf).hex()
                + ", tile 0/"
                + index
                + " says "
                + Hash.of(Arrays.copyOfRange(tiles[0], i * HASH, (i + 1) * HASH)).hex());
      }
      addToBundle(entry);
    }
  }

  private StoredTile read(int level, long index, int width, long n) throws StorageException {
    StoredTile tile = storage.tile(level, index).orElse(null);
    if (tile == null || tile.width() < width) {
      String what =
          level == StoredTile.ENTRIES_LEVEL ? "bundle " + index : "tile " + level + "/" + index;
      throw new CorruptLogException(
          "the committed size "
              + n
              + " needs "
              + what
              + " at width "
              + width
              + ", storage has "
              + (tile == null ? "none" : "width " + tile.width()));
    }
    return tile;
  }
}
