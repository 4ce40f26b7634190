package org.tracemark.ledger.cosignature;

import java.time.Instant;
import java.util.Objects;
import org.tracemark.ledger.note.KeyId;
import org.tracemark.ledger.note.KeyName;
import org.tracemark.ledger.note.NoteSignature;

/**
 * A verified cosignature: the cosigner named {@code cosigner} stated that, at {@code timestamp},
 * the checkpoint it signed was the largest consistent tree it had seen for that log
 * (c2sp.org/tlog-cosignature, cosignature/v1).
 *
 * @param timestamp POSIX seconds, 0..2^63 − 1
 * @param line the signature line as it appears in the note
 */
public record Cosignature(KeyName cosigner, KeyId keyId, long timestamp, NoteSignature line) {

  public Cosignature {
    Objects.requireNonNull(cosigner, "cosigner");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(line, "line");
    if (timestamp < 0) {
      throw new IllegalArgumentException("a cosignature timestamp is below 2^63, got " + timestamp);
    }
  }

  public Instant time() {
    return Instant.ofEpochSecond(timestamp);
  }
}
