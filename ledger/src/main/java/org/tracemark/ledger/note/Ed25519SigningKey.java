package org.tracemark.ledger.note;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The private half of a signed-note Ed25519 key: a name, a signature type and a 32-byte seed.
 *
 * <p>Imports and exports the signer-key string of Go's {@code golang.org/x/mod/sumdb/note}, {@code
 * PRIVATE+KEY+<name>+<hex key ID>+<base64(type ‖ seed)>}, so keys move between this library and the
 * Go tools. That string is the secret itself: only {@link #exportSecret()} returns it, and no
 * message, {@code toString} or exception of this class contains any part of the seed.
 *
 * <p>Thread-safe: each signature uses a fresh Bouncy Castle signer.
 */
public final class Ed25519SigningKey {

  private static final String PREFIX = "PRIVATE+KEY+";
  private static final int SEED_LENGTH = Ed25519PrivateKeyParameters.KEY_SIZE;

  private final KeyName name;
  private final SignatureType type;
  private final Ed25519PrivateKeyParameters privateKey;
  private final VerifierKey verifierKey;

  private Ed25519SigningKey(KeyName name, SignatureType type, Ed25519PrivateKeyParameters key) {
    this.name = name;
    this.type = type;
    this.privateKey = key;
    this.verifierKey = VerifierKey.of(name, type, key.generatePublicKey().getEncoded());
  }

  /** A new random key. */
  public static Ed25519SigningKey generate(KeyName name, SignatureType type, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    return new Ed25519SigningKey(
        Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(type, "type"),
        new Ed25519PrivateKeyParameters(random));
  }

  /** The key with this 32-byte RFC 8032 seed (the array is copied). */
  public static Ed25519SigningKey fromSeed(KeyName name, SignatureType type, byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException(
          "an Ed25519 seed is " + SEED_LENGTH + " bytes, got " + seed.length);
    }
    return new Ed25519SigningKey(
        Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(type, "type"),
        new Ed25519PrivateKeyParameters(seed, 0));
  }

  /**
   * Parses a {@code PRIVATE+KEY+name+hex8+base64(type ‖ seed)} signer key and checks that the key
   * ID matches the public key derived from the seed, so a key cannot be imported under a wrong
   * identity.
   */
  public static Ed25519SigningKey parse(String signerKey) {
    Objects.requireNonNull(signerKey, "signer key");
    if (!signerKey.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a signer key starts with " + PREFIX);
    }
    String[] parts = signerKey.substring(PREFIX.length()).split("\\+", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "a signer key is PRIVATE+KEY+name+keyid+key, got " + (parts.length + 2) + " part(s)");
    }
    if (!KeyName.isValid(parts[0])) {
      throw new IllegalArgumentException("signer key has an invalid key name");
    }
    KeyName name = new KeyName(parts[0]);
    KeyId claimed;
    try {
      claimed = KeyId.fromHex(parts[1]);
    } catch (IllegalArgumentException e) {
      // The would-be ID may be key data when a separator is missing: do not echo it.
      throw new IllegalArgumentException(
          "signer key " + name + " has no key ID of 8 lower-case hex digits");
    }
    byte[] data;
    try {
      data = VerifierKey.canonicalBase64(parts[2], "signer key " + name + "+" + claimed);
    } catch (IllegalArgumentException e) {
      // The message names the key; the cause would not carry key bytes, but drop it anyway.
      throw new IllegalArgumentException(e.getMessage());
    }
    try {
      if (data.length != 1 + SEED_LENGTH) {
        throw new IllegalArgumentException(
            "signer key "
                + name
                + "+"
                + claimed
                + " has "
                + data.length
                + " bytes of key data, not 33");
      }
      SignatureType type =
          SignatureType.of(data[0])
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          String.format(
                              "signer key %s+%s has signature type 0x%02x, which is not supported",
                              name, claimed, data[0])));
      Ed25519SigningKey key =
          new Ed25519SigningKey(name, type, new Ed25519PrivateKeyParameters(data, 1));
      if (!key.keyId().equals(claimed)) {
        throw new IllegalArgumentException(
            "signer key "
                + name
                + " claims key ID "
                + claimed
                + " but its seed gives "
                + key.keyId());
      }
      return key;
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /**
   * The same seed and name as a key of another signature type, with that type's key ID. Lets a
   * witness operator use a key made by Go's {@code note.GenerateKey} (type 0x01) as a cosigner
   * (type 0x04), as {@code transparency-dev/formats} does.
   */
  public Ed25519SigningKey as(SignatureType otherType) {
    Objects.requireNonNull(otherType, "type");
    return otherType == type ? this : new Ed25519SigningKey(name, otherType, privateKey);
  }

  public KeyName name() {
    return name;
  }

  public SignatureType type() {
    return type;
  }

  public KeyId keyId() {
    return verifierKey.keyId();
  }

  /** The public half, as served to verifiers. */
  public VerifierKey verifierKey() {
    return verifierKey;
  }

  /** The RFC 8032 Ed25519 signature (64 bytes) of {@code message}. */
  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /**
   * The secret signer key, {@code PRIVATE+KEY+name+hex8+base64(type ‖ seed)}. Whoever holds this
   * string can sign as this key: store it as a secret, never log it.
   */
  public String exportSecret() {
    byte[] data = new byte[1 + SEED_LENGTH];
    data[0] = type.id();
    privateKey.encode(data, 1);
    try {
      return PREFIX
          + name
          + "+"
          + keyId().hex()
          + "+"
          + new String(Base64.getEncoder().encode(data), StandardCharsets.US_ASCII);
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /** Name, key ID and type only; never key material. */
  @Override
  public String toString() {
    return "Ed25519SigningKey[" + name + "+" + keyId() + ", " + type + "]";
  }
}
