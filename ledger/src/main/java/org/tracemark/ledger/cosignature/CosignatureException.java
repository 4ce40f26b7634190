package org.tracemark.ledger.cosignature;

import org.tracemark.ledger.note.KeyId;
import org.tracemark.ledger.note.KeyName;

/** A signature line by a known cosigner that is not a valid cosignature of the checkpoint. */
public final class CosignatureException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the cosignature was refused. */
  public enum Problem {
    /** Not 8 timestamp bytes followed by a 64-byte Ed25519 signature. */
    WRONG_LENGTH,
    /** The timestamp is 2^63 or more (tlog-cosignature: MUST NOT exceed 2^63 − 1). */
    TIMESTAMP_OUT_OF_RANGE,
    /** The Ed25519 signature does not verify over the cosigned message. */
    INVALID_SIGNATURE
  }

  private final Problem problem;
  private final transient KeyName cosigner;
  private final transient KeyId keyId;

  CosignatureException(Problem problem, KeyName cosigner, KeyId keyId, String detail) {
    super(problem + " for cosigner " + cosigner + "+" + keyId + ": " + detail);
    this.problem = problem;
    this.cosigner = cosigner;
    this.keyId = keyId;
  }

  public Problem problem() {
    return problem;
  }

  public KeyName cosigner() {
    return cosigner;
  }

  public KeyId keyId() {
    return keyId;
  }
}
