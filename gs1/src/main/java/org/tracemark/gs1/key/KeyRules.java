package org.tracemark.gs1.key;

import org.tracemark.gs1.CharacterSet;
import org.tracemark.gs1.CheckDigit;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;

/** Checks shared by the key records; each throws the typed exception with evidence. */
final class KeyRules {

  private KeyRules() {}

  /** A fixed-length, all-digit key whose last digit is a GS1 mod-10 check digit. */
  static void numericKey(String value, int length, String what) throws Gs1Exception {
    CharacterSet.NUMERIC.require(value, what);
    if (value.length() != length) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH,
          what + " has " + length + " digits, got " + value.length(),
          value,
          value.length() > length ? length + 1 : 0);
    }
    CheckDigit.verify(value, what);
  }

  /** Length within [min, max]. */
  static void length(String value, int min, int max, String what) throws Gs1Exception {
    if (value.length() < min || value.length() > max) {
      String range = min == max ? String.valueOf(min) : min + " to " + max;
      throw Gs1Exception.of(
          Code.BAD_LENGTH,
          what + " has " + range + " characters, got " + value.length(),
          value,
          value.length() > max ? max + 1 : 0);
    }
  }

  /** An alphanumeric component: 1..max characters of character set 82. */
  static void cset82(String value, int max, String what) throws Gs1Exception {
    length(value, 1, max, what);
    CharacterSet.CSET82.require(value, what);
  }

  /** Validates that {@code length} is a usable GS1 Company Prefix length inside {@code digits}. */
  static void prefixLength(int length, int available, String what) throws Gs1Exception {
    if (length < CompanyPrefix.MIN_LENGTH
        || length > CompanyPrefix.MAX_LENGTH
        || length > available) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH,
          "a GS1 Company Prefix of "
              + length
              + " digits does not fit a "
              + what
              + " (prefixes have "
              + CompanyPrefix.MIN_LENGTH
              + " to "
              + Math.min(CompanyPrefix.MAX_LENGTH, available)
              + " digits here)",
          String.valueOf(length),
          0);
    }
  }

  /** Runs a check from a record's canonical constructor, where only unchecked exceptions fit. */
  static void invariant(Check check) {
    try {
      check.run();
    } catch (Gs1Exception e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** A validation step. */
  @FunctionalInterface
  interface Check {
    void run() throws Gs1Exception;
  }
}
