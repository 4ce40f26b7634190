package org.tracemark.keys.pki;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Certificate serial numbers. */
final class SerialNumbers {

  /**
   * 127 random bits: positive in DER's signed INTEGER without a padding byte, so always within RFC
   * 5280's 20-octet limit, and unpredictable, which CA/B Forum practice asks of serials so that a
   * chosen-prefix collision cannot be prepared against the to-be-signed bytes.
   */
  static final int BITS = 127;

  private static final SecureRandom RANDOM = new SecureRandom();

  private SerialNumbers() {}

  static BigInteger random() {
    BigInteger serial;
    do {
      serial = new BigInteger(BITS, RANDOM);
    } while (serial.signum() == 0);
    return serial;
  }
}
