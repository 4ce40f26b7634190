package org.tracemark.gs1.element;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Year;
import org.junit.jupiter.api.Test;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Vectors;
import org.tracemark.gs1.key.Gtin;
import org.tracemark.gs1.key.Identity;
import org.tracemark.gs1.key.Lgtin;
import org.tracemark.gs1.key.Lot;
import org.tracemark.gs1.key.Serial;
import org.tracemark.gs1.key.Sgtin;
import org.tracemark.gs1.key.Sscc;

class ElementStringTest {

  private static final char GS = ElementString.GS;

  @Test
  void parsesHumanReadableAndExposesTypedValues() throws Gs1Exception {
    ElementString es = ElementString.parse("(01)09506000134352(17)201225(10)ABC123(21)XYZ");

    assertThat(es.gtin()).hasValue(Gtin.parse("09506000134352"));
    assertThat(es.lot()).hasValue(Lot.of("ABC123"));
    assertThat(es.serial()).hasValue(Serial.of("XYZ"));
    assertThat(es.element("17").flatMap(e -> e.date(Year.of(2025))))
        .hasValue(LocalDate.of(2020, 12, 25));
    assertThat(es.value("99")).isEmpty();
  }

  @Test
  void netWeightPlacesTheDecimalPointFromTheAi() throws Gs1Exception {
    ElementString es = ElementString.parse("(01)09506000134352(3103)000195");

    assertThat(es.netWeightKg()).hasValue(new BigDecimal("0.195"));
  }

  @Test
  void dayZeroMeansEndOfMonth() throws Gs1Exception {
    ElementString es = ElementString.parse("(01)09506000134352(15)240200");

    assertThat(es.element("15").flatMap(e -> e.date(Year.of(2025))))
        .hasValue(LocalDate.of(2024, 2, 29));
  }

  @Test
  void barcodeDataPutsSeparatorsOnlyAfterVariableLengthElementsThatAreNotLast()
      throws Gs1Exception {
    ElementString es = ElementString.parse("(01)09506000134352(10)ABC(17)201225(21)X1");

    assertThat(es.toBarcodeData()).isEqualTo("010950600013435210ABC" + GS + "1720122521X1");
    assertThat(ElementString.parseBarcode("]d2" + es.toBarcodeData())).isEqualTo(es);
  }

  @Test
  void fixedLengthButNotPredefinedAiStillNeedsASeparator() throws Gs1Exception {
    ElementString es = ElementString.parse("(422)276(01)09506000134352");

    assertThat(es.toBarcodeData()).isEqualTo("422276" + GS + "0109506000134352");
  }

  @Test
  void acceptsTheGs1SymbologyIdentifiersAndReaderQuirks() throws Gs1Exception {
    ElementString expected = ElementString.parse("(01)09506000134352(10)ABC");
    for (String id : new String[] {"]C1", "]e0", "]d2", "]Q3", "]J1", ""}) {
      assertThat(ElementString.parse(id + "010950600013435210ABC")).as(id).isEqualTo(expected);
    }
    // Leading FNC1, superfluous FNC1 after a predefined-length AI, trailing FNC1.
    assertThat(ElementString.parse(GS + "0109506000134352" + GS + "10ABC" + GS))
        .isEqualTo(expected);
  }

  @Test
  void escapedBracketRoundTrips() throws Gs1Exception {
    ElementString es = ElementString.parse("(01)09506000134352(10)AB\\(C)D");

    assertThat(es.lot()).hasValue(Lot.of("AB(C)D"));
    assertThat(es.toHumanReadable()).isEqualTo("(01)09506000134352(10)AB\\(C)D");
    assertThat(es.toBarcodeData()).isEqualTo("010950600013435210AB(C)D");
  }

  @Test
  void identicalRepeatsAreAllowedConflictingOnesAreNot() throws Gs1Exception {
    assertThat(ElementString.parse("(01)09506000134352(10)A(10)A").elements()).hasSize(3);
    assertThatThrownBy(() -> ElementString.parse("(01)09506000134352(10)A(10)B"))
        .isInstanceOfSatisfying(
            Gs1Exception.class, e -> assertThat(e.code().id()).isEqualTo("duplicate-ai"));
  }

  @Test
  void identityOfAMessage() throws Gs1Exception {
    Gtin gtin = Gtin.parse("09506000134352");
    assertThat(ElementString.parse("(01)09506000134352(10)L(21)S").toIdentity())
        .isEqualTo(new Sgtin(gtin, Serial.of("S")));
    assertThat(ElementString.parse("(01)09506000134352(17)201225(10)L").toIdentity())
        .isEqualTo(new Lgtin(gtin, Lot.of("L")));
    assertThat(ElementString.parse("(01)09506000134352(17)201225").toIdentity()).isEqualTo(gtin);
    assertThat(ElementString.parse("(00)106141412345678908(02)09506000134352(37)4").toIdentity())
        .isEqualTo(Sscc.parse("106141412345678908"));
    assertThatThrownBy(() -> ElementString.parse("(400)PO1").toIdentity())
        .isInstanceOfSatisfying(
            Gs1Exception.class, e -> assertThat(e.code().id()).isEqualTo("missing-key"));
  }

  @Test
  void ofIdentityRoundTrips() throws Gs1Exception {
    Identity sgtin = new Sgtin(Gtin.parse("80614141123458"), Serial.of("6789"));

    assertThat(ElementString.of(sgtin).toHumanReadable()).isEqualTo("(01)80614141123458(21)6789");
    assertThat(ElementString.of(sgtin).toIdentity()).isEqualTo(sgtin);
  }

  @Test
  void invalidVectorsFailWithCodeAndPosition() {
    for (String[] row : Vectors.rows("element-string-invalid.txt")) {
      assertThatThrownBy(() -> ElementString.parse(row[0]))
          .as(row[0])
          .isInstanceOfSatisfying(
              Gs1Exception.class,
              e -> {
                assertThat(e.code().id()).as(row[0] + " -> " + e.getMessage()).isEqualTo(row[1]);
                assertThat(e.position().orElse(0))
                    .as(row[0] + " -> " + e.getMessage())
                    .isEqualTo(Integer.parseInt(row[2]));
                assertThat(e.input()).isEqualTo(row[0]);
              });
    }
  }

  @Test
  void scanDataVectorsFromTheSyntaxEngine() throws Gs1Exception {
    for (String[] row : Vectors.rows("barcode-scan-data.txt")) {
      assertThat(ElementString.parseBarcode(row[0]).toHumanReadable()).as(row[0]).isEqualTo(row[1]);
    }
  }

  @Test
  void barcodeDataMatchesTheSyntaxEngine() throws Gs1Exception {
    for (String[] row : Vectors.rows("element-string-to-digital-link.txt")) {
      ElementString es = ElementString.parseHumanReadable(row[0]);
      assertThat("]d2" + es.toBarcodeData()).as(row[0]).isEqualTo(row[2]);
      assertThat(es.toHumanReadable()).isEqualTo(row[0]);
    }
  }

  @Test
  void overlongInputIsRejectedBeforeParsing() {
    assertThatThrownBy(() -> ElementString.parse("(90)" + "A".repeat(5000)))
        .isInstanceOfSatisfying(
            Gs1Exception.class, e -> assertThat(e.code().id()).isEqualTo("bad-length"));
  }
}
