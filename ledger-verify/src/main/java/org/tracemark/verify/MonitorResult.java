package org.tracemark.verify;

import java.util.Objects;
import java.util.Optional;
import org.tracemark.ledger.checkpoint.Checkpoint;

/**
 * What one {@link LogMonitor#check} found: everything verified, or the first thing that did not.
 */
public sealed interface MonitorResult {

  /**
   * Every check passed, and the state file now holds {@code checkpoint} (or already did).
   *
   * @param checkpoint the checkpoint served, signature, root and consistency verified
   * @param previous the checkpoint the state file held before this run, if any
   * @param entry the entry checked for inclusion, if one was asked for
   * @param requests HTTP requests this run made (checkpoint, tiles, bundles, proofs)
   * @param stateUpdated whether the state file was written (false when the size did not grow)
   */
  record Verified(
      Checkpoint checkpoint,
      Optional<Checkpoint> previous,
      Optional<IncludedEntry> entry,
      int requests,
      boolean stateUpdated)
      implements MonitorResult {
    public Verified {
      Objects.requireNonNull(checkpoint, "checkpoint");
      Objects.requireNonNull(previous, "previous");
      Objects.requireNonNull(entry, "entry");
    }
  }

  /** A check failed; the state file was left as it was. */
  record Failed(Failure failure) implements MonitorResult {
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
