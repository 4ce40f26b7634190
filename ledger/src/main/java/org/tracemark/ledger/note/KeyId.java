package org.tracemark.ledger.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The 32-bit key ID of a signed-note key: the first four bytes, big-endian, of {@code SHA-256(key
 * name ‖ 0x0A ‖ signature type ‖ public key)}.
 *
 * <p>An identifier, not a fingerprint: anyone can make a key with a chosen ID. Verification always
 * goes through the configured public key, so a collision only ever yields a failed verification.
 */
public record KeyId(int value) {

  /** Computes the ID that c2sp.org/signed-note recommends and tlog-cosignature requires. */
  public static KeyId compute(KeyName name, SignatureType type, byte[] publicKey) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(publicKey, "publicKey");
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK lacks SHA-256", e);
    }
    sha256.update(name.value().getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '\n');
    sha256.update(type.id());
    sha256.update(publicKey);
    byte[] digest = sha256.digest();
    return fromBytes(digest, 0);
  }

  /** The ID stored big-endian in {@code bytes[offset..offset+4)}. */
  public static KeyId fromBytes(byte[] bytes, int offset) {
    return new KeyId(
        (bytes[offset] & 0xff) << 24
            | (bytes[offset + 1] & 0xff) << 16
            | (bytes[offset + 2] & 0xff) << 8
            | bytes[offset + 3] & 0xff);
  }

  /**
   * Parses exactly eight lower-case hex digits, the form in verifier keys. The spec's hex is
   * lower-case; accepting upper case too would give one key two spellings.
   */
  public static KeyId fromHex(String hex) {
    if (hex == null || hex.length() != 8 || !hex.chars().allMatch(KeyId::isLowerHexDigit)) {
      throw new IllegalArgumentException(
          "a key ID is 8 lower-case hex digits, got \""
              + (hex == null ? "null" : KeyName.echo(hex))
              + "\"");
    }
    return new KeyId(Integer.parseUnsignedInt(hex, 16));
  }

  private static boolean isLowerHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  /** The four bytes, big-endian. */
  public byte[] bytes() {
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }

  /** Eight lower-case hex digits. */
  public String hex() {
    return HexFormat.of().toHexDigits(value);
  }

  @Override
  public String toString() {
    return hex();
  }
}
