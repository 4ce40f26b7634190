package org.tracemark.keys.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One entry of a {@link RevocationList}: the certificate with this serial is revoked from {@code
 * revokedAt} on, for {@code reason}.
 *
 * @param revokedAt truncated to whole seconds, which is all a CRL can carry, so that an entry read
 *     back from a CRL equals the one written
 */
public record Revocation(BigInteger serial, Instant revokedAt, RevocationReason reason) {

  public Revocation {
    if (serial == null || revokedAt == null || reason == null) {
      throw new IllegalArgumentException("a revocation needs a serial, a time and a reason");
    }
    if (serial.signum() <= 0) {
      throw new IllegalArgumentException(
          "certificate serials are positive (RFC 5280 §4.1.2.2), got " + serial);
    }
    revokedAt = revokedAt.truncatedTo(ChronoUnit.SECONDS);
  }

  /** Whether this revocation retires a key replaced by a newer one, i.e. a key rotation. */
  public boolean isRotation() {
    return reason == RevocationReason.SUPERSEDED;
  }

  /** Whether the certificate counts as revoked at {@code at}: from {@code revokedAt} on. */
  public boolean isInEffectAt(Instant at) {
    return !at.isBefore(revokedAt);
  }
}
