package org.tracemark.edge.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpsReceiverTest {

  private static final Instant T0 = Instant.parse("2025-10-06T00:00:00Z");
  private static final GeoPoint FACTORY = new GeoPoint(11.535, 106.887);
  private static final GeoPoint PORT = new GeoPoint(10.76, 106.795);
  private static final GeoPoint SEA = new GeoPoint(5.0, 107.2);
  private static final GeoPoint BATAM = new GeoPoint(1.1, 104.0);
  private static final Duration EVERY = Duration.ofMinutes(5);

  /** Truck to the port at 60 km/h, a night in port, then a ship south at 14 kn. */
  private static final Track TRACK =
      Track.startingAt(FACTORY, T0)
          .stayUntil(T0.plus(Duration.ofHours(1)))
          .move(List.of(new GeoPoint(11.0, 106.7), PORT), 60, Transport.TRUCK)
          .stayUntil(T0.plus(Duration.ofHours(14)))
          .move(List.of(new GeoPoint(10.35, 107.05), SEA), 14 * Transport.KNOT_KMH, Transport.SHIP)
          .build();

  private static final TimeWindow JUMP =
      TimeWindow.of(T0.plus(Duration.ofHours(20)), Duration.ofHours(3));

  private final GpsReceiver gps =
      new GpsReceiver(
          TRACK::positionAt, 5, List.of(new GpsReceiver.Jump(JUMP, BATAM)), new Noise(7));

  @Test
  void fixesStayOnTheRouteExceptDuringTheJump() {
    for (Instant t = T0; t.isBefore(TRACK.end().plus(Duration.ofHours(2))); t = t.plus(EVERY)) {
      double off = TRACK.distanceFromRouteKm(gps.fix(t));
      if (JUMP.contains(t)) {
        assertThat(off).as("during the jump, at %s", t).isGreaterThan(300);
      } else {
        assertThat(off).as("off the route at %s", t).isLessThan(0.05);
      }
    }
  }

  @Test
  void consecutiveFixesImplyTheSpeedOfTheTransportAndTheJumpDoesNot() {
    GeoPoint previous = gps.fix(T0);
    double fastestTruck = 0;
    double fastestShip = 0;
    int teleports = 0;
    for (Instant t = T0.plus(EVERY); t.isBefore(TRACK.end()); t = t.plus(EVERY)) {
      GeoPoint now = gps.fix(t);
      double kmh = previous.distanceKm(now) / (EVERY.toSeconds() / 3600.0);
      boolean crossesJumpEdge = JUMP.contains(t) != JUMP.contains(t.minus(EVERY));
      if (crossesJumpEdge) {
        assertThat(kmh).as("teleport at %s", t).isGreaterThan(1000);
        teleports++;
      } else if (!JUMP.contains(t)) {
        Transport moving = TRACK.transportAt(t.minus(EVERY)).orElse(null);
        assertThat(kmh).as("implied speed at %s", t).isLessThan(61);
        if (moving == Transport.TRUCK && TRACK.transportAt(t).isPresent()) {
          fastestTruck = Math.max(fastestTruck, kmh);
        } else if (moving == Transport.SHIP && TRACK.transportAt(t).isPresent()) {
          fastestShip = Math.max(fastestShip, kmh);
        }
      }
      previous = now;
    }
    assertThat(teleports).isEqualTo(2);
    assertThat(fastestTruck).as("truck, km/h").isBetween(55.0, 61.0);
    assertThat(fastestShip / Transport.KNOT_KMH).as("ship, kn").isBetween(13.0, 14.5);
  }

  @Test
  void aFixedDeviceReportsItsPlaceWithinTheNoise() {
    GpsReceiver still = new GpsReceiver(t -> PORT, 5, List.of(), new Noise(1));
    for (int i = 0; i < 500; i++) {
      assertThat(still.fix(T0.plusSeconds(60L * i)).distanceKm(PORT)).isLessThan(0.05);
    }
  }
}
