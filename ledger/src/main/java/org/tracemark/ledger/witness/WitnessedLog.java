package org.tracemark.ledger.witness;

import java.util.List;
import java.util.Objects;
import org.tracemark.ledger.note.SignatureType;
import org.tracemark.ledger.note.VerifierKey;

/**
 * A log a witness follows: its origin and the Ed25519 note keys (type 0x01) it signs checkpoints
 * with; more than one during a key rotation.
 */
public record WitnessedLog(String origin, List<VerifierKey> keys) {

  public WitnessedLog {
    Objects.requireNonNull(origin, "origin");
    keys = List.copyOf(keys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("log " + origin + " needs at least one key");
    }
    for (VerifierKey key : keys) {
      if (key.type() != SignatureType.ED25519) {
        throw new IllegalArgumentException(
            "log "
                + origin
                + ": key "
                + key.name()
                + "+"
                + key.keyId()
                + " is not a note key (0x01)");
      }
    }
  }

  public static WitnessedLog of(String origin, VerifierKey... keys) {
    return new WitnessedLog(origin, List.of(keys));
  }
}
