package org.tracemark.ledger.storage;

import java.util.List;
import java.util.Optional;

/**
 * The one narrow interface between the log and where it keeps its bytes (PostgreSQL in production,
 * memory in unit tests). Everything the integrator writes goes through {@link #commit}, which is
 * atomic: after a crash the storage holds either the whole batch or none of it.
 *
 * <p>Implementations must be safe for concurrent readers while one writer commits. Exactly one
 * writer at a time is the caller's job (the sequencer); {@link #commit} still refuses a write whose
 * {@code expected} state is not the stored one, so a deposed writer can never overwrite.
 */
public interface LogStorage {

  /** The committed state; {@link LogState#EMPTY} for a new log. */
  LogState state() throws StorageException;

  /**
   * The widest stored version of a hash tile ({@code level >= 0}) or an entry bundle ({@code level
   * == StoredTile.ENTRIES_LEVEL}), or empty if none was written.
   */
  Optional<StoredTile> tile(int level, long index) throws StorageException;

  /**
   * Atomically writes the tiles and bundles of a batch and moves the state from {@code expected} to
   * {@code next}. Each written tile replaces the stored version of the same (level, index); it is
   * always at least as wide.
   *
   * @throws ConflictException the stored state is not {@code expected} (another writer committed);
   *     nothing was written
   */
  void commit(LogState expected, LogState next, List<StoredTile> tiles)
      throws StorageException, ConflictException;

  /** The latest published signed checkpoint (the whole note, cosignatures included), if any. */
  Optional<byte[]> checkpoint() throws StorageException;

  /**
   * Publishes a signed checkpoint for a tree size that is already committed. Storage keeps it only
   * if {@code size} is not smaller than the published one's, so checkpoints never go backwards.
   */
  void publishCheckpoint(long size, byte[] signedNote) throws StorageException;
}
