package org.tracemark.gs1.key;

import java.util.Objects;
import org.tracemark.gs1.CharacterSet;
import org.tracemark.gs1.CheckDigit;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;

/**
 * Global Returnable Asset Identifier, AI (8003): a filler zero, 13 digits (company prefix, asset
 * type, check digit) and an optional serial of up to 16 characters of character set 82.
 *
 * <p>{@link #value()} is the AI (8003) value exactly, leading zero included, because that is what
 * barcodes and Digital Link URIs carry. Only a GRAI with a serial names one asset (and has an EPC);
 * without one it names an asset type.
 */
public record Grai(String value) implements Identity {

  /** Longest serial component. */
  public static final int MAX_SERIAL_LENGTH = 16;

  /** Validates the invariant; prefer {@link #parse(String)}, which reports typed errors. */
  public Grai {
    Objects.requireNonNull(value, "value");
    KeyRules.invariant(() -> check(value));
  }

  /** Parses an AI (8003) value: "0", 13 digits with check digit, then an optional serial. */
  public static Grai parse(String value) throws Gs1Exception {
    check(value);
    return new Grai(value);
  }

  /**
   * Builds a GRAI and computes its check digit.
   *
   * @param assetType digits after the prefix; prefix and asset type together have 12
   * @param serial serial component, empty for none
   */
  public static Grai of(CompanyPrefix prefix, String assetType, String serial) throws Gs1Exception {
    if (!assetType.isEmpty()) {
      CharacterSet.NUMERIC.require(assetType, "asset type");
    }
    String body = prefix.value() + assetType;
    if (body.length() != 12) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH,
          "company prefix and asset type must have 12 digits together",
          assetType,
          0);
    }
    return parse("0" + body + CheckDigit.compute(body) + serial);
  }

  /** The 13 digits of company prefix, asset type and check digit. */
  public String assetTypeKey() {
    return value.substring(1, 14);
  }

  /** The serial component; empty when the GRAI has none. */
  public String serial() {
    return value.substring(14);
  }

  /** Whether a serial component is present (only then does the GRAI name one asset). */
  public boolean hasSerial() {
    return value.length() > 14;
  }

  /** The GS1 Company Prefix, given its length. */
  public CompanyPrefix companyPrefix(int prefixLength) throws Gs1Exception {
    return CompanyPrefix.split(value.substring(1, 13), prefixLength);
  }

  /** The asset type (after the prefix, before the check digit), given prefix length. */
  public String assetType(int prefixLength) throws Gs1Exception {
    companyPrefix(prefixLength);
    return value.substring(1 + prefixLength, 13);
  }

  @Override
  public String toString() {
    return value;
  }

  private static void check(String value) throws Gs1Exception {
    KeyRules.length(value, 14, 14 + MAX_SERIAL_LENGTH, "GRAI");
    if (value.charAt(0) != '0') {
      throw Gs1Exception.of(
          Code.BAD_VALUE, "a GRAI (AI 8003) starts with a filler digit 0", value, 1);
    }
    CheckDigit.verify(value.substring(1, 14), "GRAI");
    String serial = value.substring(14);
    int bad = CharacterSet.CSET82.firstInvalid(serial);
    if (bad >= 0) {
      throw Gs1Exception.of(
          Code.BAD_CHARACTER,
          "GRAI serial may only contain " + CharacterSet.CSET82.description(),
          value,
          15 + bad);
    }
  }
}
