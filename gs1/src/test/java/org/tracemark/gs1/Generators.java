package org.tracemark.gs1;

import static org.quicktheories.generators.SourceDSL.integers;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.tracemark.gs1.element.Element;
import org.tracemark.gs1.element.ElementString;
import org.tracemark.gs1.element.Gs1Date;
import org.tracemark.gs1.key.CompanyPrefix;
import org.tracemark.gs1.key.Giai;
import org.tracemark.gs1.key.Gln;
import org.tracemark.gs1.key.Grai;
import org.tracemark.gs1.key.Gtin;
import org.tracemark.gs1.key.Identity;
import org.tracemark.gs1.key.Lgtin;
import org.tracemark.gs1.key.Lot;
import org.tracemark.gs1.key.Serial;
import org.tracemark.gs1.key.Sgln;
import org.tracemark.gs1.key.Sgtin;
import org.tracemark.gs1.key.Sscc;

/** QuickTheories generators of valid GS1 values, for round-trip and fuzz properties. */
public final class Generators {

  /** Every character of GS1 AI encodable character set 82. */
  public static final String CSET82 =
      "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

  private Generators() {}

  /** A string of exactly {@code n} digits. */
  public static Gen<String> digits(int n) {
    Gen<Integer> digit = integers().between(0, 9);
    return rs -> {
      StringBuilder b = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        b.append((char) ('0' + digit.generate(rs)));
      }
      return b.toString();
    };
  }

  /** Character set 82 text of {@code min} to {@code max} characters. */
  public static Gen<String> cset82(int min, int max) {
    Gen<Integer> length = integers().between(min, max);
    Gen<Integer> index = integers().between(0, CSET82.length() - 1);
    return rs -> {
      int n = length.generate(rs);
      StringBuilder b = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        b.append(CSET82.charAt(index.generate(rs)));
      }
      return b.toString();
    };
  }

  /** A complete key: {@code length - 1} random digits and their check digit. */
  public static Gen<String> key(int length) {
    return digits(length - 1).map(body -> body + checkDigit(body));
  }

  /** A GTIN written in any of its four lengths. */
  public static Gen<Gtin> gtins() {
    Gen<Integer> format = Generate.pick(List.of(8, 12, 13, 14));
    return rs -> {
      int length = format.generate(rs);
      return unchecked(() -> Gtin.parse(key(length).generate(rs)));
    };
  }

  /** A company prefix length valid in EPC URNs. */
  public static Gen<Integer> epcPrefixLengths() {
    return integers().between(6, 12);
  }

  /** A date in the window every reference year of this century accepts, as YYMMDD. */
  public static Gen<String> dates() {
    return integers()
        .between(0, 365 * 40)
        .map(days -> Gs1Date.format(LocalDate.of(2010, 1, 1).plusDays(days)));
  }

  /** An identity of any kind; extensions and serials avoid the SGLN extension "0" special case. */
  public static Gen<Identity> identities() {
    Gen<Integer> kind = integers().between(0, 6);
    Gen<Integer> prefixLength = integers().between(6, 12);
    return rs -> {
      Gtin gtin = gtins().generate(rs);
      return switch (kind.generate(rs)) {
        case 0 -> new Sgtin(gtin, new Serial(cset82(1, 20).generate(rs)));
        case 1 -> new Lgtin(gtin, new Lot(cset82(1, 20).generate(rs)));
        case 2 -> gtin;
        case 3 -> new Sscc(key(18).generate(rs));
        case 4 -> {
          String extension = cset82(0, 20).generate(rs);
          yield new Sgln(new Gln(key(13).generate(rs)), extension.equals("0") ? "" : extension);
        }
        case 5 ->
            unchecked(
                () ->
                    Grai.of(
                        CompanyPrefix.of(digits(6).generate(rs)),
                        digits(6).generate(rs),
                        cset82(1, 16).generate(rs)));
        default -> {
          int length = prefixLength.generate(rs);
          yield new Giai(digits(length).generate(rs) + cset82(1, 30 - length).generate(rs));
        }
      };
    };
  }

  /**
   * A valid message: a key and a random selection of attributes that may accompany it, in random
   * order.
   */
  public static Gen<ElementString> elementStrings() {
    Gen<Integer> kind = integers().between(0, 4);
    Gen<Boolean> coin = Generate.booleans();
    Gen<Integer> seed = integers().all();
    return rs -> {
      List<Element> elements = new ArrayList<>();
      switch (kind.generate(rs)) {
        case 0 -> {
          add(elements, "01", gtins().generate(rs).value());
          if (coin.generate(rs)) {
            add(elements, "22", cset82(1, 20).generate(rs));
          }
          if (coin.generate(rs)) {
            add(elements, "10", cset82(1, 20).generate(rs));
          }
          if (coin.generate(rs)) {
            add(elements, "21", cset82(1, 20).generate(rs));
          }
          if (coin.generate(rs)) {
            add(elements, "17", dates().generate(rs));
          }
          if (coin.generate(rs)) {
            add(elements, "15", dates().generate(rs));
          }
          if (coin.generate(rs)) {
            add(elements, "3103", digits(6).generate(rs));
          }
          if (coin.generate(rs)) {
            add(elements, "7007", dates().generate(rs));
          }
          if (coin.generate(rs)) {
            add(elements, "422", digits(3).generate(rs));
          }
          if (coin.generate(rs)) {
            add(elements, "90", cset82(1, 30).generate(rs));
          }
        }
        case 1 -> {
          add(elements, "00", key(18).generate(rs));
          if (coin.generate(rs)) {
            add(elements, "02", key(14).generate(rs));
            add(elements, "37", digits(1).generate(rs) + "1");
          }
          if (coin.generate(rs)) {
            add(elements, "400", cset82(1, 30).generate(rs));
          }
          if (coin.generate(rs)) {
            add(elements, "410", key(13).generate(rs));
          }
        }
        case 2 -> {
          add(elements, "414", key(13).generate(rs));
          if (coin.generate(rs)) {
            add(elements, "254", cset82(1, 20).generate(rs));
          }
        }
        case 3 -> add(elements, "8004", digits(6).generate(rs) + cset82(0, 24).generate(rs));
        default -> add(elements, "8003", "0" + key(13).generate(rs) + cset82(0, 16).generate(rs));
      }
      Collections.shuffle(elements, new java.util.Random(seed.generate(rs)));
      return unchecked(() -> ElementString.of(elements));
    };
  }

  private static void add(List<Element> elements, String ai, String value) {
    elements.add(unchecked(() -> Element.of(ai, value)));
  }

  private static char checkDigit(String body) {
    return unchecked(() -> CheckDigit.compute(body));
  }

  /** Runs a factory that cannot fail for generated input; a failure is a generator bug. */
  public static <T> T unchecked(Factory<T> factory) {
    try {
      return factory.make();
    } catch (Gs1Exception e) {
      throw new AssertionError("generator produced invalid input: " + e.getMessage(), e);
    }
  }

  /** A factory that declares the module's exception. */
  @FunctionalInterface
  public interface Factory<T> {
    T make() throws Gs1Exception;
  }
}
