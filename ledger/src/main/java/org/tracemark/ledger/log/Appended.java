package org.tracemark.ledger.log;

import java.util.Objects;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.storage.LogState;

/**
 * A batch that is in the log: storage has committed it, so every index in it is durable.
 *
 * @param first the index of the batch's first entry; for an empty batch, the size of the log
 * @param count how many entries the batch held; they have indexes {@code first .. first+count-1}
 * @param state the committed state with the batch in it
 */
public record Appended(LeafIndex first, int count, LogState state) {

  public Appended {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(state, "state");
    if (count < 0 || first.value() + count != state.size().value()) {
      throw new IllegalArgumentException(
          count + " entries from index " + first + " do not end at the size of " + state);
    }
  }
}
