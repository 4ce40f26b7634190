package org.tracemark.ledger.note;

import java.util.Objects;

/**
 * The name of a signed-note key: non-empty, no Unicode space, no plus (c2sp.org/signed-note).
 *
 * <p>Also refused, beyond the spec: control characters and unpaired surrogates. A note may not
 * contain control characters anyway, and an unpaired surrogate has no UTF-8 encoding, so neither
 * could ever appear in a signature line; refusing them here keeps a bad name from getting as far as
 * a key ID computed over bytes no note can carry.
 */
public record KeyName(String value) {

  public KeyName {
    Objects.requireNonNull(value, "key name");
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException("invalid key name \"" + echo(value) + "\": " + problem);
    }
  }

  public static KeyName of(String value) {
    return new KeyName(value);
  }

  /** Whether {@code value} is a valid key name. */
  public static boolean isValid(String value) {
    return value != null && problem(value) == null;
  }

  private static String problem(String value) {
    if (value.isEmpty()) {
      return "empty";
    }
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (c == '+') {
        return "contains '+'";
      }
      if (isUnicodeSpace(c)) {
        return "contains a space (U+" + String.format("%04X", c) + ") at index " + i;
      }
      if (Character.isISOControl(c)) {
        return "contains a control character (U+" + String.format("%04X", c) + ") at index " + i;
      }
      if (Character.isSurrogate((char) c) && Character.charCount(c) == 1) {
        return "contains an unpaired surrogate at index " + i;
      }
      i += Character.charCount(c);
    }
    return null;
  }

  /**
   * The Unicode White_Space property, which is what Go's {@code unicode.IsSpace} (used by the
   * reference implementation) tests: Java's {@code isWhitespace} misses the no-break spaces and
   * {@code isSpaceChar} misses tab, newline and NEL, so both are needed.
   */
  static boolean isUnicodeSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
  }

  // Names reach error messages from untrusted notes; never echo an unbounded amount.
  static String echo(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }

  @Override
  public String toString() {
    return value;
  }
}
