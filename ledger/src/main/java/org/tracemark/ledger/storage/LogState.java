package org.tracemark.ledger.storage;

import java.util.Objects;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;

/**
 * The committed state of the log: how many entries it holds and the root hash over them. A
 * checkpoint is only ever signed over a {@code LogState} that {@link LogStorage#commit} has made
 * durable, together with every tile and bundle it covers.
 */
public record LogState(TreeSize size, Hash root) {

  public static final LogState EMPTY = new LogState(TreeSize.ZERO, TreeHasher.EMPTY_ROOT);

  public LogState {
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(root, "root");
  }
}
