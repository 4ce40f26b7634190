package org.tracemark.keys.pki;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.tracemark.keys.pki.IssuanceException.Reason;

/**
 * A notBefore/notAfter (or thisUpdate/nextUpdate) pair as X.509 will encode it: whole seconds,
 * between 1950 and 9999, end after start.
 */
record ValidityWindow(Instant start, Instant end) {

  // RFC 5280 §4.1.2.5: UTCTime covers 1950-2049, GeneralizedTime up to 9999; 99991231235959Z is
  // the conventional "no well-defined end".
  private static final Instant EARLIEST = Instant.parse("1950-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /**
   * Truncates both times to whole seconds, since X.509 times carry no fractions: what the
   * certificate says is then exactly what {@code start} and {@code end} say.
   */
  static ValidityWindow of(String startName, Instant start, String endName, Instant end)
      throws IssuanceException {
    if (start == null || end == null) {
      throw new IssuanceException(
          Reason.INVALID_VALIDITY, startName + " and " + endName + " must both be given");
    }
    Instant s = start.truncatedTo(ChronoUnit.SECONDS);
    Instant e = end.truncatedTo(ChronoUnit.SECONDS);
    for (Instant t : new Instant[] {s, e}) {
      if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
        throw new IssuanceException(
            Reason.INVALID_VALIDITY,
            t + " is outside the X.509 time range " + EARLIEST + " to " + LATEST);
      }
    }
    if (!e.isAfter(s)) {
      throw new IssuanceException(
          Reason.INVALID_VALIDITY,
          endName + " " + e + " is not after " + startName + " " + s + " (whole seconds)");
    }
    return new ValidityWindow(s, e);
  }

  /**
   * Refuses a window reaching outside the issuer's: the chain is only valid while every certificate
   * in it is, so a longer-lived child would only look as if it lasted longer.
   */
  void requireWithin(X509Certificate issuer) throws IssuanceException {
    Instant issuerStart = issuer.getNotBefore().toInstant();
    Instant issuerEnd = issuer.getNotAfter().toInstant();
    if (start.isBefore(issuerStart) || end.isAfter(issuerEnd)) {
      throw new IssuanceException(
          Reason.OUTSIDE_ISSUER_VALIDITY,
          "requested "
              + start
              + " to "
              + end
              + " is not within the validity of issuer "
              + issuer.getSubjectX500Principal().getName()
              + ", "
              + issuerStart
              + " to "
              + issuerEnd);
    }
  }

  Date startDate() {
    return Date.from(start);
  }

  Date endDate() {
    return Date.from(end);
  }
}
