package org.tracemark.edge.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tracemark.gs1.Gs1Exception.Code;
import org.tracemark.keys.reading.Observation;

class ScanParserTest {

  private static final char GS = '\u001D';
  private static final String LOT_LINK = "https://id.gs1.org/01/09520123456788/10/LOT1";

  @Test
  void elementStringWithGroupSeparators() {
    ScanResult r =
        ScanParser.parse("0109520123456788" + "10LOT1" + GS + "21SER9" + GS + "17261231");
    assertThat(accepted(r).epc())
        .isEqualTo("https://id.gs1.org/01/09520123456788/10/LOT1/21/SER9?17=261231");
  }

  @ParameterizedTest
  @ValueSource(strings = {"]C1", "]d2", "]Q3", "]e0", ""})
  void withOrWithoutASymbologyIdentifier(String prefix) {
    assertThat(accepted(ScanParser.parse(prefix + "0109520123456788" + "10LOT1")).epc())
        .isEqualTo(LOT_LINK);
  }

  @Test
  void bracketedHumanReadableForm() {
    ScanResult.Accepted a = accepted(ScanParser.parse("(01)09520123456788(10)LOT1"));
    assertThat(a.epc()).isEqualTo(LOT_LINK);
    assertThat(a.data().toHumanReadable()).isEqualTo("(01)09520123456788(10)LOT1");
  }

  @Test
  void digitalLinkOnAnyDomainBecomesCanonical() {
    assertThat(accepted(ScanParser.parse(LOT_LINK)).epc()).isEqualTo(LOT_LINK);
    assertThat(
            accepted(
                    ScanParser.parse(
                        "https://brand.example/p/01/9520123456788/10/LOT1?linkType=gs1:pip"))
                .epc())
        .as("GTIN-13 padded, other domain and non-AI parameters dropped")
        .isEqualTo(LOT_LINK);
    assertThat(accepted(ScanParser.parse("]Q1" + LOT_LINK)).epc()).isEqualTo(LOT_LINK);
  }

  @Test
  void logisticUnitsShipmentsAndLocations() {
    assertThat(accepted(ScanParser.parse("]C1" + "00095201230000001179")).epc())
        .isEqualTo("https://id.gs1.org/00/095201230000001179");
    assertThat(accepted(ScanParser.parse("(402)95210010000025119")).epc())
        .isEqualTo("https://id.gs1.org/402/95210010000025119");
    assertThat(accepted(ScanParser.parse("(414)9521001000017(254)DOCK-3")).epc())
        .isEqualTo("https://id.gs1.org/414/9521001000017/254/DOCK-3");
  }

  @Test
  void retailBarcodesAsPlainDigits() {
    assertThat(accepted(ScanParser.parse("9520123456788")).epc())
        .isEqualTo("https://id.gs1.org/01/09520123456788");
    assertThat(accepted(ScanParser.parse("]E09520123456788")).epc())
        .isEqualTo("https://id.gs1.org/01/09520123456788");
  }

  @Test
  void wrongCheckDigitIsATypedErrorWithTheGs1Code() {
    for (String scan :
        List.of(
            "(01)09520123456789(10)LOT1",
            "]d2" + "0109520123456789" + "10LOT1",
            "https://id.gs1.org/01/09520123456789",
            "(00)095201230000001170",
            "9520123456789",
            "]E09520123456789")) {
      ScanResult.Rejected r = rejected(ScanParser.parse(scan));
      assertThat(r.code()).as(scan).isEqualTo(Code.BAD_CHECK_DIGIT);
      assertThat(r.message()).as(scan).startsWith("bad-check-digit: ").contains("expected");
      assertThat(r.position()).as(scan).isPresent();
    }
    assertThat(rejected(ScanParser.parse("]E09520123456789")).position()).hasValue(16);
  }

  @Test
  void otherBadScansNameWhatIsWrong() {
    assertThat(rejected(ScanParser.parse("(10)LOT1")).code()).isEqualTo(Code.MISSING_KEY);
    assertThat(rejected(ScanParser.parse("(89)X")).code()).isEqualTo(Code.UNKNOWN_AI);
    assertThat(rejected(ScanParser.parse("]X90109520123456788")).code()).isEqualTo(Code.BAD_SYNTAX);
    assertThat(rejected(ScanParser.parse("hello")).message()).contains("\"hello\"");
  }

  @Test
  void anAcceptedScanBecomesAScanObservation() {
    Observation o =
        accepted(ScanParser.parse("(00)095201230000001179"))
            .observe(
                1_763_700_000_000L, "receiving", Optional.of("urn:epc:id:sgln:9521001.00001.0"));
    assertThat(o.epc()).contains("https://id.gs1.org/00/095201230000001179");
    assertThat(o.biz()).contains("receiving");
    assertThat(o.loc()).contains("urn:epc:id:sgln:9521001.00001.0");
  }

  @Test
  void aStreamReportsABadLineByNumberAndCarriesOn() {
    String input =
        "]C10109520123456788"
            + "10LOT1\r\n"
            + "\n"
            + "   \n"
            + "(01)09520123456789\n"
            + "  "
            + LOT_LINK
            + "  \n"
            + "]d2"
            + "00095201230000001179"
            + GS
            + "\n";
    List<ScanLine> lines =
        ScanParser.lines(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))).toList();

    assertThat(lines).extracting(ScanLine::number).containsExactly(1, 4, 5, 6);
    assertThat(lines.get(0).result()).isInstanceOf(ScanResult.Accepted.class);
    assertThat(lines.get(1).result()).isInstanceOf(ScanResult.Rejected.class);
    assertThat(((ScanResult.Rejected) lines.get(1).result()).code())
        .isEqualTo(Code.BAD_CHECK_DIGIT);
    assertThat(lines.get(1).toString()).startsWith("line 4: bad-check-digit");
    assertThat(accepted(lines.get(2).result()).epc()).isEqualTo(LOT_LINK);
    assertThat(accepted(lines.get(3).result()).epc())
        .as("trailing GS tolerated")
        .isEqualTo("https://id.gs1.org/00/095201230000001179");
  }

  private static ScanResult.Accepted accepted(ScanResult r) {
    assertThat(r).as("%s", r).isInstanceOf(ScanResult.Accepted.class);
    return (ScanResult.Accepted) r;
  }

  private static ScanResult.Rejected rejected(ScanResult r) {
    assertThat(r).as("%s", r).isInstanceOf(ScanResult.Rejected.class);
    return (ScanResult.Rejected) r;
  }
}
