package org.tracemark.gs1;

/**
 * The GS1 mod-10 check digit used by every fixed-length numeric GS1 key (GTIN, SSCC, GLN, GRAI,
 * GDTI, GSRN, GSIN, ...), GS1 General Specifications §7.9.1.
 *
 * <p>Weights alternate 3, 1, 3, ... starting from the digit immediately left of the check digit;
 * the check digit brings the weighted sum up to a multiple of ten. Counting from the right is what
 * lets the same routine serve keys of every length, and a GTIN-13 padded with a leading zero keeps
 * its check digit.
 */
public final class CheckDigit {

  private CheckDigit() {}

  /**
   * Computes the check digit for {@code body} (the key without its check digit).
   *
   * @throws Gs1Exception {@code bad-character} if the body is not all digits, {@code bad-length} if
   *     it is empty
   */
  public static char compute(String body) throws Gs1Exception {
    if (body.isEmpty()) {
      throw Gs1Exception.of(
          Gs1Exception.Code.BAD_LENGTH, "no digits to compute a check digit for", body, 0);
    }
    CharacterSet.NUMERIC.require(body, "a GS1 key");
    return (char) ('0' + digitFor(body, body.length()));
  }

  /** Whether the last digit of {@code key} is the correct check digit for the digits before it. */
  public static boolean isValid(String key) {
    if (key.length() < 2 || CharacterSet.NUMERIC.firstInvalid(key) >= 0) {
      return false;
    }
    return key.charAt(key.length() - 1) == '0' + digitFor(key, key.length() - 1);
  }

  /**
   * Verifies the check digit of a complete numeric key.
   *
   * @param key all digits, check digit last
   * @param what what the key is, for the message (e.g. "GTIN")
   * @throws Gs1Exception {@code bad-check-digit} naming the expected and the found digit
   */
  public static void verify(String key, String what) throws Gs1Exception {
    CharacterSet.NUMERIC.require(key, what);
    if (key.length() < 2) {
      throw Gs1Exception.of(
          Gs1Exception.Code.BAD_LENGTH, what + " is too short to carry a check digit", key, 0);
    }
    int expected = digitFor(key, key.length() - 1);
    char found = key.charAt(key.length() - 1);
    if (found != '0' + expected) {
      throw Gs1Exception.of(
          Gs1Exception.Code.BAD_CHECK_DIGIT,
          what + " check digit is " + found + ", expected " + expected,
          key,
          key.length());
    }
  }

  /** Check digit value for the first {@code length} digits of {@code digits}. */
  private static int digitFor(CharSequence digits, int length) {
    int sum = 0;
    int weight = 3;
    for (int i = length - 1; i >= 0; i--) {
      sum += weight * (digits.charAt(i) - '0');
      weight = 4 - weight;
    }
    return (10 - sum % 10) % 10;
  }
}
