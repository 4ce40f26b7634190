package org.tracemark.verify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.storage.LogState;
import org.tracemark.ledger.storage.LogStorage;
import org.tracemark.ledger.storage.StoredTile;
import org.tracemark.ledger.tile.BundleIndex;
import org.tracemark.ledger.tile.TileIndex;
import org.tracemark.ledger.tile.Tiling;

/**
 * The tiles of one checkpoint's tree, fetched over HTTP on demand, as a read-only {@link
 * LogStorage}: the ledger's own {@code LogReader} and {@code ProofBuilder} then compute roots and
 * proofs from served tiles exactly as the log computes them from its database, and fetch only the
 * O(log n) tiles they touch.
 *
 * <p>{@link #tile} answers with the widest version of a tile that the checkpoint's tree covers
 * (full, or the partial tile at the right edge), which is all any size up to the checkpoint's can
 * need. Each tile is fetched at most once per source; a source is meant for one check and is not
 * shared. Nothing here is trusted: the caller compares what it computes with the signed root.
 */
final class HttpTileSource implements LogStorage {

  private record Key(int level, long index) {}

  private final LogEndpoint endpoint;
  private final Checkpoint checkpoint;
  private final Map<Key, StoredTile> fetched = new HashMap<>();

  HttpTileSource(LogEndpoint endpoint, Checkpoint checkpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
  }

  /** The state the checkpoint claims; nothing reads it to decide anything. */
  @Override
  public LogState state() {
    return checkpoint.state();
  }

  @Override
  public synchronized Optional<StoredTile> tile(int level, long index) throws FetchException {
    Key key = new Key(level, index);
    StoredTile cached = fetched.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    TreeSize size = checkpoint.size();
    // A bundle covers the same entries as the level-0 tile of its index.
    int width = coveredWidth(size, level == StoredTile.ENTRIES_LEVEL ? 0 : level, index);
    if (width == 0) {
      // Beyond the checkpoint's tree: LogReader turns this into a MissingTileException.
      return Optional.empty();
    }
    byte[] data =
        level == StoredTile.ENTRIES_LEVEL
            ? endpoint.bundle(new BundleIndex(index, width))
            : endpoint.tile(new TileIndex(level, index, width));
    StoredTile tile = new StoredTile(level, index, width, data);
    fetched.put(key, tile);
    return Optional.of(tile);
  }

  /** How many tiles and bundles this source has fetched. */
  synchronized int tilesFetched() {
    return fetched.size();
  }

  // 256 for a full tile of the tree, the partial width for the last one, 0 past the edge.
  private static int coveredWidth(TreeSize size, int level, long index) {
    if (level > Tiling.MAX_LEVEL) {
      return 0;
    }
    long full = Tiling.fullTileCount(size, level);
    if (index < full) {
      return Tiling.WIDTH;
    }
    if (index == full) {
      return Tiling.partialTile(size, level).map(TileIndex::width).orElse(0);
    }
    return 0;
  }

  @Override
  public void commit(LogState expected, LogState next, List<StoredTile> tiles) {
    throw new UnsupportedOperationException("a verifier never writes to the log it checks");
  }

  /** None: the monitor fetches and verifies the checkpoint itself, before any tile. */
  @Override
  public Optional<byte[]> checkpoint() {
    return Optional.empty();
  }

  @Override
  public void publishCheckpoint(long size, byte[] signedNote) {
    throw new UnsupportedOperationException("a verifier never writes to the log it checks");
  }
}
