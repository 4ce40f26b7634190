package org.tracemark.gs1.element;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.tracemark.gs1.CharacterSet;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;

/**
 * GS1 six-digit dates (YYMMDD) as used by AIs (11)-(17), (7003), (7006), (7007).
 *
 * <p>Two rules from the GS1 General Specifications apply:
 *
 * <ul>
 *   <li>Century (§7.12): a two-digit year is read as the year closest to the current year within a
 *       window of 49 years back and 50 years ahead. If YY minus the current year's last two digits
 *       is 51 to 99 the date is in the previous century; if it is -99 to -50, in the next century;
 *       otherwise in the current one.
 *   <li>Day "00" (AIs 11-17 only): the day was not specified and the date means the last day of the
 *       month, leap years included ("130200" is 28 February 2013, "160200" is 29 February 2016).
 * </ul>
 *
 * The reference year is a parameter so results are reproducible; the overloads without one use the
 * current year in UTC.
 */
public final class Gs1Date {

  private Gs1Date() {}

  /**
   * Reads a YYMMDD date in which day 00 means the end of the month, relative to this year (UTC).
   */
  public static LocalDate parse(String yymmdd) throws Gs1Exception {
    return parse(yymmdd, Year.now(ZoneOffset.UTC), true);
  }

  /**
   * Reads a YYMMDD date.
   *
   * @param reference the "current year" of the century rule
   * @param dayZeroAllowed whether day 00 (end of month) is permitted; true for AIs 11-17
   * @throws Gs1Exception {@code bad-length} or {@code bad-character} if not six digits, {@code
   *     bad-value} for a month outside 01-12 or a day that does not exist in that month
   */
  public static LocalDate parse(String yymmdd, Year reference, boolean dayZeroAllowed)
      throws Gs1Exception {
    CharacterSet.NUMERIC.require(yymmdd, "a YYMMDD date");
    if (yymmdd.length() != 6) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH, "a YYMMDD date has 6 digits, got " + yymmdd.length(), yymmdd, 0);
    }
    int yy = Integer.parseInt(yymmdd.substring(0, 2));
    int mm = Integer.parseInt(yymmdd.substring(2, 4));
    int dd = Integer.parseInt(yymmdd.substring(4, 6));
    if (mm < 1 || mm > 12) {
      throw Gs1Exception.of(Code.BAD_VALUE, "month " + mm + " does not exist", yymmdd, 3);
    }
    YearMonth month = YearMonth.of(year(yy, reference.getValue()), mm);
    if (dd == 0) {
      if (!dayZeroAllowed) {
        throw Gs1Exception.of(
            Code.BAD_VALUE, "day 00 (end of month) is not allowed in this date", yymmdd, 5);
      }
      return month.atEndOfMonth();
    }
    try {
      return month.atDay(dd);
    } catch (DateTimeException e) {
      throw Gs1Exception.of(Code.BAD_VALUE, "day " + dd + " does not exist in " + month, yymmdd, 5);
    }
  }

  /**
   * The four-digit year for a two-digit year under the century rule.
   *
   * @param yy 0-99
   * @param referenceYear the current year, e.g. 2025
   */
  public static int year(int yy, int referenceYear) {
    int century = Math.floorDiv(referenceYear, 100);
    int difference = yy - Math.floorMod(referenceYear, 100);
    if (difference >= 51) {
      century -= 1;
    } else if (difference <= -50) {
      century += 1;
    }
    return century * 100 + yy;
  }

  /** Writes a date as YYMMDD (always with its real day, never 00). */
  public static String format(LocalDate date) {
    return String.format(
        "%02d%02d%02d",
        Math.floorMod(date.getYear(), 100), date.getMonthValue(), date.getDayOfMonth());
  }
}
