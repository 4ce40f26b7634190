package org.tracemark.gs1.key;

import java.util.Objects;
import org.tracemark.gs1.CharacterSet;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;

/**
 * Global Individual Asset Identifier, AI (8004): a GS1 Company Prefix followed by an individual
 * asset reference, up to 30 characters of character set 82 in all. No check digit.
 */
public record Giai(String value) implements Identity {

  /** Longest GIAI. */
  public static final int MAX_LENGTH = 30;

  /** Validates the invariant; prefer {@link #parse(String)}, which reports typed errors. */
  public Giai {
    Objects.requireNonNull(value, "value");
    KeyRules.invariant(() -> check(value));
  }

  /** Parses an AI (8004) value. */
  public static Giai parse(String value) throws Gs1Exception {
    check(value);
    return new Giai(value);
  }

  /** Builds a GIAI from a company prefix and an asset reference. */
  public static Giai of(CompanyPrefix prefix, String assetReference) throws Gs1Exception {
    return parse(prefix.value() + assetReference);
  }

  /**
   * The GS1 Company Prefix, given its length.
   *
   * @throws Gs1Exception {@code bad-value} if the first {@code prefixLength} characters are not all
   *     digits
   */
  public CompanyPrefix companyPrefix(int prefixLength) throws Gs1Exception {
    KeyRules.prefixLength(prefixLength, value.length(), "GIAI of " + value.length() + " chars");
    String head = value.substring(0, prefixLength);
    if (CharacterSet.NUMERIC.firstInvalid(head) >= 0) {
      throw Gs1Exception.of(
          Code.BAD_VALUE,
          "the first " + prefixLength + " characters of a GIAI are its company prefix, not digits",
          value,
          CharacterSet.NUMERIC.firstInvalid(head) + 1);
    }
    return CompanyPrefix.of(head);
  }

  /** The individual asset reference (after the prefix), given prefix length. */
  public String assetReference(int prefixLength) throws Gs1Exception {
    companyPrefix(prefixLength);
    return value.substring(prefixLength);
  }

  @Override
  public String toString() {
    return value;
  }

  private static void check(String value) throws Gs1Exception {
    KeyRules.cset82(value, MAX_LENGTH, "GIAI");
    int shortest = Math.min(value.length(), CompanyPrefix.MIN_LENGTH);
    if (value.length() < CompanyPrefix.MIN_LENGTH) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH, "a GIAI starts with a company prefix of at least 4 digits", value, 0);
    }
    int bad = CharacterSet.NUMERIC.firstInvalid(value.substring(0, shortest));
    if (bad >= 0) {
      throw Gs1Exception.of(
          Code.BAD_CHARACTER, "a GIAI starts with a company prefix of digits", value, bad + 1);
    }
  }
}
