package org.tracemark.ledger.note;

/**
 * Verifies the signatures of one known key. A note's signature line is matched to a verifier by
 * name and key ID together; only then is {@link #verify} called.
 *
 * <p>Implementations must compare equal exactly when they hold the same key, so that the same key
 * configured twice is not mistaken for two keys colliding on name and ID.
 */
public interface NoteVerifier {

  KeyName name();

  KeyId keyId();

  /** Whether {@code signature} (the bytes after the key ID) is valid for the note text. */
  boolean verify(byte[] text, byte[] signature);
}
