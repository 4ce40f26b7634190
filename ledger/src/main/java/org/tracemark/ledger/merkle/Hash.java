package org.tracemark.ledger.merkle;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A SHA-256 value: exactly 32 bytes, immutable.
 *
 * <p>A class rather than a record because a record over {@code byte[]} would compare arrays by
 * identity and hand out the mutable array.
 */
public final class Hash {

  /** Length of a SHA-256 output in bytes. */
  public static final int LENGTH = 32;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}, which must be exactly 32 long. */
  public static Hash of(byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("hash bytes must not be null");
    }
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "a hash is " + LENGTH + " bytes, got " + bytes.length + " bytes");
    }
    return new Hash(bytes.clone());
  }

  /** Wraps a fresh digest output without copying; only for arrays nobody else holds. */
  static Hash wrap(byte[] digestOutput) {
    if (digestOutput.length != LENGTH) {
      throw new IllegalStateException("SHA-256 returned " + digestOutput.length + " bytes");
    }
    return new Hash(digestOutput);
  }

  /** Parses 64 hex digits (either case). */
  public static Hash fromHex(String hex) {
    if (hex == null || hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException(
          "a hash in hex is "
              + 2 * LENGTH
              + " digits, got "
              + (hex == null ? "null" : hex.length() + " characters"));
    }
    try {
      return new Hash(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex hash: " + hex, e);
    }
  }

  /**
   * Parses standard base64 with padding (RFC 4648 §4), the form checkpoints and proof responses
   * use.
   */
  public static Hash fromBase64(String base64) {
    if (base64 == null) {
      throw new IllegalArgumentException("base64 hash must not be null");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not base64: " + echo(base64), e);
    }
    if (decoded.length != LENGTH) {
      throw new IllegalArgumentException(
          "a hash is " + LENGTH + " bytes, base64 \"" + base64 + "\" decodes to " + decoded.length);
    }
    return new Hash(decoded);
  }

  // Text to parse may come from a client; never echo an unbounded amount of it.
  private static String echo(String text) {
    return text.length() <= 2 * LENGTH ? text : text.substring(0, 2 * LENGTH) + "…";
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Feeds the 32 bytes to {@code digest} without copying them. */
  public void writeTo(MessageDigest digest) {
    digest.update(bytes);
  }

  /** Lower-case hex, 64 characters. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  /** Standard base64 with padding, 44 characters. */
  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hash that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Lower-case hex, so hashes read the same in logs as in test vectors. */
  @Override
  public String toString() {
    return hex();
  }
}
