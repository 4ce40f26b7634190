package org.tracemark.ledger.note;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Signs notes with Ed25519, signature type 0x01: the signature is over the note text exactly. This
 * is how the log signs its checkpoints, and what Go's {@code note.Sign} produces.
 */
public final class Ed25519NoteSigner implements NoteSigner {

  private final Ed25519SigningKey key;

  private Ed25519NoteSigner(Ed25519SigningKey key) {
    this.key = key;
  }

  /** A signer for {@code key}, which must be of type {@link SignatureType#ED25519}. */
  public static Ed25519NoteSigner of(Ed25519SigningKey key) {
    Objects.requireNonNull(key, "key");
    if (key.type() != SignatureType.ED25519) {
      throw new IllegalArgumentException(
          "a note signer needs a key of type " + SignatureType.ED25519 + ", got " + key.type());
    }
    return new Ed25519NoteSigner(key);
  }

  /** A signer for a Go-format {@code PRIVATE+KEY+…} signer key of type 0x01. */
  public static Ed25519NoteSigner parse(String signerKey) {
    return of(Ed25519SigningKey.parse(signerKey));
  }

  public static Ed25519NoteSigner generate(KeyName name, SecureRandom random) {
    return new Ed25519NoteSigner(Ed25519SigningKey.generate(name, SignatureType.ED25519, random));
  }

  public Ed25519SigningKey key() {
    return key;
  }

  /** The verifier key to publish ({@code /ledger/vkey}). */
  public VerifierKey verifierKey() {
    return key.verifierKey();
  }

  @Override
  public KeyName name() {
    return key.name();
  }

  @Override
  public KeyId keyId() {
    return key.keyId();
  }

  @Override
  public byte[] sign(byte[] text) {
    return key.sign(text);
  }

  @Override
  public String toString() {
    return "Ed25519NoteSigner[" + key.name() + "+" + key.keyId() + "]";
  }
}
