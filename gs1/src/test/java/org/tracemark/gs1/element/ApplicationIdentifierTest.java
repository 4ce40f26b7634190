package org.tracemark.gs1.element;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tracemark.gs1.CharacterSet;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;

class ApplicationIdentifierTest {

  @Test
  void coversTheTraceabilityAis() {
    List<String> required =
        List.of(
            "00", "01", "02", "10", "11", "13", "15", "17", "21", "22", "235", "240", "241", "250",
            "251", "254", "30", "3100", "3101", "3102", "3103", "3104", "3105", "37", "400", "401",
            "402", "410", "411", "412", "413", "414", "415", "416", "417", "422", "7003", "8003",
            "8004", "8006", "8010", "8017", "8018", "8020");
    for (String code : required) {
      assertThat(ApplicationIdentifier.find(code)).as(code).isPresent();
    }
  }

  /**
   * GS1 General Specifications Figure 7.8.5-2 lists the element strings of predefined length by the
   * first two digits of the AI; only those need no FNC1 separator.
   */
  @Test
  void predefinedLengthFollowsTheTwoDigitPrefixTable() {
    Map<String, Integer> predefined =
        Map.ofEntries(
            Map.entry("00", 20),
            Map.entry("01", 16),
            Map.entry("02", 16),
            Map.entry("03", 16),
            Map.entry("04", 18),
            Map.entry("11", 8),
            Map.entry("12", 8),
            Map.entry("13", 8),
            Map.entry("14", 8),
            Map.entry("15", 8),
            Map.entry("16", 8),
            Map.entry("17", 8),
            Map.entry("18", 8),
            Map.entry("19", 8),
            Map.entry("20", 4),
            Map.entry("31", 10),
            Map.entry("32", 10),
            Map.entry("33", 10),
            Map.entry("34", 10),
            Map.entry("35", 10),
            Map.entry("36", 10),
            Map.entry("41", 16));
    for (ApplicationIdentifier ai : ApplicationIdentifier.all()) {
      Integer total = predefined.get(ai.code().substring(0, 2));
      assertThat(ai.isPredefinedLength()).as(ai.code()).isEqualTo(total != null);
      assertThat(ai.fnc1Required()).as(ai.code()).isEqualTo(total == null);
      if (total != null) {
        assertThat(ai.code().length() + ai.maxLength()).as(ai.code()).isEqualTo(total);
        assertThat(ai.isFixedLength()).as(ai.code()).isTrue();
      }
    }
  }

  /** Unbracketed barcode data can only be split if no AI code is the start of another. */
  @Test
  void codesArePrefixFree() {
    Set<String> codes =
        ApplicationIdentifier.all().stream()
            .map(ApplicationIdentifier::code)
            .collect(Collectors.toSet());
    for (String a : codes) {
      for (String b : codes) {
        if (!a.equals(b)) {
          assertThat(b.startsWith(a)).as(a + " prefixes " + b).isFalse();
        }
      }
    }
  }

  @Test
  void describesFormatsAsTheSyntaxDictionaryDoes() throws Gs1Exception {
    ApplicationIdentifier gtin = ApplicationIdentifier.of("01");
    ApplicationIdentifier lot = ApplicationIdentifier.of("10");
    ApplicationIdentifier cpid = ApplicationIdentifier.of("8010");
    ApplicationIdentifier grai = ApplicationIdentifier.of("8003");

    assertThat(gtin.isFixedLength()).isTrue();
    assertThat(gtin.hasCheckDigit()).isTrue();
    assertThat(gtin.characterSet()).isEqualTo(CharacterSet.NUMERIC);
    assertThat(lot.isFixedLength()).isFalse();
    assertThat(lot.maxLength()).isEqualTo(20);
    assertThat(lot.characterSet()).isEqualTo(CharacterSet.CSET82);
    assertThat(cpid.characterSet()).isEqualTo(CharacterSet.CSET39);
    assertThat(grai.minLength()).isEqualTo(14);
    assertThat(grai.maxLength()).isEqualTo(30);
    assertThat(ApplicationIdentifier.of("422").isFixedLength()).isTrue();
    assertThat(ApplicationIdentifier.of("422").isPredefinedLength()).isFalse();
    assertThat(ApplicationIdentifier.of("3103").decimalPlaces()).hasValue(3);
    assertThat(ApplicationIdentifier.of("17").isDate()).isTrue();
  }

  @Test
  void digitalLinkRoles() throws Gs1Exception {
    assertThat(ApplicationIdentifier.of("01").qualifierSequences())
        .containsExactly(List.of("22", "10", "21"), List.of("235"));
    assertThat(ApplicationIdentifier.of("414").qualifierSequences())
        .containsExactly(List.of("254"));
    assertThat(ApplicationIdentifier.of("00").isDigitalLinkPrimaryKey()).isTrue();
    assertThat(ApplicationIdentifier.of("00").qualifierSequences()).isEmpty();
    assertThat(ApplicationIdentifier.of("10").isDigitalLinkPrimaryKey()).isFalse();
    assertThat(ApplicationIdentifier.of("17").isDigitalLinkDataAttribute()).isTrue();
    for (String qualifierOnly : List.of("21", "22", "235", "254", "8011", "8019", "8020")) {
      assertThat(ApplicationIdentifier.of(qualifierOnly).isDigitalLinkDataAttribute())
          .as(qualifierOnly)
          .isFalse();
    }
  }

  @Test
  void exclusionPatternsUseDigitWildcards() throws Gs1Exception {
    ApplicationIdentifier kg3 = ApplicationIdentifier.of("3103");

    assertThat(kg3.excludes(ApplicationIdentifier.of("3102"))).isTrue();
    assertThat(kg3.excludes(kg3)).isFalse();
    assertThat(kg3.excludes(ApplicationIdentifier.of("3303"))).isFalse();
    assertThat(ApplicationIdentifier.of("01").excludes(ApplicationIdentifier.of("37"))).isTrue();
  }

  @Test
  void unknownAiIsTyped() {
    assertThatThrownBy(() -> ApplicationIdentifier.of("89"))
        .isInstanceOfSatisfying(
            Gs1Exception.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.UNKNOWN_AI);
              assertThat(e.ai()).hasValue("89");
            });
  }
}
