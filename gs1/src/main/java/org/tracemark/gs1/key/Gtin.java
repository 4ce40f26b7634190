package org.tracemark.gs1.key;

import java.util.Objects;
import org.tracemark.gs1.CharacterSet;
import org.tracemark.gs1.CheckDigit;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;

/**
 * Global Trade Item Number, held as the 14-digit form used by AI (01), Digital Link and EPCs,
 * together with the length it was written in ({@link Format}).
 *
 * <p>A GTIN-8, -12 or -13 is the same number as its zero-padded GTIN-14 (the check digit is
 * computed from the right, so padding does not change it). Equality therefore compares {@link
 * #value()} only: the format says how the number was presented (an EAN-13 on a pack, a UPC-A), not
 * which item it names.
 */
public record Gtin(String value, Format format) implements Identity {

  /** The length a GTIN was written in. */
  public enum Format {
    GTIN_8(8),
    GTIN_12(12),
    GTIN_13(13),
    GTIN_14(14);

    private final int length;

    Format(int length) {
      this.length = length;
    }

    /** Number of digits. */
    public int length() {
      return length;
    }
  }

  /** Validates the invariant; prefer {@link #parse(String)}, which reports typed errors. */
  public Gtin {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(format, "format");
    KeyRules.invariant(
        () -> {
          KeyRules.numericKey(value, 14, "GTIN");
          for (int i = 0; i < 14 - format.length(); i++) {
            if (value.charAt(i) != '0') {
              throw Gs1Exception.of(
                  Code.BAD_VALUE,
                  "a "
                      + format
                      + " padded to 14 digits starts with "
                      + (14 - format.length())
                      + " zeros",
                  value,
                  i + 1);
            }
          }
        });
  }

  /**
   * Parses a GTIN-8, GTIN-12, GTIN-13 or GTIN-14 (told apart by length) and verifies its check
   * digit.
   */
  public static Gtin parse(String digits) throws Gs1Exception {
    CharacterSet.NUMERIC.require(digits, "GTIN");
    Format format =
        switch (digits.length()) {
          case 8 -> Format.GTIN_8;
          case 12 -> Format.GTIN_12;
          case 13 -> Format.GTIN_13;
          case 14 -> Format.GTIN_14;
          default ->
              throw Gs1Exception.of(
                  Code.BAD_LENGTH,
                  "a GTIN has 8, 12, 13 or 14 digits, got " + digits.length(),
                  digits,
                  0);
        };
    CheckDigit.verify(digits, "GTIN");
    return new Gtin("0".repeat(14 - digits.length()) + digits, format);
  }

  /**
   * Builds a GTIN-14 from its parts and computes the check digit.
   *
   * @param indicator indicator digit, 0-9 (0 for a GTIN-13 or shorter in 14-digit form)
   * @param prefix the GS1 Company Prefix
   * @param itemReference the digits after the prefix; prefix and reference together have 12
   */
  public static Gtin of(int indicator, CompanyPrefix prefix, String itemReference)
      throws Gs1Exception {
    if (indicator < 0 || indicator > 9) {
      throw Gs1Exception.of(
          Code.BAD_VALUE, "indicator digit must be 0-9", String.valueOf(indicator), 0);
    }
    CharacterSet.NUMERIC.require(itemReference, "item reference");
    String body = indicator + prefix.value() + itemReference;
    if (body.length() != 13) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH,
          "company prefix ("
              + prefix.length()
              + ") and item reference ("
              + itemReference.length()
              + ") must have 12 digits together",
          itemReference,
          0);
    }
    return new Gtin(body + CheckDigit.compute(body), Format.GTIN_14);
  }

  /** The GTIN as it was written: 8, 12, 13 or 14 digits. */
  public String original() {
    return value.substring(14 - format.length());
  }

  /** The indicator digit (first of the 14; 0 for GTIN-8, -12, -13). */
  public int indicator() {
    return value.charAt(0) - '0';
  }

  /** The GS1 Company Prefix, given its length. */
  public CompanyPrefix companyPrefix(int prefixLength) throws Gs1Exception {
    return CompanyPrefix.split(value.substring(1, 13), prefixLength);
  }

  /** The item reference (digits after the prefix, before the check digit), given prefix length. */
  public String itemReference(int prefixLength) throws Gs1Exception {
    companyPrefix(prefixLength);
    return value.substring(1 + prefixLength, 13);
  }

  /** Equal when the 14-digit numbers are equal, whatever the format they were written in. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Gtin other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** The 14-digit form. */
  @Override
  public String toString() {
    return value;
  }
}
