package org.tracemark.keys.pki;

/**
 * A certificate revocation list was rejected: unreadable, not signed by the expected issuer, or
 * using features this package does not implement. A rejected CRL gives no revocation information at
 * all; callers must not fall back to treating certificates as unrevoked.
 */
public final class CrlException extends Exception {

  /** Why the CRL was rejected, with a stable kebab-case code; add, never rename or reuse. */
  public enum Reason implements org.tracemark.keys.ReasonCode {
    /** Not a parseable v2 CRL with nextUpdate and CRLNumber, or it uses unsupported features. */
    MALFORMED_CRL,
    /** The CRL's signature does not verify with the given issuer certificate's key. */
    BAD_CRL_SIGNATURE,
    /** Signed by the issuer's key, but the CRL names a different issuer. */
    ISSUER_MISMATCH,
    /** The issuer certificate is not a CA allowed to sign CRLs (no cRLSign key usage). */
    NOT_A_CRL_ISSUER;
  }

  private final Reason reason;

  CrlException(Reason reason, String evidence) {
    super(reason.code() + ": " + evidence);
    this.reason = reason;
  }

  CrlException(Reason reason, String evidence, Throwable cause) {
    super(reason.code() + ": " + evidence, cause);
    this.reason = reason;
  }

  /** Why the CRL was rejected. */
  public Reason reason() {
    return reason;
  }
}
