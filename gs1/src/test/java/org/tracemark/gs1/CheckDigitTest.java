package org.tracemark.gs1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;
import org.tracemark.gs1.Gs1Exception.Code;

class CheckDigitTest {

  @Test
  void gs1WorkedExampleComputesThree() throws Gs1Exception {
    // GS1 General Specifications §7.9.1: 629104150021 -> weighted sum 57 -> check digit 3.
    assertThat(CheckDigit.compute("629104150021")).isEqualTo('3');
  }

  @Test
  void validVectorsVerify() throws Gs1Exception {
    for (String[] row : Vectors.rows("check-digits-valid.txt")) {
      String key = row[0];
      assertThat(CheckDigit.isValid(key)).as(row[1]).isTrue();
      assertThat(CheckDigit.compute(key.substring(0, key.length() - 1)))
          .as(row[1])
          .isEqualTo(key.charAt(key.length() - 1));
      CheckDigit.verify(key, "key");
    }
  }

  @Test
  void invalidVectorsFailNamingTheExpectedDigit() {
    for (String[] row : Vectors.rows("check-digits-invalid.txt")) {
      String key = row[0];
      assertThat(CheckDigit.isValid(key)).as(key).isFalse();
      assertThatThrownBy(() -> CheckDigit.verify(key, "key"))
          .isInstanceOfSatisfying(
              Gs1Exception.class,
              e -> {
                assertThat(e.code()).isEqualTo(Code.BAD_CHECK_DIGIT);
                assertThat(e.position()).hasValue(key.length());
                assertThat(e.detail()).endsWith("expected " + row[1]);
              });
    }
  }

  @Test
  void leadingZerosDoNotChangeTheCheckDigit() throws Gs1Exception {
    assertThat(CheckDigit.compute("0629104150021")).isEqualTo('3');
    assertThat(CheckDigit.compute("00000629104150021")).isEqualTo('3');
  }

  @Test
  void rejectsNonDigitsAndEmpty() {
    assertThatThrownBy(() -> CheckDigit.compute("12A4"))
        .isInstanceOfSatisfying(
            Gs1Exception.class, e -> assertThat(e.code()).isEqualTo(Code.BAD_CHARACTER));
    assertThatThrownBy(() -> CheckDigit.compute(""))
        .isInstanceOfSatisfying(
            Gs1Exception.class, e -> assertThat(e.code()).isEqualTo(Code.BAD_LENGTH));
    assertThat(CheckDigit.isValid("1")).isFalse();
    assertThat(CheckDigit.isValid("12a")).isFalse();
  }

  @Test
  void checkDigitOfAnyBodyVerifies() {
    qt().forAll(strings().numericBetween(0, Integer.MAX_VALUE), integers().between(1, 17))
        .checkAssert(
            (n, len) -> {
              String body = pad(n, len);
              assertThat(CheckDigit.isValid(body + computeUnchecked(body))).isTrue();
            });
  }

  @Test
  void anySingleDigitChangeIsDetected() {
    qt().forAll(
            strings().numericBetween(0, Integer.MAX_VALUE),
            integers().between(1, 17),
            integers().between(0, 17),
            integers().between(1, 9))
        .checkAssert(
            (n, len, where, delta) -> {
              String key = pad(n, len);
              key = key + computeUnchecked(key);
              int at = where % key.length();
              char changed = (char) ('0' + (key.charAt(at) - '0' + delta) % 10);
              String corrupted = key.substring(0, at) + changed + key.substring(at + 1);
              assertThat(CheckDigit.isValid(corrupted)).as(corrupted).isFalse();
            });
  }

  private static String pad(String digits, int length) {
    String s = "0".repeat(Math.max(0, length - digits.length())) + digits;
    return s.substring(s.length() - length);
  }

  private static char computeUnchecked(String body) {
    try {
      return CheckDigit.compute(body);
    } catch (Gs1Exception e) {
      throw new AssertionError(e);
    }
  }
}
