package org.tracemark.gs1.element;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.Year;
import org.junit.jupiter.api.Test;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Vectors;

class Gs1DateTest {

  @Test
  void vectors() throws Gs1Exception {
    for (String[] row : Vectors.rows("gs1-dates.txt")) {
      Year reference = Year.of(Integer.parseInt(row[1]));
      boolean dayZero = Boolean.parseBoolean(row[2]);
      if (row[3].startsWith("!")) {
        assertThatThrownBy(() -> Gs1Date.parse(row[0], reference, dayZero))
            .as(row[0])
            .isInstanceOfSatisfying(
                Gs1Exception.class, e -> assertThat(e.code().id()).isEqualTo(row[3].substring(1)));
      } else {
        assertThat(Gs1Date.parse(row[0], reference, dayZero))
            .as(String.join(" ", row))
            .isEqualTo(LocalDate.parse(row[3]));
      }
    }
  }

  @Test
  void formatWritesTheRealDay() {
    assertThat(Gs1Date.format(LocalDate.of(2020, 12, 25))).isEqualTo("201225");
    assertThat(Gs1Date.format(LocalDate.of(2013, 2, 28))).isEqualTo("130228");
  }

  @Test
  void windowIsFortyNineYearsBackFiftyAhead() {
    for (int yy = 0; yy < 100; yy++) {
      int year = Gs1Date.year(yy, 2025);
      assertThat(year - 2025).as("YY %02d", yy).isBetween(-49, 50);
      assertThat(year % 100).isEqualTo(yy);
    }
  }
}
