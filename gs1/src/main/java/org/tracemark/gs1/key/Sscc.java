package org.tracemark.gs1.key;

import java.util.Objects;
import org.tracemark.gs1.CharacterSet;
import org.tracemark.gs1.CheckDigit;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;

/** Serial Shipping Container Code, AI (00): 18 digits, the last a check digit. */
public record Sscc(String value) implements Identity {

  /** Validates the invariant; prefer {@link #parse(String)}, which reports typed errors. */
  public Sscc {
    Objects.requireNonNull(value, "value");
    KeyRules.invariant(() -> KeyRules.numericKey(value, 18, "SSCC"));
  }

  /** Parses 18 digits and verifies the check digit. */
  public static Sscc parse(String digits) throws Gs1Exception {
    KeyRules.numericKey(digits, 18, "SSCC");
    return new Sscc(digits);
  }

  /**
   * Builds an SSCC from its parts and computes the check digit.
   *
   * @param extensionDigit 0-9, chosen by the company to extend its serial capacity
   * @param serialReference digits after the prefix; prefix and reference together have 16
   */
  public static Sscc of(int extensionDigit, CompanyPrefix prefix, String serialReference)
      throws Gs1Exception {
    if (extensionDigit < 0 || extensionDigit > 9) {
      throw Gs1Exception.of(
          Code.BAD_VALUE, "extension digit must be 0-9", String.valueOf(extensionDigit), 0);
    }
    CharacterSet.NUMERIC.require(serialReference, "serial reference");
    String body = extensionDigit + prefix.value() + serialReference;
    if (body.length() != 17) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH,
          "company prefix and serial reference must have 16 digits together",
          serialReference,
          0);
    }
    return new Sscc(body + CheckDigit.compute(body));
  }

  /** The extension digit (first digit). */
  public int extensionDigit() {
    return value.charAt(0) - '0';
  }

  /** The GS1 Company Prefix, given its length. */
  public CompanyPrefix companyPrefix(int prefixLength) throws Gs1Exception {
    return CompanyPrefix.split(value.substring(1, 17), prefixLength);
  }

  /** The serial reference (after the prefix, before the check digit), given prefix length. */
  public String serialReference(int prefixLength) throws Gs1Exception {
    companyPrefix(prefixLength);
    return value.substring(1 + prefixLength, 17);
  }

  @Override
  public String toString() {
    return value;
  }
}
