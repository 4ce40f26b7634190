package org.tracemark.ledger.storage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tracemark.ledger.tile.Tiling;

/**
 * Keeps full tiles and full entry bundles in memory, in front of another storage. They are
 * immutable once written (a full tile is never rewritten, C2SP tlog-tiles), so a cached copy is
 * always the stored one; partial tiles, the state and checkpoints are always read through. Bounded
 * by bytes, least recently used first out. Proofs and the consumer view read the same few upper
 * tiles for every entry; this turns most of those reads into memory reads.
 *
 * <p>A full tile altered behind the log's back (in the database) is not seen while its cached copy
 * lives; what is served stays what was committed, and the independent verifier checks that.
 */
public final class CachingLogStorage implements LogStorage {

  private record Key(int level, long index) {}

  private final LogStorage storage;
  private final long maxBytes;
  private final Map<Key, StoredTile> cache = new LinkedHashMap<>(1024, 0.75f, true);
  private long bytes;
  private long hits;
  private long misses;

  /**
   * @param maxBytes the most tile bytes kept (e.g. 64 MiB)
   */
  public CachingLogStorage(LogStorage storage, long maxBytes) {
    this.storage = Objects.requireNonNull(storage, "storage");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must be >= 0, not " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  @Override
  public LogState state() throws StorageException {
    return storage.state();
  }

  @Override
  public Optional<StoredTile> tile(int level, long index) throws StorageException {
    Key key = new Key(level, index);
    synchronized (this) {
      StoredTile cached = cache.get(key);
      if (cached != null) {
        hits++;
        return Optional.of(cached);
      }
      misses++;
    }
    Optional<StoredTile> tile = storage.tile(level, index);
    if (tile.isPresent() && tile.get().width() == Tiling.WIDTH) {
      keep(key, tile.get());
    }
    return tile;
  }

  private synchronized void keep(Key key, StoredTile tile) {
    long size = tile.data().length;
    if (size > maxBytes || cache.containsKey(key)) {
      return;
    }
    cache.put(key, tile);
    bytes += size;
    var eldest = cache.entrySet().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      bytes -= eldest.next().getValue().data().length;
      eldest.remove();
    }
  }

  @Override
  public void commit(LogState expected, LogState next, List<StoredTile> tiles)
      throws StorageException, ConflictException {
    storage.commit(expected, next, tiles);
  }

  @Override
  public Optional<byte[]> checkpoint() throws StorageException {
    return storage.checkpoint();
  }

  @Override
  public void publishCheckpoint(long size, byte[] signedNote) throws StorageException {
    storage.publishCheckpoint(size, signedNote);
  }

  /** Reads answered from memory and reads passed through, since this storage was made. */
  public synchronized long[] hitsAndMisses() {
    return new long[] {hits, misses};
  }

  /** The tile bytes held now. */
  public synchronized long bytes() {
    return bytes;
  }
}
