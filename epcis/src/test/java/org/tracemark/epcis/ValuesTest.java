package org.tracemark.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {

  @ParameterizedTest
  @CsvSource({
    "2023-01-18T11:04:03.1415Z, 2023-01-18T11:04:03.142Z",
    "2023-01-18T11:04:03.1414999Z, 2023-01-18T11:04:03.141Z",
    "2023-01-18T11:04:03Z, 2023-01-18T11:04:03.000Z",
    "2023-01-18T12:04:03.5+01:00, 2023-01-18T11:04:03.500Z",
    "2023-01-18T05:04:03-0600, 2023-01-18T11:04:03.000Z",
    "2023-12-31T23:59:59.9995Z, 2024-01-01T00:00:00.000Z",
    "2023-01-18T11:04:03, 2023-01-18T11:04:03",
    "2023-02-30T11:04:03Z, 2023-02-30T11:04:03Z",
    "not a time, not a time"
  })
  void timestampsInUtcMilliseconds(String input, String expected) {
    assertThat(Values.timestamp(input)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "1.0, 1",
    "0.3434000, 0.3434",
    "+2, 2",
    "-0.0, 0",
    "1e3, 1000",
    "12.10E-1, 1.21",
    "600, 600",
    "1e999999, 1e999999",
    "1.2.3, 1.2.3",
    "0x10, 0x10",
    "NaN, NaN"
  })
  void numbersWithoutTrailingZeros(String input, String expected) {
    assertThat(Values.numeric(input)).isEqualTo(expected);
  }
}
