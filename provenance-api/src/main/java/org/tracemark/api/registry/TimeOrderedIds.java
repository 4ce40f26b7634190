package org.tracemark.api.registry;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids for registry rows: UUIDv7 (RFC 9562), a millisecond timestamp then random bits. Lists are
 * keyset-paged in id order, and with these ids that is the order rows were registered in, at the
 * cost of nothing but 48 bits of creation time showing in the id.
 */
final class TimeOrderedIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TimeOrderedIds() {}

  static UUID next() {
    long millis = System.currentTimeMillis();
    long high = (millis << 16) | 0x7000L | (RANDOM.nextLong() & 0x0FFFL);
    long low = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
