package org.tracemark.ledger.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A {@link LogStorage} that passes every call to another; tests override what they intercept. */
public abstract class ForwardingLogStorage implements LogStorage {

  protected final LogStorage delegate;

  protected ForwardingLogStorage(LogStorage delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public LogState state() throws StorageException {
    return delegate.state();
  }

  @Override
  public Optional<StoredTile> tile(int level, long index) throws StorageException {
    return delegate.tile(level, index);
  }

  @Override
  public void commit(LogState expected, LogState next, List<StoredTile> tiles)
      throws StorageException, ConflictException {
    delegate.commit(expected, next, tiles);
  }

  @Override
  public Optional<byte[]> checkpoint() throws StorageException {
    return delegate.checkpoint();
  }

  @Override
  public void publishCheckpoint(long size, byte[] signedNote) throws StorageException {
    delegate.publishCheckpoint(size, signedNote);
  }
}
