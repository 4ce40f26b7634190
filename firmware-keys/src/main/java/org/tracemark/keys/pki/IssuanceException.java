package org.tracemark.keys.pki;

/**
 * A certificate, CSR or CRL was not produced: the request, the issuing CA or the caller's arguments
 * are unacceptable. The {@link Reason} says which, the message gives the evidence (the offending
 * name, key type, time or serial); neither ever contains private key material.
 *
 * <p>Checked, because most of these reasons come from a device's CSR, which is untrusted input that
 * the enrolment endpoint must answer with an error, not a crash.
 */
public final class IssuanceException extends Exception {

  /**
   * Why nothing was issued, with a stable kebab-case code. The codes are a contract (API problem
   * types, metrics, logs): add reasons, never rename or reuse a code.
   */
  public enum Reason implements org.tracemark.keys.ReasonCode {
    /** The CSR bytes or PEM are not a well-formed PKCS#10 request. */
    MALFORMED_CSR,
    /** The CSR's signature does not verify with the public key it carries. */
    PROOF_OF_POSSESSION_FAILED,
    /** The key is neither Ed25519 nor EC P-256 (named curve, uncompressed point). */
    UNSUPPORTED_KEY,
    /** The CSR's subject has no CN, several, or one that is not a valid device id. */
    INVALID_DEVICE_ID,
    /** The CSR asks for a SAN URI other than {@code urn:tracemark:device:{CN}}. */
    DEVICE_ID_MISMATCH,
    /** The organisation is blank, over 64 characters, or contains control characters. */
    INVALID_ORGANISATION,
    /** A CA common name is blank, over 64 characters, or contains control characters. */
    INVALID_NAME,
    /** notAfter is not after notBefore, or a time is outside what X.509 can encode. */
    INVALID_VALIDITY,
    /** The requested validity extends outside the issuing CA certificate's own validity. */
    OUTSIDE_ISSUER_VALIDITY,
    /** The issuing certificate is not a CA, or may not sign certificates or CRLs. */
    ISSUER_NOT_A_CA,
    /** A device certificate was requested from the root; only intermediates issue to devices. */
    ISSUER_IS_ROOT,
    /** The issuing CA's path length constraint forbids issuing another CA below it. */
    PATH_LENGTH_EXCEEDED,
    /** The CA's signing key does not belong to the public key in its certificate. */
    ISSUER_KEY_MISMATCH,
    /** A revocation list entry is inconsistent: a duplicate serial or a time after thisUpdate. */
    INVALID_REVOCATION,
    /** The CRL number is negative or longer than the 20 octets RFC 5280 allows. */
    INVALID_CRL_NUMBER;
  }

  private final Reason reason;

  IssuanceException(Reason reason, String evidence) {
    super(reason.code() + ": " + evidence);
    this.reason = reason;
  }

  IssuanceException(Reason reason, String evidence, Throwable cause) {
    super(reason.code() + ": " + evidence, cause);
    this.reason = reason;
  }

  /** Why nothing was issued. */
  public Reason reason() {
    return reason;
  }
}
