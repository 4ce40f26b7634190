package org.tracemark.edge.sensor.scenario;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.tracemark.edge.sensor.GeoPoint;
import org.tracemark.edge.sensor.Transport;

/**
 * One part of the goods' journey: a move from one place to another or a stay at one. A leg lasts
 * from its start to the next leg's start (the last one to the end of the scenario); a move that
 * arrives early waits at its destination for the rest of the leg.
 */
public sealed interface Leg permits Leg.Move, Leg.Stay {

  Instant start();

  /** What the goods may be exposed to during this leg. */
  Limits limits();

  /** Where the goods are once the leg is done. */
  Location destination();

  /**
   * Travel along {@code from}, {@code via}…, {@code to} at a constant speed.
   *
   * @param via intermediate waypoints (sea lanes, roads)
   * @param speedKmh speed over ground, km/h
   */
  record Move(
      Instant start,
      Location from,
      Location to,
      List<GeoPoint> via,
      Transport transport,
      double speedKmh,
      Limits limits)
      implements Leg {

    @Override
    public Location destination() {
      return to;
    }

    /** The path after {@code from}: the waypoints, then {@code to}. */
    public List<GeoPoint> path() {
      List<GeoPoint> out = new ArrayList<>(via);
      out.add(to.point());
      return out;
    }
  }

  /** Staying at {@code at}: storage, processing, a port. */
  record Stay(Instant start, Location at, Limits limits) implements Leg {

    @Override
    public Location destination() {
      return at;
    }
  }
}
