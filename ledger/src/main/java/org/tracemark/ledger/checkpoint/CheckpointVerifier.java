package org.tracemark.ledger.checkpoint;

import java.util.List;
import java.util.Objects;
import org.tracemark.ledger.checkpoint.CheckpointException.Problem;
import org.tracemark.ledger.note.Ed25519NoteVerifier;
import org.tracemark.ledger.note.MalformedNoteException;
import org.tracemark.ledger.note.Note;
import org.tracemark.ledger.note.NoteSignature;
import org.tracemark.ledger.note.NoteVerificationException;
import org.tracemark.ledger.note.VerifiedNote;
import org.tracemark.ledger.note.VerifierKey;

/**
 * Verifies a log's signed checkpoints: a well-formed note, validly signed by one of the log's keys,
 * whose text is a checkpoint of the log's origin. Other signature lines (cosignatures, other logs'
 * keys) are ignored here and kept in the result. Thread-safe.
 *
 * <p>Only the log's keys are given to the note verifier, so a note signed only by a witness, or by
 * a key that shares the log key's name but not its ID, is refused.
 */
public final class CheckpointVerifier {

  private final String origin;
  private final List<Ed25519NoteVerifier> logKeys;

  private CheckpointVerifier(String origin, List<Ed25519NoteVerifier> logKeys) {
    this.origin = origin;
    this.logKeys = logKeys;
  }

  /** A verifier for the log {@code origin} with one or more keys (several during a rotation). */
  public static CheckpointVerifier of(String origin, List<VerifierKey> logKeys) {
    Objects.requireNonNull(origin, "origin");
    if (logKeys.isEmpty()) {
      throw new IllegalArgumentException("a log has at least one key");
    }
    return new CheckpointVerifier(origin, logKeys.stream().map(Ed25519NoteVerifier::of).toList());
  }

  public static CheckpointVerifier of(String origin, VerifierKey logKey) {
    return of(origin, List.of(logKey));
  }

  public String origin() {
    return origin;
  }

  public List<Ed25519NoteVerifier> logKeys() {
    return logKeys;
  }

  /** Verifies an encoded signed checkpoint. */
  public SignedCheckpoint verify(byte[] signedNote) throws CheckpointException {
    Note note;
    try {
      note = Note.parse(signedNote);
    } catch (MalformedNoteException e) {
      throw new CheckpointException(
          Problem.MALFORMED_NOTE, "checkpoint of " + origin + ": " + e.getMessage(), e);
    }
    return verify(note);
  }

  /** Verifies a parsed note as a signed checkpoint. */
  public SignedCheckpoint verify(Note note) throws CheckpointException {
    VerifiedNote verified;
    try {
      verified = note.verify(logKeys);
    } catch (NoteVerificationException e) {
      Problem problem =
          e.problem() == NoteVerificationException.Problem.INVALID_SIGNATURE
              ? Problem.INVALID_LOG_SIGNATURE
              : Problem.NOT_SIGNED_BY_LOG;
      throw new CheckpointException(problem, "checkpoint of " + origin + ": " + e.getMessage(), e);
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(verified.text());
    } catch (MalformedCheckpointException e) {
      throw new CheckpointException(
          Problem.MALFORMED_CHECKPOINT,
          "note signed by "
              + describe(verified.verified())
              + " is not a checkpoint: "
              + e.getMessage(),
          e);
    }
    if (!checkpoint.origin().equals(origin)) {
      throw new CheckpointException(
          Problem.WRONG_ORIGIN,
          "expected a checkpoint of \""
              + origin
              + "\", got one of \""
              + (checkpoint.origin().length() <= 64
                  ? checkpoint.origin()
                  : checkpoint.origin().substring(0, 64) + "…")
              + "\"",
          null);
    }
    return new SignedCheckpoint(checkpoint, note, verified.verified());
  }

  private static String describe(List<NoteSignature> signatures) {
    return signatures.stream()
        .map(s -> s.name() + "+" + s.keyId())
        .reduce((a, b) -> a + ", " + b)
        .orElse("nobody");
  }

  @Override
  public String toString() {
    return "CheckpointVerifier[" + origin + ", " + logKeys + "]";
  }
}
