package org.tracemark.gs1.key;

import java.util.Objects;
import org.tracemark.gs1.CharacterSet;
import org.tracemark.gs1.Gs1Exception;

/**
 * A GS1 Company Prefix: the 4 to 12 leading digits of a key that GS1 allocated to one company.
 *
 * <p>A key does not say how long its prefix is; that is known only from GS1's allocation (or the
 * company's own records), which is why EPC conversion asks for it. The 4-digit minimum is the GS1
 * General Specifications' shortest prefix; EPC URNs further require at least 6.
 */
public record CompanyPrefix(String value) {

  /** Shortest GS1 Company Prefix. */
  public static final int MIN_LENGTH = 4;

  /** Longest GS1 Company Prefix. */
  public static final int MAX_LENGTH = 12;

  /** Validates the invariant; prefer {@link #of(String)}, which reports typed errors. */
  public CompanyPrefix {
    Objects.requireNonNull(value, "value");
    KeyRules.invariant(() -> check(value));
  }

  /** Parses a prefix of 4 to 12 digits. */
  public static CompanyPrefix of(String value) throws Gs1Exception {
    check(value);
    return new CompanyPrefix(value);
  }

  /**
   * The prefix of length {@code length} at the start of {@code digits}.
   *
   * @param digits key digits starting at the company prefix position
   */
  public static CompanyPrefix split(String digits, int length) throws Gs1Exception {
    KeyRules.prefixLength(length, digits.length(), "key of " + digits.length() + " digits");
    return of(digits.substring(0, length));
  }

  /** Number of digits. */
  public int length() {
    return value.length();
  }

  /** Whether {@code digits} starts with this prefix. */
  public boolean prefixes(String digits) {
    return digits.startsWith(value);
  }

  @Override
  public String toString() {
    return value;
  }

  private static void check(String value) throws Gs1Exception {
    CharacterSet.NUMERIC.require(value, "GS1 Company Prefix");
    KeyRules.length(value, MIN_LENGTH, MAX_LENGTH, "GS1 Company Prefix");
  }
}
