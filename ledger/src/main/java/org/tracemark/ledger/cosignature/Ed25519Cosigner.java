package org.tracemark.ledger.cosignature;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.note.Ed25519SigningKey;
import org.tracemark.ledger.note.KeyId;
import org.tracemark.ledger.note.KeyName;
import org.tracemark.ledger.note.NoteSignature;
import org.tracemark.ledger.note.SignatureType;
import org.tracemark.ledger.note.VerifierKey;

/**
 * Produces Ed25519 cosignatures (c2sp.org/tlog-cosignature, cosignature/v1, signature type 0x04):
 * the line {@code — <name> base64(key ID ‖ timestamp ‖ Ed25519 signature)} over {@code
 * "cosignature/v1\ntime <t>\n" ‖ checkpoint body}, with the key ID computed with type byte 0x04.
 *
 * <p>Cosigns whatever checkpoint it is handed: deciding that a checkpoint is consistent with what
 * was cosigned before is the witness's job. The Ed25519 message does not commit to the cosigner's
 * name, so one key must serve one cosigner name only (tlog-cosignature §Ed25519 signed message).
 * Thread-safe. Never prints key material.
 */
public final class Ed25519Cosigner {

  private final Ed25519SigningKey key;
  private final Clock clock;

  private Ed25519Cosigner(Ed25519SigningKey key, Clock clock) {
    this.key = key;
    this.clock = clock;
  }

  /**
   * A cosigner with {@code key}. A key of type 0x01 (as Go's {@code note.GenerateKey} makes) is
   * used as its type-0x04 form, with the key ID that type gives.
   */
  public static Ed25519Cosigner of(Ed25519SigningKey key, Clock clock) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(clock, "clock");
    return new Ed25519Cosigner(key.as(SignatureType.ED25519_COSIGNATURE), clock);
  }

  /** A cosigner from a {@code PRIVATE+KEY+…} signer key of type 0x04 or 0x01. */
  public static Ed25519Cosigner parse(String signerKey, Clock clock) {
    return of(Ed25519SigningKey.parse(signerKey), clock);
  }

  public static Ed25519Cosigner generate(KeyName name, SecureRandom random, Clock clock) {
    return of(Ed25519SigningKey.generate(name, SignatureType.ED25519_COSIGNATURE, random), clock);
  }

  public KeyName name() {
    return key.name();
  }

  public KeyId keyId() {
    return key.keyId();
  }

  /** The cosigner's verifier key, type 0x04, as log clients are configured with it. */
  public VerifierKey verifierKey() {
    return key.verifierKey();
  }

  /** A verifier for this cosigner's signatures. */
  public CosignatureVerifier verifier() {
    return CosignatureVerifier.of(key.verifierKey());
  }

  /** The secret signer key (type 0x04): store as a secret, never log. */
  public String exportSecret() {
    return key.exportSecret();
  }

  /**
   * Cosigns {@code checkpoint} now. The timestamp is the clock's current second; a clock before
   * 1970-01-01T00:00:01Z is refused, since tlog-witness forbids a zero timestamp.
   */
  public Cosignature cosign(Checkpoint checkpoint) {
    return cosign(checkpoint, clock.instant().getEpochSecond());
  }

  /** Cosigns {@code checkpoint} with an explicit timestamp (POSIX seconds, ≥ 1). */
  public Cosignature cosign(Checkpoint checkpoint, long timestamp) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (timestamp <= 0) {
      throw new IllegalArgumentException(
          "a cosignature timestamp is at least 1 (tlog-witness forbids 0), got " + timestamp);
    }
    byte[] signature = key.sign(CosignedMessage.of(timestamp, checkpoint.bodyBytes()));
    byte[] payload = new byte[8 + signature.length];
    for (int i = 0; i < 8; i++) {
      payload[i] = (byte) (timestamp >>> (56 - 8 * i));
    }
    System.arraycopy(signature, 0, payload, 8, signature.length);
    NoteSignature line = NoteSignature.of(key.name(), key.keyId(), payload);
    return new Cosignature(key.name(), key.keyId(), timestamp, line);
  }

  @Override
  public String toString() {
    return "Ed25519Cosigner[" + key.name() + "+" + key.keyId() + "]";
  }
}
