package org.tracemark.api.readings;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;

/**
 * Where a page of events ends, in their sort order {@code (time, source, order, pos)}: readings
 * ({@link #READING}, ordered by {@code (ledger_index, pos)}) before captured EPCIS events ({@link
 * #CAPTURED}, ordered by capture sequence) of the same time. The next page starts strictly after
 * (or, newest first, before) it. Keyset paging: a page costs the same wherever it is, and events
 * stored meanwhile neither repeat nor shift a page.
 *
 * <p>The token is opaque to clients (base64url of {@code p2.<ms>.<source>.<order>.<pos>}; tokens of
 * the first form, {@code r1.<ms>.<index>.<pos>}, are readings and still read).
 *
 * @param order a reading's ledger index, or a captured event's sequence
 * @param pos a reading's offset in its batch entry; 0 for captured events
 */
public record PageKey(Instant time, int source, long order, int pos) {

  /** The event is a projected reading. */
  public static final int READING = 0;

  /** The event was captured through the EPCIS interface. */
  public static final int CAPTURED = 1;

  private static final String PREFIX = "p2.";
  private static final String READINGS_PREFIX = "r1.";

  /** The order of {@code GET /epcis/events} pages. */
  public static final Comparator<PageKey> ORDER =
      Comparator.comparing(PageKey::time)
          .thenComparingInt(PageKey::source)
          .thenComparingLong(PageKey::order)
          .thenComparingInt(PageKey::pos);

  public static PageKey of(ReadingRow row) {
    return new PageKey(row.deviceTime(), READING, row.ledgerIndex(), row.pos());
  }

  public static PageKey captured(Instant eventTime, long seq) {
    return new PageKey(eventTime, CAPTURED, seq, 0);
  }

  /** A reading's ledger index (for keys of {@link #READING}). */
  public long ledgerIndex() {
    return order;
  }

  public String token() {
    String plain = PREFIX + time.toEpochMilli() + "." + source + "." + order + "." + pos;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(US_ASCII));
  }

  /** The key in {@code token}, or empty if it is not a token this server made. */
  public static Optional<PageKey> parse(String token) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(token), US_ASCII);
      String[] parts;
      int source;
      if (plain.startsWith(PREFIX)) {
        parts = plain.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 4) {
          return Optional.empty();
        }
        source = Integer.parseInt(parts[1]);
        parts = new String[] {parts[0], parts[2], parts[3]};
      } else if (plain.startsWith(READINGS_PREFIX)) {
        parts = plain.substring(READINGS_PREFIX.length()).split("\\.", -1);
        if (parts.length != 3) {
          return Optional.empty();
        }
        source = READING;
      } else {
        return Optional.empty();
      }
      long millis = Long.parseLong(parts[0]);
      long order = Long.parseLong(parts[1]);
      int pos = Integer.parseInt(parts[2]);
      if (millis < 0 || order < 0 || pos < 0 || (source != READING && source != CAPTURED)) {
        return Optional.empty();
      }
      return Optional.of(new PageKey(Instant.ofEpochMilli(millis), source, order, pos));
    } catch (IllegalArgumentException e) { // bad base64 or a number that is not one
      return Optional.empty();
    }
  }
}
