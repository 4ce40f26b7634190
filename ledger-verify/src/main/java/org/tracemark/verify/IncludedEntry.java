package org.tracemark.verify;

import java.util.Objects;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;

/**
 * An entry proven to be in the verified tree: the bytes served at {@code index} hash to {@code
 * leafHash}, which an inclusion proof built from the tiles connects to the checkpoint's root.
 *
 * @param matchedExpected whether the caller gave bytes to compare with (and they matched)
 */
public record IncludedEntry(LeafIndex index, Hash leafHash, int length, boolean matchedExpected) {
  public IncludedEntry {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(leafHash, "leafHash");
  }
}
