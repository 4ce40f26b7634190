package org.tracemark.ledger.note;

import java.util.List;
import java.util.Objects;

/**
 * A note whose text is vouched for by at least one known key.
 *
 * @param note the note as parsed, all signature lines included
 * @param verified the lines by known keys, each checked valid; never empty; duplicates dropped
 * @param unknown the lines by keys the verifier set does not know, unchecked; duplicates dropped
 */
public record VerifiedNote(Note note, List<NoteSignature> verified, List<NoteSignature> unknown) {

  public VerifiedNote {
    Objects.requireNonNull(note, "note");
    verified = List.copyOf(verified);
    unknown = List.copyOf(unknown);
    if (verified.isEmpty()) {
      throw new IllegalArgumentException("a verified note has at least one verified signature");
    }
  }

  /** The note text, final newline included. */
  public String text() {
    return note.text();
  }

  /** Whether {@code verifier}'s key is among the verified signers. */
  public boolean isSignedBy(NoteVerifier verifier) {
    return verified.stream().anyMatch(signature -> signature.isBy(verifier));
  }
}
