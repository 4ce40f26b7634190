package org.tracemark.ledger.checkpoint;

import java.util.List;
import java.util.Objects;
import org.tracemark.ledger.note.Ed25519NoteSigner;
import org.tracemark.ledger.note.Note;
import org.tracemark.ledger.note.VerifierKey;
import org.tracemark.ledger.storage.LogState;

/**
 * Signs the log's checkpoints as signed notes with the log's Ed25519 key (c2sp.org/tlog-checkpoint,
 * signature type 0x01), the form {@code GET /ledger/checkpoint} serves and Go's {@code note.Open}
 * accepts.
 *
 * <p>Stateless: that a log never signs two inconsistent checkpoints (tlog-checkpoint §Signatures)
 * is the caller's job, which signs only states the storage has committed. Refuses checkpoints of
 * another origin, so one key cannot be made to speak for two logs by mistake.
 */
public final class CheckpointSigner {

  private final String origin;
  private final Ed25519NoteSigner signer;

  private CheckpointSigner(String origin, Ed25519NoteSigner signer) {
    this.origin = origin;
    this.signer = signer;
  }

  /**
   * A signer for the log {@code origin}. The spec recommends that the key name equal the origin;
   * that is not enforced, since an existing key may be reused under a new origin.
   */
  public static CheckpointSigner of(String origin, Ed25519NoteSigner signer) {
    Objects.requireNonNull(signer, "signer");
    // Validates the origin the way a checkpoint would.
    Checkpoint.of(origin, LogState.EMPTY);
    return new CheckpointSigner(origin, signer);
  }

  public String origin() {
    return origin;
  }

  /** The log's verifier key ({@code GET /ledger/vkey}). */
  public VerifierKey verifierKey() {
    return signer.verifierKey();
  }

  /** A verifier for what this signer signs. */
  public CheckpointVerifier verifier() {
    return CheckpointVerifier.of(origin, signer.verifierKey());
  }

  /** The signed note of {@code checkpoint}, with the log's signature as its only line. */
  public Note sign(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (!checkpoint.origin().equals(origin)) {
      throw new IllegalArgumentException(
          "this signer signs checkpoints of \""
              + origin
              + "\", not \""
              + checkpoint.origin()
              + "\"");
    }
    return Note.sign(checkpoint.body(), List.of(signer));
  }

  @Override
  public String toString() {
    return "CheckpointSigner[" + origin + ", " + signer.name() + "+" + signer.keyId() + "]";
  }
}
