package org.tracemark.keys.pki;

import java.util.Optional;

/**
 * What {@link ChainValidator} concluded about a device certificate: {@link Status#VALID}, or the
 * first thing that failed, at which certificate of the chain, with evidence (names, serials, times,
 * key ids) a person can act on.
 *
 * @param status the outcome
 * @param level the certificate the outcome is about; {@link Level#DEVICE} for {@code VALID} and for
 *     everything concerning the device's revocation status
 * @param evidence one line for people; not stable, do not parse (use {@code status})
 * @param revocation the CRL entry, present exactly when the status is {@code REVOKED}
 */
public record ValidationResult(
    Status status, Level level, String evidence, Optional<Revocation> revocation) {

  /** The outcome, with a stable kebab-case code; add statuses, never rename or reuse a code. */
  public enum Status {
    /** Every check passed. */
    VALID("valid"),
    /** {@code at} is before the certificate's notBefore. */
    NOT_YET_VALID("not-yet-valid"),
    /** {@code at} is after the certificate's notAfter. */
    EXPIRED("expired"),
    /** The CRL lists the device certificate, revoked at or before {@code at}. */
    REVOKED("revoked"),
    /** The certificate names an issuer other than the next certificate up the chain. */
    UNTRUSTED_ISSUER("untrusted-issuer"),
    /** The certificate's signature does not verify with the issuer's key. */
    BAD_SIGNATURE("bad-signature"),
    /** A certificate in a CA position is not a CA allowed to sign certificates. */
    NOT_A_CA("not-a-ca"),
    /** The root's pathLenConstraint forbids the intermediate below it. */
    PATH_LENGTH_EXCEEDED("path-length-exceeded"),
    /** A CA key that is neither Ed25519 nor EC P-256. */
    UNSUPPORTED_KEY("unsupported-key"),
    /** A CA certificate has a critical extension this package cannot check. */
    UNSUPPORTED_CRITICAL_EXTENSION("unsupported-critical-extension"),
    /** The CRL given is not signed by the intermediate, or the intermediate may not sign CRLs. */
    UNTRUSTED_CRL("untrusted-crl"),
    /** {@code at} is after the CRL's nextUpdate: a newer CRL may list revocations it lacks. */
    STALE_CRL("stale-crl");

    private final String code;

    Status(String code) {
      this.code = code;
    }

    /** The stable code, e.g. {@code not-yet-valid}. */
    public String code() {
      return code;
    }

    @Override
    public String toString() {
      return code;
    }
  }

  /** A position in the root → intermediate → device chain. */
  public enum Level {
    ROOT,
    INTERMEDIATE,
    DEVICE
  }

  public ValidationResult {
    if (status == null || level == null || evidence == null || revocation == null) {
      throw new IllegalArgumentException("every field of a validation result is required");
    }
    if (revocation.isPresent() != (status == Status.REVOKED)) {
      throw new IllegalArgumentException("a revocation is given exactly for REVOKED");
    }
  }

  static ValidationResult valid(String evidence) {
    return new ValidationResult(Status.VALID, Level.DEVICE, evidence, Optional.empty());
  }

  static ValidationResult failed(Status status, Level level, String evidence) {
    return new ValidationResult(status, level, evidence, Optional.empty());
  }

  static ValidationResult revoked(Revocation revocation, String evidence) {
    return new ValidationResult(Status.REVOKED, Level.DEVICE, evidence, Optional.of(revocation));
  }

  /** Whether the device certificate is to be trusted at the time asked about. */
  public boolean isValid() {
    return status == Status.VALID;
  }
}
