package org.tracemark.gs1.epc;

import java.util.List;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.digitallink.PercentEncoding;

/**
 * Escaping of alphanumeric EPC URN components (serials, lots, extensions, asset references), per
 * the EPC Tag Data Standard's table of characters permitted in alphanumeric serial numbers: of the
 * GS1 AI encodable character set 82, the seven characters {@code " % & / < > ?} are written as
 * {@code %22 %25 %26 %2F %3C %3E %3F}; every other character is written as itself. When reading,
 * any "%" triplet is decoded, so over-escaped input is accepted.
 */
final class UrnEscaping {

  private static final String ESCAPED = "\"%&/<>?";

  private UrnEscaping() {}

  static String encode(String value) {
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (ESCAPED.indexOf(c) >= 0) {
        b.append('%').append(String.format("%02X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Decodes a component.
   *
   * @param offset 0-based index of {@code text} in {@code urn}
   * @param sourceIndex receives each decoded char's 0-based index in {@code urn}
   */
  static String decode(String text, String urn, int offset, List<Integer> sourceIndex)
      throws Gs1Exception {
    return PercentEncoding.decode(text, false, urn, offset, sourceIndex);
  }
}
