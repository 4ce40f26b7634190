package org.tracemark.keys.pki;

import java.util.Optional;
import org.bouncycastle.asn1.x509.CRLReason;

/** Why a device certificate was revoked: the RFC 5280 §5.3.1 CRLReason codes this PKI uses. */
public enum RevocationReason implements org.tracemark.keys.ReasonCode {
  /**
   * Code 0. Written as no reasonCode entry extension at all, as RFC 5280 asks, and read back from
   * entries that have none.
   */
  UNSPECIFIED(CRLReason.unspecified),
  /**
   * Code 1: the device key is or may be known to someone else. Whoever holds it can also backdate a
   * reading's clock, so verification of signed readings refuses everything received from the
   * revocation time on, whatever time the reading claims (signed-reading v1, rule 6).
   */
  KEY_COMPROMISE(CRLReason.keyCompromise),
  /** Code 4: replaced by a certificate for a new key of the same device (key rotation). */
  SUPERSEDED(CRLReason.superseded),
  /** Code 5: the device was decommissioned. */
  CESSATION_OF_OPERATION(CRLReason.cessationOfOperation);

  private final int crlReasonCode;

  RevocationReason(int crlReasonCode) {
    this.crlReasonCode = crlReasonCode;
  }

  /** The RFC 5280 CRLReason value. */
  public int crlReasonCode() {
    return crlReasonCode;
  }

  /** The reason for an RFC 5280 code, if this PKI uses it. */
  public static Optional<RevocationReason> fromCrlReasonCode(int code) {
    for (RevocationReason reason : values()) {
      if (reason.crlReasonCode == code) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }
}
