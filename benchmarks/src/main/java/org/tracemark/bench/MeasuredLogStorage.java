package org.tracemark.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tracemark.ledger.storage.ConflictException;
import org.tracemark.ledger.storage.LogState;
import org.tracemark.ledger.storage.LogStorage;
import org.tracemark.ledger.storage.StorageException;
import org.tracemark.ledger.storage.StoredTile;

/**
 * Passes everything to another {@link LogStorage} and keeps count of what the writer commits: time
 * inside {@code commit}, rows, and bytes of full and partial bundles and tiles (partial ones are
 * written again, wider, by a later batch). Two {@code System.nanoTime()} calls per commit.
 */
final class MeasuredLogStorage implements LogStorage {

  private final LogStorage target;
  private long commits;
  private long commitNanos;
  private long entries;
  private long rows;
  private long fullBundleBytes;
  private long partialBundleBytes;
  private long fullTileBytes;
  private long partialTileBytes;

  MeasuredLogStorage(LogStorage target) {
    this.target = target;
  }

  synchronized void reset() {
    commits = commitNanos = entries = rows = 0;
    fullBundleBytes = partialBundleBytes = fullTileBytes = partialTileBytes = 0;
  }

  synchronized long commitNanos() {
    return commitNanos;
  }

  synchronized long commits() {
    return commits;
  }

  /** What was committed since the last reset, per batch and per entry. */
  synchronized String report() {
    if (commits == 0) {
      return "    no commits\n";
    }
    long bytes = fullBundleBytes + partialBundleBytes + fullTileBytes + partialTileBytes;
    return String.format(
        Locale.ROOT,
        "    %,d commits of %,.0f entries: %.1f rows and %,.1f kB per commit, %.1f B per entry"
            + " (full bundles %.1f, partial bundles %.1f, full tiles %.1f, partial tiles %.1f);"
            + " %,.1f µs per commit inside storage%n",
        commits,
        (double) entries / commits,
        (double) rows / commits,
        bytes / 1e3 / commits,
        (double) bytes / entries,
        (double) fullBundleBytes / entries,
        (double) partialBundleBytes / entries,
        (double) fullTileBytes / entries,
        (double) partialTileBytes / entries,
        commitNanos / 1e3 / commits);
  }

  @Override
  public LogState state() throws StorageException {
    return target.state();
  }

  @Override
  public Optional<StoredTile> tile(int level, long index) throws StorageException {
    return target.tile(level, index);
  }

  @Override
  public void commit(LogState expected, LogState next, List<StoredTile> tiles)
      throws StorageException, ConflictException {
    long start = System.nanoTime();
    target.commit(expected, next, tiles);
    long elapsed = System.nanoTime() - start;
    synchronized (this) {
      commits++;
      commitNanos += elapsed;
      entries += next.size().value() - expected.size().value();
      rows += tiles.size();
      for (StoredTile t : tiles) {
        int n = t.data().length;
        boolean full = t.width() == 256;
        if (t.isBundle()) {
          if (full) {
            fullBundleBytes += n;
          } else {
            partialBundleBytes += n;
          }
        } else if (full) {
          fullTileBytes += n;
        } else {
          partialTileBytes += n;
        }
      }
    }
  }

  @Override
  public Optional<byte[]> checkpoint() throws StorageException {
    return target.checkpoint();
  }

  @Override
  public void publishCheckpoint(long size, byte[] signedNote) throws StorageException {
    target.publishCheckpoint(size, signedNote);
  }
}
