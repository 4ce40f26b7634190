package org.tracemark.edge.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReeferTemperatureTest {

  private static final Instant T0 = Instant.parse("2025-09-17T00:00:00Z");
  private static final GeoPoint SINGAPORE = new GeoPoint(1.27, 103.765);
  private static final TimeWindow UNPLUGGED =
      TimeWindow.of(T0.plus(Duration.ofHours(48)), hours(10));

  /** A frozen-fish box at -20 °C in a Singapore yard, unplugged for 10 hours on day 3. */
  private static ReeferTemperature reefer(long seed, List<TimeWindow> failures) {
    Noise noise = new Noise(seed);
    return new ReeferTemperature(
        -20,
        Weather.at(SINGAPORE, new Climate(28, 6), noise),
        failures,
        hours(30),
        hours(3),
        0.15,
        noise);
  }

  @Test
  void holdsItsSetpointBandWhileRunning() {
    ReeferTemperature box = reefer(1, List.of(UNPLUGGED));
    for (Instant t = T0; t.isBefore(UNPLUGGED.start()); t = t.plus(Duration.ofMinutes(15))) {
      assertThat(temperature(box, t)).as("at %s", t).isBetween(-21.5, -18.5);
    }
  }

  @Test
  void warmsAboveTheBandDuringTheFailureAndRecoversAfterIt() {
    ReeferTemperature box = reefer(2, List.of(UNPLUGGED));
    List<Instant> above = new ArrayList<>();
    for (Instant t = T0;
        t.isBefore(T0.plus(Duration.ofDays(6)));
        t = t.plus(Duration.ofMinutes(15))) {
      if (temperature(box, t) > -18) {
        above.add(t);
      }
    }
    assertThat(above).isNotEmpty();
    assertThat(above.get(0))
        .as("first sample above -18 °C")
        .isBetween(UNPLUGGED.start(), UNPLUGGED.end());
    assertThat(above.get(0)).isBefore(UNPLUGGED.start().plus(hours(3)));
    assertThat(above.size() / 4.0).as("hours above -18 °C").isGreaterThanOrEqualTo(8);
    assertThat(above.get(above.size() - 1))
        .as("last sample above -18 °C: the unit has pulled back down")
        .isBefore(UNPLUGGED.end().plus(hours(12)));
  }

  @Test
  void warmsTowardTheOutdoorAirAndNeverPastIt() {
    TimeWindow longOutage = TimeWindow.of(T0, Duration.ofDays(20));
    Noise noise = new Noise(3);
    Weather outside = Weather.at(SINGAPORE, new Climate(28, 6), noise);
    ReeferTemperature box =
        new ReeferTemperature(-20, outside, List.of(longOutage), hours(30), hours(3), 0, noise);
    double previous = box.expectedCelsius(T0);
    for (int h = 1; h <= 10; h++) {
      double now = box.expectedCelsius(T0.plus(hours(h)));
      assertThat(now).as("hour %d", h).isGreaterThan(previous);
      previous = now;
    }
    Instant late = T0.plus(Duration.ofDays(15));
    assertThat(box.expectedCelsius(late)).isCloseTo(outside.celsius(late), offset(2.0));
  }

  @Test
  void withoutFailuresItNeverLeavesTheBand() {
    ReeferTemperature box = reefer(4, List.of());
    for (Instant t = T0;
        t.isBefore(T0.plus(Duration.ofDays(10)));
        t = t.plus(Duration.ofMinutes(10))) {
      assertThat(temperature(box, t)).isBetween(-21.5, -18.5);
    }
  }

  private static double temperature(SensorSource s, Instant t) {
    Map<String, Double> m = s.sample(t);
    return m.get(SensorSource.TEMPERATURE);
  }

  private static Duration hours(long h) {
    return Duration.ofHours(h);
  }
}
