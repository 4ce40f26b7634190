package org.tracemark.gs1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.tracemark.gs1.digitallink.DigitalLink;
import org.tracemark.gs1.element.ElementString;
import org.tracemark.gs1.epc.EpcUrn;
import org.tracemark.gs1.epc.EpcisIdentifier;
import org.tracemark.gs1.key.Gtin;
import org.tracemark.gs1.key.Sscc;
import org.tracemark.gs1.scan.ScanData;

/**
 * Parsers face the network: whatever they are given, they return a value or throw {@link
 * Gs1Exception} with the input as evidence, never another exception. Inputs are random strings over
 * an alphabet rich in GS1 syntax, and valid strings with random edits (which reach far deeper into
 * the parsers than noise does).
 */
class HostileInputPropertiesTest {

  private static final String ALPHABET =
      "0123456789()\\/?&=#%.:;+-_*!\"'<>,AZaz \u001D\u0000\u00e9\u20ac]Cde~@$[]{}^|`";

  @Test
  void randomTextNeverEscapesAsAnotherException() {
    qt().withExamples(3000).forAll(noise()).checkAssert(HostileInputPropertiesTest::feedAll);
  }

  @Test
  void editedValidInputNeverEscapesAsAnotherException() {
    qt().withExamples(3000).forAll(edited()).checkAssert(HostileInputPropertiesTest::feedAll);
  }

  @Test
  void arbitraryUnicodeNeverEscapesAsAnotherException() {
    qt().forAll(strings().allPossible().ofLengthBetween(0, 60))
        .checkAssert(HostileInputPropertiesTest::feedAll);
  }

  private static void feedAll(String input) {
    parse(input, ElementString::parse, true);
    parse(input, ElementString::parseBarcode, true);
    parse(input, DigitalLink::parse, true);
    parse(input, EpcUrn::parse, true);
    parse(input, EpcisIdentifier::parse, false);
    parse(input, ScanData::parse, false);
    parse(input, Gtin::parse, true);
    parse(input, Sscc::parse, true);
  }

  private static void parse(String input, Parser parser, boolean evidenceIsTheInput) {
    try {
      parser.parse(input);
    } catch (Gs1Exception e) {
      assertThat(e.getMessage()).isNotBlank();
      int position = e.position().orElse(0);
      assertThat(position).as(e.getMessage()).isBetween(0, e.input().length() + 1);
      if (evidenceIsTheInput) {
        assertThat(e.input()).as(e.getMessage()).isEqualTo(input);
      }
    }
  }

  private static Gen<String> noise() {
    Gen<Integer> length = integers().between(0, 80);
    Gen<Integer> index = integers().between(0, ALPHABET.length() - 1);
    Gen<String> prefix =
        Generate.pick(
            List.of(
                "", "(", "]d2", "]C1", "https://a.example/", "urn:epc:id:sgtin:", "01", "(01)"));
    return rs -> {
      StringBuilder b = new StringBuilder(prefix.generate(rs));
      int n = length.generate(rs);
      for (int i = 0; i < n; i++) {
        b.append(ALPHABET.charAt(index.generate(rs)));
      }
      return b.toString();
    };
  }

  private static Gen<String> edited() {
    Gen<String> valid =
        Generate.oneOf(
            Generators.elementStrings().map(ElementString::toHumanReadable),
            Generators.elementStrings().map(es -> "]d2" + es.toBarcodeData()),
            Generators.elementStrings()
                .map(es -> Generators.unchecked(() -> DigitalLink.of(es)).toUri()),
            Generators.identities()
                .map(
                    id -> {
                      try {
                        return EpcUrn.of(id, 7).toString();
                      } catch (Gs1Exception e) {
                        return EpcisIdentifier.toDigitalLink(id);
                      }
                    }));
    Gen<Integer> edits = integers().between(1, 4);
    Gen<Integer> kind = integers().between(0, 2);
    Gen<Integer> where = integers().between(0, 10_000);
    Gen<Integer> index = integers().between(0, ALPHABET.length() - 1);
    return rs -> {
      StringBuilder b = new StringBuilder(valid.generate(rs));
      int n = edits.generate(rs);
      for (int i = 0; i < n; i++) {
        int at = b.length() == 0 ? 0 : where.generate(rs) % b.length();
        char c = ALPHABET.charAt(index.generate(rs));
        switch (kind.generate(rs)) {
          case 0 -> b.insert(at, c);
          case 1 -> {
            if (b.length() > 0) {
              b.deleteCharAt(at);
            }
          }
          default -> {
            if (b.length() > 0) {
              b.setCharAt(at, c);
            }
          }
        }
      }
      return b.toString();
    };
  }

  @FunctionalInterface
  private interface Parser {
    Object parse(String input) throws Gs1Exception;
  }
}
