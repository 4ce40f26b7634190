package org.tracemark.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Canonical forms of scalar values: CBV 2.0 event hash rules 5 to 9. */
final class Values {

  /** Beyond this exponent a number is written as it came, not expanded digit by digit. */
  private static final int MAX_PLAIN_EXPONENT = 400;

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d{1,9})?");

  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?"
              + "(Z|[+-]\\d{2}:?\\d{2})");

  private static final DateTimeFormatter UTC_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Values() {}

  /**
   * The text of a JSON scalar: strings trimmed (rule 5), numbers without trailing zeros (rules 6
   * and 7), booleans as {@code true}/{@code false}. Empty for null, missing and container nodes.
   */
  static Optional<String> text(JsonNode node) {
    if (node.isTextual()) {
      return Optional.of(node.asText().strip());
    }
    if (node.isNumber()) {
      return Optional.of(number(node));
    }
    if (node.isBoolean()) {
      return Optional.of(node.asBoolean() ? "true" : "false");
    }
    if (node.isValueNode() && !node.isNull()) {
      return Optional.of(node.asText().strip());
    }
    return Optional.empty();
  }

  private static String number(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if (node.isDouble() || node.isFloat()) {
      double d = node.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return node.asText();
      }
      return plain(BigDecimal.valueOf(d)).orElse(node.asText());
    }
    return plain(node.decimalValue()).orElse(node.asText());
  }

  /**
   * Rule 6 for text: a value that reads as a decimal number ({@code 1.50}, {@code +2}, {@code 1e3})
   * is written as the number, {@code 1.5}, {@code 2}, {@code 1000}; XML carries quantities as text,
   * so this makes {@code "600.0"} and {@code 600} hash alike. Other text is unchanged.
   */
  static String numeric(String text) {
    if (!DECIMAL.matcher(text).matches()) {
      return text;
    }
    try {
      return plain(new BigDecimal(text)).orElse(text);
    } catch (NumberFormatException e) {
      return text;
    }
  }

  private static Optional<String> plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    if (Math.abs((long) stripped.scale()) > MAX_PLAIN_EXPONENT) {
      return Optional.empty();
    }
    if (stripped.signum() == 0) {
      return Optional.of("0");
    }
    return Optional.of(
        stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString());
  }

  /**
   * Rules 8 and 9: an {@code xsd:dateTimeStamp} in UTC with millisecond precision, {@code
   * 2023-01-18T11:04:03.142Z}. A fourth decimal of 5 to 9 rounds the third up (digits after the
   * fourth are not looked at, as the rule says). Text that is not a timestamp with a zone offset is
   * returned unchanged.
   */
  static String timestamp(String text) {
    Matcher m = TIMESTAMP.matcher(text);
    if (!m.matches()) {
      return text;
    }
    try {
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              Integer.parseInt(m.group(6)));
      String zone = m.group(8);
      ZoneOffset offset =
          zone.equals("Z")
              ? ZoneOffset.UTC
              : ZoneOffset.of(
                  zone.length() == 5 ? zone.substring(0, 3) + ":" + zone.substring(3) : zone);
      String fraction = m.group(7) == null ? "" : m.group(7);
      String padded = (fraction + "0000").substring(0, 4);
      long millis = Long.parseLong(padded.substring(0, 3)) + (padded.charAt(3) >= '5' ? 1 : 0);
      Instant instant = local.toInstant(offset).plusMillis(millis);
      return UTC_MILLIS.format(instant);
    } catch (DateTimeException | NumberFormatException e) {
      return text;
    }
  }
}
