package org.tracemark.gs1.digitallink;

import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;

/**
 * RFC 3986 percent-encoding as GS1 Digital Link uses it: every character outside the unreserved set
 * {@code A-Z a-z 0-9 - . _ ~} is encoded (uppercase hex), so {@code /}, {@code ?}, {@code &},
 * {@code #} and {@code %} inside values never change the URI's structure. Decoding is public
 * because EPC URNs escape with the same "%" triplets.
 */
public final class PercentEncoding {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {}

  static boolean isUnreserved(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  /** Encodes a value for a path segment or a query value. */
  static String encode(String value) {
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (isUnreserved(c)) {
        b.append(c);
      } else {
        b.append('%').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
      }
    }
    return b.toString();
  }

  /**
   * Decodes a path segment or query value. Each decoded byte becomes one char (bytes above 0x7E are
   * kept as such and then fail the character-set check with their position).
   *
   * @param query whether "+" means space (query strings only)
   * @param input the whole URI, for evidence
   * @param offset 0-based index of {@code text} in {@code input}
   * @param sourceIndex receives, for each decoded char, its 0-based index in {@code input}
   * @throws Gs1Exception {@code bad-syntax} for a "%" not followed by two hex digits
   */
  public static String decode(
      String text, boolean query, String input, int offset, java.util.List<Integer> sourceIndex)
      throws Gs1Exception {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      sourceIndex.add(offset + i);
      if (c == '%') {
        int hi = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw Gs1Exception.of(
              Code.BAD_SYNTAX, "\"%\" must be followed by two hex digits", input, offset + i + 1);
        }
        b.append((char) (hi * 16 + lo));
        i += 2;
      } else if (c == '+' && query) {
        b.append(' ');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
