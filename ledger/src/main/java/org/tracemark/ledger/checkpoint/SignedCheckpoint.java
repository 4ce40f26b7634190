package org.tracemark.ledger.checkpoint;

import java.util.List;
import java.util.Objects;
import org.tracemark.ledger.note.Note;
import org.tracemark.ledger.note.NoteSignature;

/**
 * A checkpoint whose note carries a valid signature by one of its log's keys.
 *
 * @param checkpoint the parsed body
 * @param note the whole note, every signature line included (cosignatures among them, unchecked
 *     until a cosignature verifier looks at them)
 * @param logSignatures the lines by the log's keys, each verified
 */
public record SignedCheckpoint(
    Checkpoint checkpoint, Note note, List<NoteSignature> logSignatures) {

  public SignedCheckpoint {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(note, "note");
    logSignatures = List.copyOf(logSignatures);
    if (logSignatures.isEmpty()) {
      throw new IllegalArgumentException("a signed checkpoint has at least one log signature");
    }
  }
}
