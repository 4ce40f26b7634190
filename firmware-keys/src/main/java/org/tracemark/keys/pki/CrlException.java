package org.tracemark.keys.pki;

/**
 * A certificate revocation list was rejected: unreadable, not signed by the expected issuer, or
 * using features this package does not implement. A rejected CRL gives no revocation information at
 * all; callers must not fall back to treating certificates as unrevoked.
 */
public final class CrlException extends Exception {

  /** Why the CRL was rejected, with a stable kebab-case code; add, never rename or reuse. */
  public enum Reason {
    /** Not a parseable v2 CRL with nextUpdate and CRLNumber, or it uses unsupported features. */
    MALFORMED_CRL("malformed-crl"),
    /** The CRL's signature does not verify with the given issuer certificate's key. */
    BAD_CRL_SIGNATURE("bad-crl-signature"),
    /** Signed by the issuer's key, but the CRL names a different issuer. */
    ISSUER_MISMATCH("issuer-mismatch"),
    /** The issuer certificate is not a CA allowed to sign CRLs (no cRLSign key usage). */
    NOT_A_CRL_ISSUER("not-a-crl-issuer");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** The stable code, e.g. {@code bad-crl-signature}. */
    public String code() {
      return code;
    }

    @Override
    public String toString() {
      return code;
    }
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
