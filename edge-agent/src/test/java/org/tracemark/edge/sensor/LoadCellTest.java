package org.tracemark.edge.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadCellTest {

  private static final Instant T0 = Instant.parse("2025-11-21T00:00:00Z");

  @Test
  void followsFillAndDrainWithNoiseOfTheGivenSize() {
    LoadCell silo =
        new LoadCell(
            List.of(
                new LoadCell.Point(T0, 6_200_000),
                new LoadCell.Point(T0.plus(Duration.ofMinutes(10)), 6_200_000),
                new LoadCell.Point(T0.plus(Duration.ofMinutes(15)), 6_238_500), // a truck tips
                new LoadCell.Point(T0.plus(Duration.ofDays(2)), 2_000_000)), // a train loads
            400,
            new Noise(3));
    assertThat(silo.expectedKg(T0.minusSeconds(60))).isEqualTo(6_200_000);
    assertThat(silo.expectedKg(T0.plus(Duration.ofMinutes(15)))).isEqualTo(6_238_500);
    assertThat(silo.expectedKg(T0.plus(Duration.ofDays(9)))).isEqualTo(2_000_000);
    Instant tipped = T0.plus(Duration.ofMinutes(15));
    Instant loaded = T0.plus(Duration.ofDays(2));
    double halfway = silo.expectedKg(tipped.plus(Duration.between(tipped, loaded).dividedBy(2)));
    assertThat(halfway).isCloseTo((6_238_500 + 2_000_000) / 2.0, offset(1.0));

    double sum = 0;
    double squares = 0;
    int n = 2000;
    Instant t = T0.plus(Duration.ofDays(3));
    for (int i = 0; i < n; i++) {
      double error = silo.sample(t.plusSeconds(i)).get(SensorSource.MASS) - 2_000_000;
      sum += error;
      squares += error * error;
    }
    assertThat(sum / n).isCloseTo(0, offset(40.0));
    assertThat(Math.sqrt(squares / n)).isCloseTo(400, offset(40.0));
  }

  @Test
  void anEmptyCellNeverReadsNegative() {
    LoadCell empty = new LoadCell(List.of(new LoadCell.Point(T0, 0)), 50, new Noise(1));
    for (int i = 0; i < 1000; i++) {
      assertThat(empty.sample(T0.plusSeconds(i)).get(SensorSource.MASS)).isGreaterThanOrEqualTo(0);
    }
  }
}
