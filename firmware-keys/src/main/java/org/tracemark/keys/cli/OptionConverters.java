package org.tracemark.keys.cli;

import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.tracemark.keys.pki.RevocationReason;
import org.tracemark.keys.signing.SigningAlgorithm;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How option values are read; picocli reports a failed conversion as a usage error (exit 2). */
final class OptionConverters {

  private OptionConverters() {}

  /** {@code ed25519} or {@code es256} (EC P-256), in any case. */
  static final class Algorithm implements ITypeConverter<SigningAlgorithm> {
    @Override
    public SigningAlgorithm convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "ed25519" -> SigningAlgorithm.ED25519;
        case "es256" -> SigningAlgorithm.ES256;
        default ->
            throw new TypeConversionException(
                "'" + value + "' is not a key algorithm; expected ed25519 or es256");
      };
    }
  }

  /** {@code key-compromise}, {@code superseded}, {@code cessation-of-operation}, ... */
  static final class Reason implements ITypeConverter<RevocationReason> {
    @Override
    public RevocationReason convert(String value) {
      return RevocationLog.reason(value.toLowerCase(Locale.ROOT))
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "'"
                          + value
                          + "' is not a revocation reason; expected one of "
                          + RevocationLog.REASON_CODES));
    }
  }

  /**
   * A certificate serial number in hex, as {@code enroll} and {@code list} print it; a {@code 0x}
   * prefix and the colons of {@code openssl x509 -serial}-style output are allowed.
   */
  static final class Serial implements ITypeConverter<BigInteger> {
    @Override
    public BigInteger convert(String value) {
      String hex = value.replace(":", "");
      if (hex.startsWith("0x") || hex.startsWith("0X")) {
        hex = hex.substring(2);
      }
      if (hex.isEmpty() || hex.length() > 40 || !hex.matches("[0-9a-fA-F]+")) {
        throw new TypeConversionException(
            "'" + value + "' is not a certificate serial (hex, as 'list' shows it)");
      }
      BigInteger serial = new BigInteger(hex, 16);
      if (serial.signum() == 0) {
        throw new TypeConversionException("serial 0 is never issued; serials are positive");
      }
      return serial;
    }
  }

  /** An ISO-8601 instant, {@code 2026-06-01T12:00:00Z}, or with an offset, {@code ...+02:00}. */
  static final class Time implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        try {
          return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException again) {
          throw new TypeConversionException(
              "'" + value + "' is not an ISO-8601 instant such as 2026-06-01T12:00:00Z");
        }
      }
    }
  }
}
