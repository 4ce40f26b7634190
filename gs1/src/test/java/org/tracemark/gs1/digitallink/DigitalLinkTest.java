package org.tracemark.gs1.digitallink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Vectors;
import org.tracemark.gs1.element.Element;
import org.tracemark.gs1.element.ElementString;
import org.tracemark.gs1.key.Gtin;
import org.tracemark.gs1.key.Lgtin;
import org.tracemark.gs1.key.Lot;
import org.tracemark.gs1.key.Serial;
import org.tracemark.gs1.key.Sgtin;

class DigitalLinkTest {

  @Test
  void parsesPathQualifiersAndAttributes() throws Gs1Exception {
    DigitalLink link =
        DigitalLink.parse("https://id.gs1.org/01/09506000134352/10/ABC123/21/XYZ?17=201225");

    assertThat(link.primaryKey().code()).isEqualTo("01");
    assertThat(link.qualifiers()).extracting(Element::code).containsExactly("10", "21");
    assertThat(link.value("17")).hasValue("201225");
    assertThat(link.toElementString().toHumanReadable())
        .isEqualTo("(01)09506000134352(10)ABC123(21)XYZ(17)201225");
    assertThat(link.toUri())
        .isEqualTo("https://id.gs1.org/01/09506000134352/10/ABC123/21/XYZ?17=201225");
  }

  @Test
  void anyDomainAndStemNameTheSameThing() throws Gs1Exception {
    DigitalLink a = DigitalLink.parse("https://brand.example/some/path/01/09506000134352/21/7");
    DigitalLink b = DigitalLink.parse("HTTP://id.gs1.org/01/09506000134352/21/7");

    assertThat(a).isEqualTo(b);
    assertThat(a.toUri("https://example.com/"))
        .isEqualTo("https://example.com/01/09506000134352/21/7");
  }

  @Test
  void canonicalUriWritesGtinsInFourteenDigits() throws Gs1Exception {
    DigitalLink link = DigitalLink.parse("https://example.com/01/9506000134352");

    assertThat(link.toUri()).isEqualTo("https://id.gs1.org/01/09506000134352");
  }

  @Test
  void attributeOrderDoesNotMatter() throws Gs1Exception {
    DigitalLink a = DigitalLink.parse("https://id.gs1.org/01/09506000134352?17=201225&3103=000195");
    DigitalLink b = DigitalLink.parse("https://id.gs1.org/01/09506000134352?3103=000195&17=201225");

    assertThat(a).isEqualTo(b);
    assertThat(a.toUri()).isEqualTo("https://id.gs1.org/01/09506000134352?17=201225&3103=000195");
  }

  @Test
  void nonAiParametersAreKeptApartAndRewritten() throws Gs1Exception {
    DigitalLink link =
        DigitalLink.parse(
            "https://id.gs1.org/01/09506000134352?linkType=gs1%3Apip&17=201225&flag#frag");

    assertThat(link.otherParameters()).containsExactly("linkType=gs1%3Apip", "flag");
    assertThat(link.parameter("linkType")).hasValue("gs1:pip");
    assertThat(link.parameter("flag")).hasValue("");
    assertThat(link.parameter("context")).isEmpty();
    assertThat(link.toElementString().toHumanReadable()).isEqualTo("(01)09506000134352(17)201225");
    assertThat(link.toUri())
        .isEqualTo("https://id.gs1.org/01/09506000134352?17=201225&linkType=gs1%3Apip&flag");
    assertThat(link.withoutOtherParameters().toUri())
        .isEqualTo("https://id.gs1.org/01/09506000134352?17=201225");
  }

  @Test
  void percentEncodingIsDecodedAndReappliedToReservedCharacters() throws Gs1Exception {
    DigitalLink link = DigitalLink.parse("https://id.gs1.org/414/0614141123452/254/32a%2Fb");

    assertThat(link.value("254")).hasValue("32a/b");
    assertThat(link.toUri()).isEqualTo("https://id.gs1.org/414/0614141123452/254/32a%2Fb");
    assertThat(
            DigitalLink.of(ElementString.parse("(01)09506000134352(10)A+B/C?D%E&F\\(C)")).toUri())
        .isEqualTo("https://id.gs1.org/01/09506000134352/10/A%2BB%2FC%3FD%25E%26F%28C%29");
  }

  @Test
  void errorsPointIntoTheUri() {
    assertError("https://id.gs1.org/01/09506000134352/21/XYZ/10/ABC", "misordered-ai", 45, "10");
    assertError("https://id.gs1.org/01/09506000134352?10=ABC", "misordered-ai", 38, "10");
    assertError("https://id.gs1.org/01/09506000134352/10/AB%20C", "bad-character", 43, "10");
    assertError("https://id.gs1.org/01/09506000134353", "bad-check-digit", 36, "01");
    assertError("https://id.gs1.org/01/09506000134352/10/A%2", "bad-syntax", 42, null);
    assertError("https://id.gs1.org/01/09506000134352 ", "bad-character", 37, null);
  }

  @Test
  void qualifierSequencesOfTheStandard() throws Gs1Exception {
    List<String> valid =
        List.of(
            "/01/09506000134352/22/C/10/L/21/S",
            "/01/09506000134352/22/C/21/S",
            "/01/09506000134352/10/L",
            "/01/09506000134352/235/T",
            "/414/0614141123452/254/1",
            "/8006/095060001343520102/10/L/21/S",
            "/8010/0614141ABC/8011/1",
            "/8017/061414100000000014/8019/7",
            "/8018/061414100000000014/8019/7",
            "/415/0614141123452/8020/R1");
    for (String path : valid) {
      DigitalLink.parse("https://id.gs1.org" + path);
    }
    for (String path :
        List.of(
            "/01/09506000134352/21/S/22/C",
            "/01/09506000134352/235/T/21/S",
            "/01/09506000134352/10/L/235/T",
            "/414/0614141123452/21/S",
            "/00/106141412345678908/10/L")) {
      assertError("https://id.gs1.org" + path, "misordered-ai", -1, null);
    }
    // 22 is listed as a qualifier of 8006 but needs (01); the Syntax Engine rejects it too.
    assertError(
        "https://id.gs1.org/8006/095060001343520102/22/C/10/L/21/S", "missing-key", 44, "22");
  }

  @Test
  void parseVectorsFromTheSyntaxEngine() throws Gs1Exception {
    for (String file : List.of("digital-link-parse.txt", "digital-link-standard-examples.txt")) {
      for (String[] row : Vectors.rows(file)) {
        if (row[1].startsWith("!")) {
          assertError(row[0], row[1].substring(1), -1, null);
        } else {
          DigitalLink link = DigitalLink.parse(row[0]);
          List<Element> expected = ElementString.parseHumanReadable(row[1]).elements();
          assertThat(link.toElementString().elements())
              .as(row[0])
              .containsExactlyInAnyOrderElementsOf(expected);
          assertThat(link.primaryKey()).isEqualTo(expected.get(0));
          assertThat(DigitalLink.parse(link.toUri())).isEqualTo(link);
        }
      }
    }
  }

  @Test
  void elementStringToDigitalLinkMatchesTheSyntaxEngine() throws Gs1Exception {
    for (String[] row : Vectors.rows("element-string-to-digital-link.txt")) {
      DigitalLink ours = DigitalLink.of(ElementString.parseHumanReadable(row[0]));
      DigitalLink reference = DigitalLink.parse(row[1]);
      assertThat(ours).as(row[0]).isEqualTo(reference);
      assertThat(ours.path()).isEqualTo(reference.path());
    }
  }

  @Test
  void fromElementStringPicksAnAlternativeWhoseLeftoversAreValidAttributes() throws Gs1Exception {
    DigitalLink link = DigitalLink.of(ElementString.parse("(01)09506000134352(235)ABC(10)DEF"));

    assertThat(link.toUri()).isEqualTo("https://id.gs1.org/01/09506000134352/235/ABC?10=DEF");
  }

  @Test
  void fromElementStringNeedsAPrimaryKey() {
    assertThatThrownBy(() -> DigitalLink.of(ElementString.parse("(400)PO-1")))
        .isInstanceOfSatisfying(
            Gs1Exception.class, e -> assertThat(e.code().id()).isEqualTo("missing-key"));
  }

  @Test
  void identityOfAPath() throws Gs1Exception {
    Gtin gtin = Gtin.parse("09506000134352");

    assertThat(DigitalLink.parse("https://a.example/01/09506000134352/10/L/21/S").toIdentity())
        .isEqualTo(new Sgtin(gtin, Serial.of("S")));
    assertThat(DigitalLink.parse("https://a.example/01/09506000134352/10/L?17=201225").toIdentity())
        .isEqualTo(new Lgtin(gtin, Lot.of("L")));
    assertThatThrownBy(
            () -> DigitalLink.parse("https://a.example/01/09506000134352/22/V").toIdentity())
        .isInstanceOfSatisfying(
            Gs1Exception.class, e -> assertThat(e.code().id()).isEqualTo("unsupported"));
  }

  @Test
  void buildingRejectsABadBase() throws Gs1Exception {
    DigitalLink link = DigitalLink.parse("https://id.gs1.org/01/09506000134352");

    for (String base : List.of("ftp://x", "https://", "https://x?y", "id.gs1.org")) {
      assertThatThrownBy(() -> link.toUri(base)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void factoryChecksTheSameRulesAsTheParser() throws Gs1Exception {
    Element gtin = Element.of("01", "09506000134352");
    Element lot = Element.of("10", "L");
    Element serial = Element.of("21", "S");
    List<Element> misordered = new ArrayList<>(List.of(gtin, serial, lot));

    assertThatThrownBy(() -> DigitalLink.of(misordered, List.of(), List.of()))
        .isInstanceOfSatisfying(
            Gs1Exception.class, e -> assertThat(e.code().id()).isEqualTo("misordered-ai"));
    assertThatThrownBy(() -> new DigitalLink(misordered, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DigitalLink.of(List.of(gtin), List.of(lot), List.of()))
        .isInstanceOfSatisfying(
            Gs1Exception.class, e -> assertThat(e.code().id()).isEqualTo("misordered-ai"));
    assertThatThrownBy(() -> DigitalLink.of(List.of(gtin), List.of(), List.of("17=201225")))
        .isInstanceOfSatisfying(
            Gs1Exception.class, e -> assertThat(e.code().id()).isEqualTo("bad-syntax"));
  }

  private static void assertError(String uri, String code, int position, String ai) {
    assertThatThrownBy(() -> DigitalLink.parse(uri))
        .as(uri)
        .isInstanceOfSatisfying(
            Gs1Exception.class,
            e -> {
              assertThat(e.code().id()).as(e.getMessage()).isEqualTo(code);
              assertThat(e.input()).isEqualTo(uri);
              if (position >= 0) {
                assertThat(e.position()).as(e.getMessage()).hasValue(position);
              }
              if (ai != null) {
                assertThat(e.ai()).hasValue(ai);
              }
            });
  }
}
