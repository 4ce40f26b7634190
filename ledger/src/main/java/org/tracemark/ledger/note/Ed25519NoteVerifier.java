package org.tracemark.ledger.note;

import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Verifies Ed25519 note signatures (type 0x01) of one verifier key. Thread-safe. */
public final class Ed25519NoteVerifier implements NoteVerifier {

  /** Ed25519 signatures are 64 bytes (RFC 8032). */
  public static final int SIGNATURE_LENGTH = Ed25519PublicKeyParameters.KEY_SIZE * 2;

  private final VerifierKey key;
  private final Ed25519PublicKeyParameters publicKey;

  private Ed25519NoteVerifier(VerifierKey key) {
    this.key = key;
    this.publicKey = key.ed25519();
  }

  /** A verifier for {@code key}, which must be of type {@link SignatureType#ED25519}. */
  public static Ed25519NoteVerifier of(VerifierKey key) {
    Objects.requireNonNull(key, "key");
    key.requireType(SignatureType.ED25519, "a note verifier");
    return new Ed25519NoteVerifier(key);
  }

  /** A verifier for an encoded verifier key of type 0x01. */
  public static Ed25519NoteVerifier parse(String vkey) {
    return of(VerifierKey.parse(vkey));
  }

  public VerifierKey key() {
    return key;
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
  public boolean verify(byte[] text, byte[] signature) {
    if (signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, publicKey);
    verifier.update(text, 0, text.length);
    return verifier.verifySignature(signature);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Ed25519NoteVerifier that && key.equals(that.key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return "Ed25519NoteVerifier[" + key + "]";
  }
}
