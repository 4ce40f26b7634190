package org.tracemark.ledger.note;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * A verifier key ("vkey"): {@code <name>+<hex key ID>+<base64(type ‖ public key)>}, the public half
 * of a signed-note key as c2sp.org/signed-note encodes it. Served at {@code /ledger/vkey} for the
 * log, and the form in which a witness is configured with the logs it follows.
 *
 * <p>Only the Ed25519 types this library implements (0x01 note signatures, 0x04 cosignatures) are
 * accepted, with a 32-byte key that is a valid curve point; the key ID must be the one computed
 * from the rest. The public key is public, so it may appear in {@link #toString()}.
 */
public final class VerifierKey {

  /** Ed25519 public keys are 32 bytes (RFC 8032). */
  public static final int ED25519_PUBLIC_KEY_LENGTH = 32;

  private final KeyName name;
  private final KeyId keyId;
  private final SignatureType type;
  private final byte[] publicKey;

  private VerifierKey(KeyName name, KeyId keyId, SignatureType type, byte[] publicKey) {
    this.name = name;
    this.keyId = keyId;
    this.type = type;
    this.publicKey = publicKey;
  }

  /**
   * The verifier key of an Ed25519 public key under {@code name}, for signatures of {@code type}.
   */
  public static VerifierKey of(KeyName name, SignatureType type, byte[] publicKey) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(publicKey, "publicKey");
    byte[] key = publicKey.clone();
    checkEd25519PublicKey(key);
    return new VerifierKey(name, KeyId.compute(name, type, key), type, key);
  }

  /**
   * Parses a verifier key strictly: three {@code +}-separated parts, a valid name, eight lower-case
   * hex digits, canonical padded base64 of a known type byte and a 32-byte Ed25519 key that is a
   * point on the curve, and a key ID equal to the one computed from name, type and key.
   */
  public static VerifierKey parse(String vkey) {
    Objects.requireNonNull(vkey, "verifier key");
    // Names cannot contain '+', base64 can: split off exactly two separators.
    String[] parts = vkey.split("\\+", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "a verifier key is name+keyid+key, got " + parts.length + " part(s)");
    }
    KeyName name = new KeyName(parts[0]);
    KeyId keyId = KeyId.fromHex(parts[1]);
    byte[] data = canonicalBase64(parts[2], "verifier key " + name + "+" + keyId);
    if (data.length == 0) {
      throw new IllegalArgumentException("verifier key " + name + "+" + keyId + " has no key data");
    }
    SignatureType type =
        SignatureType.of(data[0])
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        String.format(
                            "verifier key %s+%s has signature type 0x%02x, which is not supported",
                            name, keyId, data[0])));
    byte[] key = Arrays.copyOfRange(data, 1, data.length);
    checkEd25519PublicKey(key);
    KeyId computed = KeyId.compute(name, type, key);
    if (!computed.equals(keyId)) {
      throw new IllegalArgumentException(
          "verifier key "
              + name
              + " claims key ID "
              + keyId
              + " but its name, type and key give "
              + computed);
    }
    return new VerifierKey(name, keyId, type, key);
  }

  static byte[] canonicalBase64(String text, String what) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": key data is not base64");
    }
    // Java's decoder tolerates missing padding and stray low bits; one key, one spelling.
    if (!Base64.getEncoder().encodeToString(decoded).equals(text)) {
      throw new IllegalArgumentException(what + ": key data is not canonical padded base64");
    }
    return decoded;
  }

  private static void checkEd25519PublicKey(byte[] key) {
    if (key.length != ED25519_PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "an Ed25519 public key is " + ED25519_PUBLIC_KEY_LENGTH + " bytes, got " + key.length);
    }
    try {
      new Ed25519PublicKeyParameters(key, 0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid Ed25519 public key (not a curve point)", e);
    }
  }

  /**
   * This key, if it is of {@code expected} type.
   *
   * @param user what needs the type, for the message (e.g. "a note verifier")
   * @throws IllegalArgumentException naming the key, its type and the one needed
   */
  public VerifierKey requireType(SignatureType expected, String user) {
    if (type != expected) {
      throw new IllegalArgumentException(
          "verifier key "
              + name
              + "+"
              + keyId
              + " is of type "
              + type
              + ", "
              + user
              + " needs "
              + expected);
    }
    return this;
  }

  public KeyName name() {
    return name;
  }

  public KeyId keyId() {
    return keyId;
  }

  public SignatureType type() {
    return type;
  }

  /** A copy of the 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  Ed25519PublicKeyParameters ed25519() {
    return new Ed25519PublicKeyParameters(publicKey, 0);
  }

  /** The encoded form, {@code name+hex8+base64(type ‖ key)}. */
  public String encoded() {
    byte[] data = new byte[1 + publicKey.length];
    data[0] = type.id();
    System.arraycopy(publicKey, 0, data, 1, publicKey.length);
    return name + "+" + keyId.hex() + "+" + Base64.getEncoder().encodeToString(data);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifierKey that
        && name.equals(that.name)
        && type == that.type
        && Arrays.equals(publicKey, that.publicKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, Arrays.hashCode(publicKey));
  }

  /** The encoded verifier key: public material only. */
  @Override
  public String toString() {
    return encoded();
  }
}
