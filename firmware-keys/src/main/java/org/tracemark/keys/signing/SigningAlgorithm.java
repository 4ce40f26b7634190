package org.tracemark.keys.signing;

/**
 * The signature algorithms a device may use for signed readings (DESIGN §2), identified in the COSE
 * protected header by their COSE algorithm value (IANA "COSE Algorithms" registry).
 */
public enum SigningAlgorithm {
  /**
   * COSE {@code -8} "EdDSA", which DESIGN §2 fixes to the Ed25519 curve. The registry's newer
   * fully-specified {@code -19} "Ed25519" is not part of reading format v1.
   */
  ED25519(-8, "EdDSA", "Ed25519"),
  /** COSE {@code -7} "ES256": ECDSA over P-256 with SHA-256, signature as raw {@code r ‖ s}. */
  ES256(-7, "ES256", "P-256");

  /** Both algorithms produce 64-byte signatures: Ed25519 natively, ES256 as 32-byte r and s. */
  public static final int SIGNATURE_LENGTH = 64;

  private final int coseValue;
  private final String coseName;
  private final String curve;

  SigningAlgorithm(int coseValue, String coseName, String curve) {
    this.coseValue = coseValue;
    this.coseName = coseName;
    this.curve = curve;
  }

  /** The integer in the COSE {@code alg} (label 1) header. */
  public int coseValue() {
    return coseValue;
  }

  /** The registry name, e.g. {@code ES256}. */
  public String coseName() {
    return coseName;
  }

  /** The curve the key must be on, e.g. {@code P-256}. */
  public String curve() {
    return curve;
  }

  /**
   * The algorithm for a COSE {@code alg} value. Takes a {@code long} because CBOR integers are up
   * to 64 bits and the caller should not have to narrow an untrusted value first.
   *
   * @throws UnsupportedAlgorithmException naming the value, for anything but -8 and -7
   */
  public static SigningAlgorithm fromCose(long coseValue) throws UnsupportedAlgorithmException {
    for (SigningAlgorithm algorithm : values()) {
      if (algorithm.coseValue == coseValue) {
        return algorithm;
      }
    }
    throw new UnsupportedAlgorithmException(coseValue);
  }
}
