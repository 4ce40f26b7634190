package org.tracemark.gs1.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;

class KeysTest {

  @Test
  void gtinOfEveryLengthNormalisesToFourteenDigitsAndKeepsItsFormat() throws Gs1Exception {
    Gtin gtin8 = Gtin.parse("02345673");
    Gtin gtin12 = Gtin.parse("416000336108");
    Gtin gtin13 = Gtin.parse("9506000134352");
    Gtin gtin14 = Gtin.parse("09506000134352");

    assertThat(gtin8.value()).isEqualTo("00000002345673");
    assertThat(gtin8.format()).isEqualTo(Gtin.Format.GTIN_8);
    assertThat(gtin8.original()).isEqualTo("02345673");
    assertThat(gtin12.value()).isEqualTo("00416000336108");
    assertThat(gtin12.format()).isEqualTo(Gtin.Format.GTIN_12);
    assertThat(gtin13.format()).isEqualTo(Gtin.Format.GTIN_13);
    assertThat(gtin13.original()).isEqualTo("9506000134352");
    assertThat(gtin14.format()).isEqualTo(Gtin.Format.GTIN_14);
  }

  @Test
  void gtinEqualityIgnoresTheFormatItWasWrittenIn() throws Gs1Exception {
    assertThat(Gtin.parse("9506000134352")).isEqualTo(Gtin.parse("09506000134352"));
    assertThat(Gtin.parse("9506000134352")).hasSameHashCodeAs(Gtin.parse("09506000134352"));
    assertThat(Gtin.parse("9506000134352").toString()).isEqualTo("09506000134352");
  }

  @Test
  void gtinRejectsBadLengthCharacterAndCheckDigit() {
    assertCode(() -> Gtin.parse("123456789"), Code.BAD_LENGTH);
    assertCode(() -> Gtin.parse("0950600013435X"), Code.BAD_CHARACTER);
    assertCode(() -> Gtin.parse("09506000134353"), Code.BAD_CHECK_DIGIT);
    assertCode(() -> Gtin.parse(""), Code.BAD_LENGTH);
  }

  @Test
  void recordConstructorsCannotBypassValidation() {
    assertThatThrownBy(() -> new Gtin("09506000134353", Gtin.Format.GTIN_14))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad-check-digit");
    assertThatThrownBy(() -> new Gtin("19506000134359", Gtin.Format.GTIN_13))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Sscc("106141412345678909"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Gln("0614141123453")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Lot("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Serial("A B")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gtinFromPartsComputesTheCheckDigitAndSplitsBack() throws Gs1Exception {
    Gtin gtin = Gtin.of(8, CompanyPrefix.of("0614141"), "12345");

    assertThat(gtin.value()).isEqualTo("80614141123458");
    assertThat(gtin.indicator()).isEqualTo(8);
    assertThat(gtin.companyPrefix(7)).isEqualTo(CompanyPrefix.of("0614141"));
    assertThat(gtin.itemReference(7)).isEqualTo("12345");
    assertCode(() -> Gtin.of(8, CompanyPrefix.of("0614141"), "1234"), Code.BAD_LENGTH);
    assertCode(() -> gtin.companyPrefix(13), Code.BAD_LENGTH);
    assertCode(() -> gtin.companyPrefix(3), Code.BAD_LENGTH);
  }

  @Test
  void ssccAndGlnFromParts() throws Gs1Exception {
    Sscc sscc = Sscc.of(1, CompanyPrefix.of("0614141"), "234567890");
    Gln gln = Gln.of(CompanyPrefix.of("0614141"), "12345");

    assertThat(sscc.value()).isEqualTo("106141412345678908");
    assertThat(sscc.extensionDigit()).isEqualTo(1);
    assertThat(sscc.serialReference(7)).isEqualTo("234567890");
    assertThat(gln.value()).isEqualTo("0614141123452");
    assertThat(gln.locationReference(7)).isEqualTo("12345");
    assertThat(Gln.of(CompanyPrefix.of("061411123456"), "").value()).isEqualTo("0614111234560");
  }

  @Test
  void companyPrefixHasFourToTwelveDigits() throws Gs1Exception {
    assertThat(CompanyPrefix.of("0614").length()).isEqualTo(4);
    assertThat(CompanyPrefix.of("061414112345").length()).isEqualTo(12);
    assertCode(() -> CompanyPrefix.of("061"), Code.BAD_LENGTH);
    assertCode(() -> CompanyPrefix.of("0614141123456"), Code.BAD_LENGTH);
    assertCode(() -> CompanyPrefix.of("06141A"), Code.BAD_CHARACTER);
  }

  @Test
  void lookupFindsTheLongestKnownPrefix() throws Gs1Exception {
    CompanyPrefixLookup lookup =
        CompanyPrefixLookup.of(List.of(CompanyPrefix.of("0614"), CompanyPrefix.of("0614141")));

    assertThat(lookup.prefixLength("061414112345")).hasValue(7);
    assertThat(lookup.prefixLength("061499999999")).hasValue(4);
    assertThat(lookup.prefixLength("950600013435")).isEmpty();
    assertThat(CompanyPrefixLookup.fixed(9).prefixLength("anything")).hasValue(9);
  }

  @Test
  void lotAndSerialAreCharacterSet82UpToTwentyCharacters() throws Gs1Exception {
    assertThat(Lot.of("ABC-123/x.y_z").value()).isEqualTo("ABC-123/x.y_z");
    assertThat(Serial.of("!\"%&'()*+,-./:;<=>?_").value()).hasSize(20);
    assertCode(() -> Lot.of("A".repeat(21)), Code.BAD_LENGTH);
    assertCode(() -> Serial.of(""), Code.BAD_LENGTH);
    assertCode(() -> Serial.of("AB#"), Code.BAD_CHARACTER);
    assertCode(() -> Lot.of("É"), Code.BAD_CHARACTER);
  }

  @Test
  void badCharacterNamesThePosition() {
    assertThatThrownBy(() -> Serial.of("AB C"))
        .isInstanceOfSatisfying(
            Gs1Exception.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.BAD_CHARACTER);
              assertThat(e.position()).hasValue(3);
              assertThat(e.input()).isEqualTo("AB C");
            });
  }

  @Test
  void sglnExtensionIsOptional() throws Gs1Exception {
    Gln gln = Gln.parse("0614141123452");

    assertThat(Sgln.of(gln).hasExtension()).isFalse();
    assertThat(Sgln.of(gln, "400").toString()).isEqualTo("(414)0614141123452(254)400");
    assertCode(() -> Sgln.of(gln, "A".repeat(21)), Code.BAD_LENGTH);
  }

  @Test
  void graiHasFillerZeroCheckDigitAndOptionalSerial() throws Gs1Exception {
    Grai grai = Grai.of(CompanyPrefix.of("0614141"), "12345", "400");

    assertThat(grai.value()).isEqualTo("00614141123452400");
    assertThat(grai.assetTypeKey()).isEqualTo("0614141123452");
    assertThat(grai.serial()).isEqualTo("400");
    assertThat(grai.assetType(7)).isEqualTo("12345");
    assertThat(Grai.parse("00614141123452").hasSerial()).isFalse();
    assertCode(() -> Grai.parse("10614141123452400"), Code.BAD_VALUE);
    assertCode(() -> Grai.parse("00614141123453400"), Code.BAD_CHECK_DIGIT);
    assertCode(() -> Grai.parse("0061414112345"), Code.BAD_LENGTH);
  }

  @Test
  void giaiStartsWithACompanyPrefix() throws Gs1Exception {
    Giai giai = Giai.parse("061414112345400");

    assertThat(giai.companyPrefix(7).value()).isEqualTo("0614141");
    assertThat(giai.assetReference(7)).isEqualTo("12345400");
    assertCode(() -> Giai.parse("06A4141"), Code.BAD_CHARACTER);
    assertCode(() -> Giai.parse("0614" + "X".repeat(27)), Code.BAD_LENGTH);
    assertCode(() -> Giai.parse("0614ABC").companyPrefix(6), Code.BAD_VALUE);
  }

  private static void assertCode(ThrowingCall call, Code code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(Gs1Exception.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @FunctionalInterface
  interface ThrowingCall {
    void run() throws Exception;
  }
}
