package org.tracemark.ledger.cosignature;

import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.SignedCheckpoint;
import org.tracemark.ledger.cosignature.CosignatureException.Problem;
import org.tracemark.ledger.note.KeyId;
import org.tracemark.ledger.note.KeyName;
import org.tracemark.ledger.note.NoteSignature;
import org.tracemark.ledger.note.NoteVerifier;
import org.tracemark.ledger.note.SignatureType;
import org.tracemark.ledger.note.VerifierKey;

/**
 * Verifies the Ed25519 cosignatures (type 0x04) of one cosigner. Also a {@link NoteVerifier}, so a
 * note can be opened with log and cosigner keys together, as c2sp.org/tlog-witness suggests for
 * clients. Thread-safe.
 *
 * <p>Future timestamps are not refused here (the spec allows, not requires, that); {@link
 * Cosignature#timestamp()} is returned so a caller with a policy can apply it.
 */
public final class CosignatureVerifier implements NoteVerifier {

  private static final int TIMESTAMP_LENGTH = 8;
  private static final int SIGNATURE_LENGTH = 64;

  private final VerifierKey key;
  private final Ed25519PublicKeyParameters publicKey;

  private CosignatureVerifier(VerifierKey key) {
    this.key = key;
    this.publicKey = new Ed25519PublicKeyParameters(key.publicKey(), 0);
  }

  /** A verifier for a cosigner verifier key, which must be of type 0x04. */
  public static CosignatureVerifier of(VerifierKey key) {
    Objects.requireNonNull(key, "key");
    key.requireType(SignatureType.ED25519_COSIGNATURE, "a cosignature verifier");
    return new CosignatureVerifier(key);
  }

  public static CosignatureVerifier parse(String vkey) {
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

  /**
   * This cosigner's cosignature on {@code checkpoint}, if its note has a line by this cosigner.
   *
   * @throws CosignatureException the line is there but is not a valid cosignature
   */
  public Optional<Cosignature> find(SignedCheckpoint checkpoint) throws CosignatureException {
    for (NoteSignature line : checkpoint.note().signatures()) {
      if (line.isBy(this)) {
        return Optional.of(verify(checkpoint.checkpoint(), line));
      }
    }
    return Optional.empty();
  }

  /**
   * Verifies {@code line} as this cosigner's cosignature on {@code checkpoint}.
   *
   * @throws IllegalArgumentException the line names another key
   * @throws CosignatureException the line is not a valid cosignature
   */
  public Cosignature verify(Checkpoint checkpoint, NoteSignature line) throws CosignatureException {
    if (!line.isBy(this)) {
      throw new IllegalArgumentException(
          "line by " + line.name() + "+" + line.keyId() + " is not by " + name() + "+" + keyId());
    }
    byte[] payload = line.signature();
    if (payload.length != TIMESTAMP_LENGTH + SIGNATURE_LENGTH) {
      throw new CosignatureException(
          Problem.WRONG_LENGTH,
          name(),
          keyId(),
          "a cosignature is "
              + (TIMESTAMP_LENGTH + SIGNATURE_LENGTH)
              + " bytes after the key ID, got "
              + payload.length);
    }
    long timestamp = timestamp(payload);
    if (timestamp < 0) {
      throw new CosignatureException(
          Problem.TIMESTAMP_OUT_OF_RANGE,
          name(),
          keyId(),
          "timestamp " + Long.toUnsignedString(timestamp) + " is 2^63 or more");
    }
    if (!verifySignature(timestamp, checkpoint.bodyBytes(), payload)) {
      throw new CosignatureException(
          Problem.INVALID_SIGNATURE,
          name(),
          keyId(),
          "signature at time "
              + timestamp
              + " does not verify over checkpoint "
              + checkpoint.origin()
              + " size "
              + checkpoint.size()
              + " root "
              + checkpoint.root());
    }
    return new Cosignature(name(), keyId(), timestamp, line);
  }

  /**
   * As a note verifier: {@code text} is the note text, which for a cosignature must be the
   * checkpoint body; {@code signature} the timestamp and Ed25519 signature.
   */
  @Override
  public boolean verify(byte[] text, byte[] signature) {
    if (signature.length != TIMESTAMP_LENGTH + SIGNATURE_LENGTH) {
      return false;
    }
    long timestamp = timestamp(signature);
    return timestamp >= 0 && verifySignature(timestamp, text, signature);
  }

  private boolean verifySignature(long timestamp, byte[] body, byte[] payload) {
    byte[] message = CosignedMessage.of(timestamp, body);
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, publicKey);
    verifier.update(message, 0, message.length);
    byte[] signature = new byte[SIGNATURE_LENGTH];
    System.arraycopy(payload, TIMESTAMP_LENGTH, signature, 0, SIGNATURE_LENGTH);
    return verifier.verifySignature(signature);
  }

  private static long timestamp(byte[] payload) {
    long timestamp = 0;
    for (int i = 0; i < TIMESTAMP_LENGTH; i++) {
      timestamp = timestamp << 8 | (payload[i] & 0xff);
    }
    return timestamp;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CosignatureVerifier that && key.equals(that.key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return "CosignatureVerifier[" + key + "]";
  }
}
