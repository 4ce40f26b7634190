package org.tracemark.ledger.note;

import java.util.Optional;

/**
 * The signature type identifier bytes of c2sp.org/signed-note that this library implements. The
 * type byte is hashed into the key ID, so the same Ed25519 key has a different ID as a note signer
 * than as a cosigner.
 */
public enum SignatureType {
  /** Ed25519 over the note text (signed-note). */
  ED25519((byte) 0x01),
  /** Timestamped Ed25519 checkpoint cosignature (c2sp.org/tlog-cosignature, cosignature/v1). */
  ED25519_COSIGNATURE((byte) 0x04);

  private final byte id;

  SignatureType(byte id) {
    this.id = id;
  }

  /** The identifier byte. */
  public byte id() {
    return id;
  }

  /** The type with this identifier byte, if it is one this library implements. */
  public static Optional<SignatureType> of(byte id) {
    for (SignatureType type : values()) {
      if (type.id == id) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return name() + String.format("(0x%02x)", id);
  }
}
