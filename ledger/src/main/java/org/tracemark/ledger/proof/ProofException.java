package org.tracemark.ledger.proof;

import java.util.Optional;
import org.tracemark.ledger.merkle.Hash;

/**
 * A Merkle proof did not verify. The message names the index or sizes, and either the proof length
 * expected and received or the root hash expected and computed, so a failure in a log can be
 * reproduced from the message alone.
 *
 * <p>Checked, because proofs come from a log over the network and a caller must decide what a bad
 * one means (a misbehaving log, a stale client) rather than let it escape as a runtime failure.
 */
public final class ProofException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Which check failed. */
  public enum Problem {
    /** Inclusion: the leaf index is not below the tree size. */
    INDEX_OUT_OF_RANGE,
    /** Consistency: the first tree is larger than the second. */
    SIZES_OUT_OF_ORDER,
    /** The proof has a different number of hashes than the index and sizes call for. */
    WRONG_PROOF_LENGTH,
    /** Inclusion: the root computed from the leaf and the path is not the given root. */
    ROOT_MISMATCH,
    /** Consistency: the root of the first tree computed from the proof is not the given one. */
    FIRST_ROOT_MISMATCH,
    /** Consistency: the root of the second tree computed from the proof is not the given one. */
    SECOND_ROOT_MISMATCH
  }

  private final Problem problem;
  private final transient Hash expected;
  private final transient Hash computed;

  ProofException(Problem problem, String message) {
    this(problem, message, null, null);
  }

  ProofException(Problem problem, String message, Hash expected, Hash computed) {
    super(message);
    this.problem = problem;
    this.expected = expected;
    this.computed = computed;
  }

  public Problem problem() {
    return problem;
  }

  /** For a root mismatch, the root the caller supplied. */
  public Optional<Hash> expected() {
    return Optional.ofNullable(expected);
  }

  /** For a root mismatch, the root the proof leads to. */
  public Optional<Hash> computed() {
    return Optional.ofNullable(computed);
  }
}
