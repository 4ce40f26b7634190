package org.tracemark.edge.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelativeHumidityTest {

  private static final Instant T0 = Instant.parse("2025-11-21T00:00:00Z");
  private static final GeoPoint MERREDIN = new GeoPoint(-31.479, 118.268);

  @Test
  void aLeakDrivesHumidityUpWhileItLastsAndItDriesOutAfter() {
    Noise noise = new Noise(9);
    TimeWindow leak = TimeWindow.of(T0.plus(Duration.ofDays(2)), Duration.ofDays(2));
    RelativeHumidity silo =
        new RelativeHumidity(
            58,
            0.5,
            Weather.at(MERREDIN, new Climate(23, 15), noise),
            List.of(new RelativeHumidity.Excursion(leak, 88)),
            0.8,
            noise);
    for (Instant t = T0;
        t.isBefore(T0.plus(Duration.ofDays(8)));
        t = t.plus(Duration.ofMinutes(30))) {
      double rh = silo.sample(t).get(SensorSource.HUMIDITY);
      if (t.isBefore(leak.start()) || !t.isBefore(leak.end().plus(Duration.ofDays(2)))) {
        assertThat(rh).as("dry at %s", t).isLessThan(70);
      } else if (!t.isBefore(leak.start().plus(Duration.ofHours(12))) && t.isBefore(leak.end())) {
        assertThat(rh).as("wet at %s", t).isGreaterThan(80);
      }
    }
  }

  @Test
  void outdoorHumidityFallsAsTheAfternoonWarms() {
    Noise noise = new Noise(1);
    Weather weather = Weather.at(new GeoPoint(10.76, 106.795), new Climate(28, 8), noise);
    RelativeHumidity air = new RelativeHumidity(70, 2.5, weather, List.of(), 0, noise);
    // 08:00 UTC is 15:00 local solar time at 106.8° E; 22:00 UTC is 05:00.
    Instant afternoon = Instant.parse("2025-10-06T08:00:00Z");
    Instant night = Instant.parse("2025-10-06T22:00:00Z");
    assertThat(weather.celsius(afternoon)).isGreaterThan(weather.celsius(night) + 4);
    assertThat(air.expectedPct(afternoon)).isLessThan(air.expectedPct(night) - 10);
  }
}
