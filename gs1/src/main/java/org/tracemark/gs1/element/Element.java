package org.tracemark.gs1.element;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import org.tracemark.gs1.Gs1Exception;

/**
 * One GS1 element: an Application Identifier and a value that satisfies its format (length,
 * character set, check digit, date and other content rules).
 */
public record Element(ApplicationIdentifier ai, String value) {

  /** Validates the invariant; prefer the factories, which report typed errors. */
  public Element {
    Objects.requireNonNull(ai, "ai");
    Objects.requireNonNull(value, "value");
    try {
      ValueRules.check(ai, value);
    } catch (Gs1Exception e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Validates and builds an element.
   *
   * @param ai the AI digits, e.g. "10"
   * @throws Gs1Exception {@code unknown-ai}, or the first problem with the value
   */
  public static Element of(String ai, String value) throws Gs1Exception {
    return of(ApplicationIdentifier.of(ai), value);
  }

  /** Validates and builds an element. */
  public static Element of(ApplicationIdentifier ai, String value) throws Gs1Exception {
    ValueRules.check(ai, value);
    return new Element(ai, value);
  }

  /** The AI digits. */
  public String code() {
    return ai.code();
  }

  /** For date AIs, the date (day 00 read as end of month), using the current year for century. */
  public Optional<LocalDate> date() {
    return date(Year.now(ZoneOffset.UTC));
  }

  /** For date AIs, the date, using {@code reference} as the current year of the century rule. */
  public Optional<LocalDate> date(Year reference) {
    if (!ai.isDate()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Gs1Date.parse(value.substring(0, 6), reference, true));
    } catch (Gs1Exception e) {
      // Validated at construction against the year then; a date on a leap-day edge could only
      // fail here if the century moved in between.
      return Optional.empty();
    }
  }

  /**
   * For measure AIs (31nn, 33nn), the quantity with the decimal point placed by the AI's last
   * digit: (3103)000195 is 0.195.
   */
  public Optional<BigDecimal> decimal() {
    return ai.decimalPlaces().map(places -> new BigDecimal(new BigInteger(value), places));
  }

  /** Human-readable form, e.g. {@code (10)ABC123}. */
  @Override
  public String toString() {
    return "(" + ai.code() + ")" + value;
  }
}
