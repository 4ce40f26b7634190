package org.tracemark.ledger.note;

import java.util.Optional;

/**
 * A well-formed note whose signatures do not satisfy the verifier set: no known key signed it, a
 * known key's signature is invalid, or two configured keys share a name and key ID. Carries the key
 * concerned and which signatures the note had, never key material.
 */
public final class NoteVerificationException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why verification failed. */
  public enum Problem {
    /** No signature line is by a known key (c2sp.org/signed-note: MUST reject). */
    NO_KNOWN_SIGNATURE,
    /** A line names a known key (name and ID) but its signature does not verify. */
    INVALID_SIGNATURE,
    /** A line matches two different configured keys: the verifier set is misconfigured. */
    AMBIGUOUS_KEY
  }

  private final Problem problem;
  private final transient KeyName keyName;
  private final transient KeyId keyId;

  NoteVerificationException(Problem problem, KeyName keyName, KeyId keyId, String message) {
    super(message);
    this.problem = problem;
    this.keyName = keyName;
    this.keyId = keyId;
  }

  public Problem problem() {
    return problem;
  }

  /** For {@code INVALID_SIGNATURE} and {@code AMBIGUOUS_KEY}: the key's name. */
  public Optional<KeyName> keyName() {
    return Optional.ofNullable(keyName);
  }

  /** For {@code INVALID_SIGNATURE} and {@code AMBIGUOUS_KEY}: the key's ID. */
  public Optional<KeyId> keyId() {
    return Optional.ofNullable(keyId);
  }
}
