package org.tracemark.gs1.key;

import java.util.Objects;
import org.tracemark.gs1.CharacterSet;
import org.tracemark.gs1.CheckDigit;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;

/** Global Location Number, AI (414) and (410)-(417): 13 digits, the last a check digit. */
public record Gln(String value) {

  /** Validates the invariant; prefer {@link #parse(String)}, which reports typed errors. */
  public Gln {
    Objects.requireNonNull(value, "value");
    KeyRules.invariant(() -> KeyRules.numericKey(value, 13, "GLN"));
  }

  /** Parses 13 digits and verifies the check digit. */
  public static Gln parse(String digits) throws Gs1Exception {
    KeyRules.numericKey(digits, 13, "GLN");
    return new Gln(digits);
  }

  /**
   * Builds a GLN from its parts and computes the check digit.
   *
   * @param locationReference digits after the prefix; prefix and reference together have 12 (the
   *     reference is empty for a 12-digit prefix)
   */
  public static Gln of(CompanyPrefix prefix, String locationReference) throws Gs1Exception {
    if (!locationReference.isEmpty()) {
      CharacterSet.NUMERIC.require(locationReference, "location reference");
    }
    String body = prefix.value() + locationReference;
    if (body.length() != 12) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH,
          "company prefix and location reference must have 12 digits together",
          locationReference,
          0);
    }
    return new Gln(body + CheckDigit.compute(body));
  }

  /** The GS1 Company Prefix, given its length. */
  public CompanyPrefix companyPrefix(int prefixLength) throws Gs1Exception {
    return CompanyPrefix.split(value.substring(0, 12), prefixLength);
  }

  /** The location reference (after the prefix, before the check digit), given prefix length. */
  public String locationReference(int prefixLength) throws Gs1Exception {
    companyPrefix(prefixLength);
    return value.substring(prefixLength, 12);
  }

  @Override
  public String toString() {
    return value;
  }
}
