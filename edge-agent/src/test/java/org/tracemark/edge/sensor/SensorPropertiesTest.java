package org.tracemark.edge.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties every simulated device must have, whatever its seed and whenever it is sampled. */
class SensorPropertiesTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final long SIXTY_DAYS_MS = Duration.ofDays(60).toMillis();

  /**
   * Every kind of source at once, on a route that crosses the antimeridian (Fiji to Samoa) and ends
   * a few kilometres from the North Pole, with every fault.
   */
  private static SensorSet device(long seed) {
    Noise noise = new Noise(seed);
    Track track =
        Track.startingAt(new GeoPoint(-18.14, 178.44), T0)
            .move(List.of(new GeoPoint(-13.83, -171.76)), 26, Transport.SHIP)
            .stayUntil(T0.plus(Duration.ofDays(5)))
            .move(List.of(new GeoPoint(89.99, 10)), 40, Transport.SHIP)
            .build();
    Weather weather =
        new Weather(
            track::positionAt, t -> Climate.forLatitude(track.positionAt(t).lat(), true), noise);
    TimeWindow fault = TimeWindow.of(T0.plus(Duration.ofDays(3)), Duration.ofDays(2));
    return SensorSet.of(
        new ReeferTemperature(
            -20, weather, List.of(fault), Duration.ofHours(30), Duration.ofHours(3), 0.2, noise),
        new RelativeHumidity(
            90, 1, weather, List.of(new RelativeHumidity.Excursion(fault, 100)), 5, noise),
        new GpsReceiver(
            track::positionAt,
            50,
            List.of(new GpsReceiver.Jump(fault, new GeoPoint(-89.999, -179.999))),
            noise),
        new LoadCell(
            List.of(
                new LoadCell.Point(T0, 0), new LoadCell.Point(T0.plus(Duration.ofDays(9)), 20_000)),
            30,
            noise),
        new ShockSensor(
            track::transportAt, track.departuresAndArrivals(), Duration.ofMinutes(5), noise));
  }

  @Test
  void valuesAreAlwaysFiniteAndInRange() {
    qt().withExamples(400)
        .forAll(longs().all(), longs().between(-SIXTY_DAYS_MS, SIXTY_DAYS_MS))
        .checkAssert(
            (seed, offset) -> {
              Map<String, Double> m = device(seed).sample(T0.plusMillis(offset));
              assertThat(m)
                  .containsOnlyKeys("temperature", "humidity", "lat", "lon", "mass", "shock");
              assertThat(m.values()).allMatch(Double::isFinite);
              assertThat(m.get("lat")).isBetween(-90.0, 90.0);
              assertThat(m.get("lon")).isBetween(-180.0, 180.0);
              assertThat(m.get("humidity")).isBetween(0.0, 100.0);
              assertThat(m.get("mass")).isGreaterThanOrEqualTo(0);
              assertThat(m.get("shock")).isGreaterThanOrEqualTo(0);
              assertThat(m.get("temperature")).isBetween(-60.0, 60.0);
            });
  }

  @Test
  void theSameSeedGivesTheSameReadingsInAnyOrder() {
    qt().withExamples(50)
        .forAll(longs().all(), integers().between(2, 40))
        .checkAssert(
            (seed, n) -> {
              List<Instant> times = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                times.add(T0.plus(Duration.ofMinutes(97L * i)));
              }
              SensorSet a = device(seed);
              List<Map<String, Double>> forward = times.stream().map(a::sample).toList();
              List<Instant> shuffled = new ArrayList<>(times);
              Collections.shuffle(shuffled, new Random(seed));
              SensorSet b = device(seed);
              for (Instant t : shuffled) {
                assertThat(b.sample(t)).isEqualTo(forward.get(times.indexOf(t)));
              }
            });
  }

  @Test
  void anotherSeedGivesOtherNoise() {
    Instant t = T0.plus(Duration.ofHours(7));
    Map<String, Double> a = device(1).sample(t);
    Map<String, Double> b = device(2).sample(t);
    assertThat(a.get("temperature")).isNotEqualTo(b.get("temperature"));
    assertThat(a.get("lat")).isNotEqualTo(b.get("lat"));
    assertThat(a.get("mass")).isNotEqualTo(b.get("mass"));
  }
}
