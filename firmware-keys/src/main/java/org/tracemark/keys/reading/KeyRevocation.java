package org.tracemark.keys.reading;

import java.time.Instant;

/**
 * When and why a device key stopped being trusted, as far as reading verification cares.
 *
 * @param at the revocation time
 * @param rotation true when the key was superseded by a newly enrolled one (rotation): what it
 *     signed before {@code at} still verifies. False for compromise and every other reason: nothing
 *     received from {@code at} on is accepted, whatever time the message claims.
 */
public record KeyRevocation(Instant at, boolean rotation) {

  public KeyRevocation {
    if (at == null) {
      throw new IllegalArgumentException("a revocation needs a time");
    }
  }
}
