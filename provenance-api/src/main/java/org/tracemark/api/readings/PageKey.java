package org.tracemark.api.readings;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of readings ends, in their sort order {@code (device_ts, ledger_index, pos)}: the
 * next page starts strictly after (or, newest first, before) it. Keyset paging: a page costs the
 * same wherever it is, and rows projected meanwhile neither repeat nor shift a page.
 *
 * <p>The token is opaque to clients (base64url of {@code r1.<ms>.<index>.<pos>}); the version
 * prefix leaves room for tokens that also page through captured EPCIS events.
 */
public record PageKey(Instant time, long ledgerIndex, int pos) {

  private static final String PREFIX = "r1.";

  public static PageKey of(ReadingRow row) {
    return new PageKey(row.deviceTime(), row.ledgerIndex(), row.pos());
  }

  public String token() {
    String plain = PREFIX + time.toEpochMilli() + "." + ledgerIndex + "." + pos;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(US_ASCII));
  }

  /** The key in {@code token}, or empty if it is not a token this server made. */
  public static Optional<PageKey> parse(String token) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(token), US_ASCII);
      if (!plain.startsWith(PREFIX)) {
        return Optional.empty();
      }
      String[] parts = plain.substring(PREFIX.length()).split("\\.", -1);
      if (parts.length != 3) {
        return Optional.empty();
      }
      long millis = Long.parseLong(parts[0]);
      long index = Long.parseLong(parts[1]);
      int pos = Integer.parseInt(parts[2]);
      if (millis < 0 || index < 0 || pos < 0) {
        return Optional.empty();
      }
      return Optional.of(new PageKey(Instant.ofEpochMilli(millis), index, pos));
    } catch (IllegalArgumentException e) { // bad base64 or a number that is not one
      return Optional.empty();
    }
  }
}
