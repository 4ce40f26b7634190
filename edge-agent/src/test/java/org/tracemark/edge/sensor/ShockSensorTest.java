package org.tracemark.edge.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShockSensorTest {

  private static final Instant T0 = Instant.parse("2025-11-21T00:00:00Z");
  private static final Duration EVERY = Duration.ofMinutes(5);

  @Test
  void spikesOnlyInTheSampleThatCoversAHandlingEvent() {
    Track track =
        Track.startingAt(new GeoPoint(-31.18, 118.095), T0)
            .stayUntil(T0.plus(Duration.ofHours(2)))
            .move(List.of(new GeoPoint(-31.479, 118.268)), 70, Transport.TRUCK)
            .stayUntil(T0.plus(Duration.ofHours(8)))
            .build();
    List<Instant> handling =
        List.of(
            T0.plus(Duration.ofMinutes(95)), // loaded onto the truck
            track.departuresAndArrivals().get(0),
            track.departuresAndArrivals().get(1),
            T0.plus(Duration.ofMinutes(302))); // tipped into the silo
    ShockSensor shock = new ShockSensor(track::transportAt, handling, EVERY, new Noise(11));

    int spikes = 0;
    for (int i = 0; i < 8 * 12; i++) {
      Instant t = T0.plus(EVERY.multipliedBy(i));
      double g = shock.sample(t).get(SensorSource.SHOCK);
      Instant from = t.minus(EVERY);
      boolean handled = handling.stream().anyMatch(h -> h.isAfter(from) && !h.isAfter(t));
      if (handled) {
        assertThat(g).as("handling sample at %s", t).isBetween(1.5, 6.0);
        spikes++;
      } else {
        assertThat(g).as("quiet sample at %s", t).isBetween(0.0, 0.5);
      }
    }
    assertThat(spikes).isEqualTo(4);
  }

  @Test
  void aMovingTruckShakesMoreThanAParkedOne() {
    Track track =
        Track.startingAt(new GeoPoint(0, 0), T0)
            .move(List.of(new GeoPoint(0, 5)), 80, Transport.TRUCK)
            .stayUntil(T0.plus(Duration.ofDays(2)))
            .build();
    ShockSensor shock = new ShockSensor(track::transportAt, List.of(), EVERY, new Noise(5));
    double moving = 0;
    double parked = 0;
    for (int i = 1; i <= 100; i++) {
      moving += shock.sample(T0.plus(EVERY.multipliedBy(i))).get(SensorSource.SHOCK);
      parked += shock.sample(track.end().plus(EVERY.multipliedBy(i))).get(SensorSource.SHOCK);
    }
    assertThat(moving).isGreaterThan(5 * parked);
  }
}
