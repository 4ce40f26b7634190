package org.tracemark.ledger.witness;

import java.util.Objects;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.note.Note;

/**
 * What a witness remembers of one log: the latest checkpoint it cosigned, and that checkpoint as a
 * note with the log signatures it verified and its own cosignatures (what tlog-witness's monitoring
 * endpoint serves).
 */
public record WitnessRecord(Checkpoint checkpoint, Note cosignedNote) {

  public WitnessRecord {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(cosignedNote, "cosignedNote");
    if (!cosignedNote.text().equals(checkpoint.body())) {
      throw new IllegalArgumentException("the cosigned note's text is not the checkpoint's body");
    }
  }

  public String origin() {
    return checkpoint.origin();
  }
}
