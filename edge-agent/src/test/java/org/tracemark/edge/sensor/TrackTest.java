package org.tracemark.edge.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackTest {

  private static final Instant T0 = Instant.parse("2025-11-21T05:00:00Z");
  private static final GeoPoint FARM = new GeoPoint(-31.18, 118.095);
  private static final GeoPoint SILO = new GeoPoint(-31.479, 118.268);
  private static final GeoPoint SHED = new GeoPoint(-31.30, 117.95);

  @Test
  void movesAtTheGivenSpeedAndWaitsAtTheEnd() {
    Track track = Track.startingAt(FARM, T0).move(List.of(SILO), 70, Transport.TRUCK).build();
    double km = FARM.distanceKm(SILO);
    Instant arrival = T0.plusMillis(Math.round(km / 70 * 3_600_000));
    assertThat(track.end()).isEqualTo(arrival);
    Instant half = T0.plusMillis(Math.round(km / 70 * 1_800_000));
    assertThat(track.positionAt(half).distanceKm(FARM)).isCloseTo(km / 2, offset(0.01));
    assertThat(track.positionAt(arrival.plus(Duration.ofDays(3)))).isEqualTo(SILO);
    assertThat(track.positionAt(T0.minusSeconds(1))).isEqualTo(FARM);
    assertThat(track.transportAt(half)).contains(Transport.TRUCK);
    assertThat(track.transportAt(arrival)).isEmpty();
    assertThat(track.departuresAndArrivals()).containsExactly(T0, arrival);
  }

  @Test
  void aDetourLeavesTheRouteStopsAndComesBackLater() {
    TimeWindow detour = TimeWindow.of(T0.plus(Duration.ofMinutes(10)), Duration.ofHours(2));
    Track plain = Track.startingAt(FARM, T0).move(List.of(SILO), 70, Transport.TRUCK).build();
    Track track =
        Track.startingAt(FARM, T0)
            .move(List.of(SILO), 70, Transport.TRUCK, new Track.Detour(detour, SHED))
            .build();

    assertThat(track.end()).isEqualTo(plain.end().plus(detour.duration()));
    Instant middle = detour.start().plus(Duration.ofHours(1));
    assertThat(track.positionAt(middle)).isEqualTo(SHED);
    assertThat(track.transportAt(middle)).as("stopped at the shed").isEmpty();
    assertThat(track.distanceFromRouteKm(SHED)).isGreaterThan(10);
    assertThat(track.distanceFromRouteKm(track.positionAt(detour.end()))).isLessThan(0.01);
    assertThat(track.departuresAndArrivals()).hasSize(4);
  }

  @Test
  void aDetourThatCannotBeDrivenInItsTimeIsRefused() {
    TimeWindow tooShort = TimeWindow.of(T0.plus(Duration.ofMinutes(10)), Duration.ofMinutes(10));
    assertThatThrownBy(
            () ->
                Track.startingAt(FARM, T0)
                    .move(List.of(SILO), 70, Transport.TRUCK, new Track.Detour(tooShort, SHED)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not fit");
  }

  @Test
  void distancesMatchKnownValues() {
    GeoPoint perth = new GeoPoint(-31.9505, 115.8605);
    GeoPoint jakarta = new GeoPoint(-6.2088, 106.8456);
    assertThat(perth.distanceKm(jakarta)).isCloseTo(3009, offset(15.0));
    GeoPoint mid = perth.towards(jakarta, 0.5);
    assertThat(mid.distanceKm(perth)).isCloseTo(mid.distanceKm(jakarta), offset(0.001));
    assertThat(mid.distanceToArcKm(perth, jakarta)).isLessThan(0.001);
    assertThat(perth.distanceToArcKm(mid, jakarta)).isCloseTo(perth.distanceKm(mid), offset(0.001));
  }
}
