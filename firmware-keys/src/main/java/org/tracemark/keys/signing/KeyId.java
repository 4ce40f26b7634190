package org.tracemark.keys.signing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The COSE {@code kid} of a device key (DESIGN §2): SHA-256 of the key's DER-encoded
 * SubjectPublicKeyInfo, 32 bytes.
 *
 * <p>Derived from the key rather than assigned, so a verifier holding only the certificate can
 * compute it, and no registry can map one kid to two keys. The hash covers the exact DER bytes: for
 * Ed25519 there is one encoding; for P-256 both the JDK and Bouncy Castle emit the named-curve
 * form, and a key encoded with explicit curve parameters would get a different kid.
 *
 * <p>A class rather than a record so that equality compares the bytes, not the array identity.
 */
public final class KeyId {

  /** Length of a kid in bytes. */
  public static final int LENGTH = 32;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private KeyId(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The kid of {@code key}, from {@link PublicKey#getEncoded()}, which for Java public keys is the
   * X.509 SubjectPublicKeyInfo.
   */
  public static KeyId of(PublicKey key) {
    if (key == null) {
      throw new IllegalArgumentException("public key must not be null");
    }
    byte[] encoded = key.getEncoded();
    if (!"X.509".equals(key.getFormat()) || encoded == null) {
      throw new IllegalArgumentException(
          key.getAlgorithm()
              + " key encodes as "
              + key.getFormat()
              + ", a kid needs the X.509 SubjectPublicKeyInfo encoding");
    }
    return ofSubjectPublicKeyInfo(encoded);
  }

  /** The kid of a key given as DER SubjectPublicKeyInfo bytes, e.g. from a certificate. */
  public static KeyId ofSubjectPublicKeyInfo(byte[] der) {
    if (der == null || der.length == 0) {
      throw new IllegalArgumentException("SubjectPublicKeyInfo must not be empty");
    }
    try {
      return new KeyId(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-256.
      throw new IllegalStateException("this JDK lacks SHA-256", e);
    }
  }

  /** A kid as it appears in a COSE protected header: exactly 32 bytes. */
  public static KeyId fromBytes(byte[] kid) {
    if (kid == null || kid.length != LENGTH) {
      throw new IllegalArgumentException(
          "a kid is "
              + LENGTH
              + " bytes (SHA-256 of the key's SubjectPublicKeyInfo), got "
              + (kid == null ? "null" : kid.length + " bytes"));
    }
    return new KeyId(kid.clone());
  }

  /** Parses 64 hex digits. */
  public static KeyId fromHex(String hex) {
    if (hex == null || hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException(
          "a kid in hex is "
              + 2 * LENGTH
              + " digits, got "
              + (hex == null ? "null" : hex.length() + " characters"));
    }
    try {
      return new KeyId(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex kid: " + hex, e);
    }
  }

  /** A copy of the 32 bytes, as they go into the COSE header. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Lower-case hex. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyId that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
