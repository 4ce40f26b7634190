package org.tracemark.gs1.element;

import java.time.Year;
import java.time.ZoneOffset;
import org.tracemark.gs1.CharacterSet;
import org.tracemark.gs1.CheckDigit;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;
import org.tracemark.gs1.element.ApplicationIdentifier.Component;
import org.tracemark.gs1.element.ApplicationIdentifier.Rule;

/**
 * Checks one AI value against the AI's components, the way the GS1 Barcode Syntax Engine does:
 * components consume the value left to right, fixed ones their exact length, the last (variable)
 * one the rest; optional trailing components may be absent. Positions in errors are 1-based within
 * the value; callers re-anchor them in the whole input.
 */
final class ValueRules {

  private ValueRules() {}

  static void check(ApplicationIdentifier ai, String value) throws Gs1Exception {
    try {
      checkComponents(ai, value);
    } catch (Gs1Exception e) {
      throw e.forAi(ai.code());
    }
  }

  private static void checkComponents(ApplicationIdentifier ai, String value) throws Gs1Exception {
    if (value.isEmpty()) {
      throw Gs1Exception.of(Code.BAD_LENGTH, "empty value", value, 0);
    }
    int pos = 0;
    for (Component c : ai.components()) {
      int remaining = value.length() - pos;
      if (remaining == 0) {
        if (c.optional()) {
          break;
        }
        throw tooShort(ai, value);
      }
      if (c.isFixedLength() && remaining < c.maxLength()) {
        int bad = c.characterSet().firstInvalid(value.substring(pos));
        if (bad >= 0) {
          throw badCharacter(c, value, pos + bad);
        }
        throw tooShort(ai, value);
      }
      int length = c.isFixedLength() ? c.maxLength() : Math.min(remaining, c.maxLength());
      String part = value.substring(pos, pos + length);
      int bad = c.characterSet().firstInvalid(part);
      if (bad >= 0) {
        throw badCharacter(c, value, pos + bad);
      }
      if (part.length() < c.minLength()) {
        throw tooShort(ai, value);
      }
      for (Rule rule : c.rules()) {
        checkRule(rule, part, value, pos, ai.title());
      }
      pos += length;
    }
    if (pos < value.length()) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH,
          "value has "
              + value.length()
              + " characters, more than the "
              + ai.maxLength()
              + " this AI takes",
          value,
          pos + 1);
    }
  }

  private static Gs1Exception badCharacter(Component c, String value, int index) {
    return Gs1Exception.of(
        Code.BAD_CHARACTER,
        "character "
            + Gs1Exception.quote(String.valueOf(value.charAt(index)))
            + " is not allowed here; this part takes "
            + c.characterSet().description(),
        value,
        index + 1);
  }

  private static Gs1Exception tooShort(ApplicationIdentifier ai, String value) {
    String expected =
        ai.isFixedLength() ? "exactly " + ai.maxLength() : "at least " + ai.minLength();
    return Gs1Exception.of(
        Code.BAD_LENGTH,
        "value has " + value.length() + " characters; this AI takes " + expected,
        value,
        0);
  }

  private static void checkRule(Rule rule, String part, String value, int offset, String what)
      throws Gs1Exception {
    try {
      switch (rule) {
        case CHECK_DIGIT -> CheckDigit.verify(part, what);
        case DATE_DAY_ZERO_ALLOWED -> Gs1Date.parse(part, Year.now(ZoneOffset.UTC), true);
        case DATE -> Gs1Date.parse(part, Year.now(ZoneOffset.UTC), false);
        case TIME -> time(part);
        case ZERO -> {
          if (!part.equals("0")) {
            throw Gs1Exception.of(Code.BAD_VALUE, "this digit must be 0", part, 1);
          }
        }
        case PIECE_OF_TOTAL -> pieceOfTotal(part);
        case COMPANY_PREFIX -> companyPrefixAt(part, 0);
        case COMPANY_PREFIX_AFTER_FIRST -> companyPrefixAt(part, 1);
        case NO_ZERO_PREFIX -> {
          if (part.charAt(0) == '0') {
            throw Gs1Exception.of(Code.BAD_VALUE, "must not start with 0", part, 1);
          }
        }
        case COUNTRY_CODE -> {
          // Form only (three digits, checked by the component); see the class comment.
        }
        default -> throw new IllegalStateException("unhandled rule " + rule);
      }
    } catch (Gs1Exception e) {
      throw e.within(value, offset + 1);
    }
  }

  private static void time(String hhmm) throws Gs1Exception {
    int hh = Integer.parseInt(hhmm.substring(0, 2));
    int mm = Integer.parseInt(hhmm.substring(2, 4));
    if (hh > 23) {
      throw Gs1Exception.of(Code.BAD_VALUE, "hour " + hh + " does not exist", hhmm, 1);
    }
    if (mm > 59) {
      throw Gs1Exception.of(Code.BAD_VALUE, "minute " + mm + " does not exist", hhmm, 3);
    }
  }

  private static void pieceOfTotal(String digits) throws Gs1Exception {
    int half = digits.length() / 2;
    long piece = Long.parseLong(digits.substring(0, half));
    long total = Long.parseLong(digits.substring(half));
    if (piece == 0 || total == 0) {
      throw Gs1Exception.of(
          Code.BAD_VALUE, "piece number and total count must not be zero", digits, 0);
    }
    if (piece > total) {
      throw Gs1Exception.of(
          Code.BAD_VALUE, "piece " + piece + " is more than the total " + total, digits, 1);
    }
  }

  private static void companyPrefixAt(String part, int from) throws Gs1Exception {
    int needed = from + 4;
    if (part.length() < needed) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH, "too short to start with a GS1 Company Prefix", part, 0);
    }
    int bad = CharacterSet.NUMERIC.firstInvalid(part.substring(from, needed));
    if (bad >= 0) {
      throw Gs1Exception.of(
          Code.BAD_CHARACTER, "a GS1 Company Prefix has only digits", part, from + bad + 1);
    }
  }
}
