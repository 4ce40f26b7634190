package org.tracemark.edge.sensor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the goods truly are at every instant: a sequence of timed great-circle segments, each
 * either a stop (start and end point equal) or a move at constant speed. Built leg by leg with
 * {@link Builder}; a GPS receiver adds noise and faults on top of it.
 *
 * <p>Segments of the plan are marked {@link Segment#planned() planned}; a detour's are not, so
 * {@link #distanceFromRouteKm(GeoPoint)} measures how far a position is from the route that was
 * planned, which is what a detour or a GPS jump makes large.
 */
public final class Track {

  /**
   * One piece of the track.
   *
   * @param transport empty while stopped
   * @param planned false for the segments of a detour
   */
  public record Segment(
      Instant start,
      Instant end,
      GeoPoint from,
      GeoPoint to,
      Optional<Transport> transport,
      boolean planned) {

    public Segment {
      if (end.isBefore(start)) {
        throw new IllegalArgumentException("segment ends before it starts");
      }
    }

    public boolean moving() {
      return transport.isPresent();
    }

    GeoPoint at(Instant t) {
      if (!t.isBefore(end)) {
        return to;
      }
      if (!t.isAfter(start) || !moving()) {
        return from;
      }
      double f =
          (double) Duration.between(start, t).toMillis() / Duration.between(start, end).toMillis();
      return from.towards(to, f);
    }
  }

  private final List<Segment> segments;
  private final long[] starts;

  private Track(List<Segment> segments) {
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a track has at least one segment");
    }
    this.segments = List.copyOf(segments);
    this.starts = segments.stream().mapToLong(s -> s.start().toEpochMilli()).toArray();
  }

  /** A track that never moves. */
  public static Track fixed(GeoPoint at, Instant from) {
    return new Track(List.of(new Segment(from, from, at, at, Optional.empty(), true)));
  }

  /** Starts a track at {@code origin} at time {@code t}. */
  public static Builder startingAt(GeoPoint origin, Instant t) {
    return new Builder(origin, t);
  }

  public List<Segment> segments() {
    return segments;
  }

  /** The true position at {@code t}; before the start the origin, after the end the last point. */
  public GeoPoint positionAt(Instant t) {
    return segmentAt(t).at(t);
  }

  /** How the goods are moving at {@code t}, empty when they stand still. */
  public Optional<Transport> transportAt(Instant t) {
    Segment s = segmentAt(t);
    return t.isBefore(s.start()) || !t.isBefore(s.end()) ? Optional.empty() : s.transport();
  }

  /** When the track starts. */
  public Instant start() {
    return segments.get(0).start();
  }

  /** When the last movement ends. */
  public Instant end() {
    return segments.get(segments.size() - 1).end();
  }

  /**
   * The times the goods start or stop moving: departures and arrivals, where they are lifted,
   * loaded and unloaded.
   */
  public List<Instant> departuresAndArrivals() {
    List<Instant> out = new ArrayList<>();
    boolean wasMoving = false;
    for (Segment s : segments) {
      if (s.moving() != wasMoving) {
        out.add(s.start());
      }
      wasMoving = s.moving();
    }
    if (wasMoving) {
      out.add(end());
    }
    return out;
  }

  /** Distance from {@code p} to the nearest point of the planned route (stops included), km. */
  public double distanceFromRouteKm(GeoPoint p) {
    double best = Double.POSITIVE_INFINITY;
    for (Segment s : segments) {
      if (s.planned()) {
        best = Math.min(best, p.distanceToArcKm(s.from(), s.to()));
      }
    }
    return best;
  }

  private Segment segmentAt(Instant t) {
    long ms = t.toEpochMilli();
    int lo = 0;
    int hi = starts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= ms) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    // Several segments may start at the same instant (zero-length ones); take the last of them.
    return segments.get(lo);
  }

  /** Builds a track in time order. */
  public static final class Builder {

    private final List<Segment> segments = new ArrayList<>();
    private GeoPoint here;
    private Instant now;

    private Builder(GeoPoint origin, Instant t) {
      this.here = origin;
      this.now = t;
    }

    /** Where the goods are at the end of what was built so far. */
    public GeoPoint here() {
      return here;
    }

    /** When what was built so far ends. */
    public Instant now() {
      return now;
    }

    /** Stays put until {@code until} (no-op if that is not later than now). */
    public Builder stayUntil(Instant until) {
      if (until.isAfter(now)) {
        segments.add(new Segment(now, until, here, here, Optional.empty(), true));
        now = until;
      }
      return this;
    }

    /**
     * Moves from here along {@code path} (the points after here, the destination last) at a
     * constant speed.
     */
    public Builder move(List<GeoPoint> path, double kmh, Transport transport) {
      return move(path, kmh, transport, null);
    }

    /**
     * Moves along {@code path} and, once, leaves it: at {@code detour.start()} the vehicle turns
     * off to {@code detourTo} at the same speed, waits there, and is back where it left the route
     * at {@code detour.end()}, then carries on. Everything after is later by the detour's duration.
     *
     * @throws IllegalArgumentException if the detour does not start while moving along the path, or
     *     there and back does not fit in its duration
     */
    public Builder move(List<GeoPoint> path, double kmh, Transport transport, Detour detour) {
      if (!(kmh > 0) || !Double.isFinite(kmh)) {
        throw new IllegalArgumentException("speed must be positive, got " + kmh);
      }
      boolean detourPending = detour != null;
      for (GeoPoint next : path) {
        double km = here.distanceKm(next);
        Instant arrive = now.plusMillis(Math.round(km / kmh * 3_600_000));
        if (detourPending && detour.window().start().isBefore(arrive)) {
          if (detour.window().start().isBefore(now)) {
            throw new IllegalArgumentException("the detour starts before the move does");
          }
          long done = Duration.between(now, detour.window().start()).toMillis();
          long total = Duration.between(now, arrive).toMillis();
          GeoPoint leave = here.towards(next, total == 0 ? 1 : (double) done / total);
          add(detour.window().start(), leave, transport, true);
          double out = leave.distanceKm(detour.to());
          Duration leg = Duration.ofMillis(Math.round(out / kmh * 3_600_000));
          Instant back = detour.window().end();
          Instant reach = now.plus(leg);
          Instant turn = back.minus(leg);
          if (turn.isBefore(reach)) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "a detour of %.1f km each way at %.0f km/h does not fit in %s",
                    out,
                    kmh,
                    detour.window().duration()));
          }
          add(reach, detour.to(), transport, false);
          stop(turn, false);
          add(back, leave, transport, false);
          arrive = now.plusMillis(Math.round(leave.distanceKm(next) / kmh * 3_600_000));
          detourPending = false;
        }
        add(arrive, next, transport, true);
      }
      if (detourPending) {
        throw new IllegalArgumentException(
            "the detour starts at " + detour.window().start() + ", after the move ends at " + now);
      }
      return this;
    }

    public Track build() {
      return segments.isEmpty() ? fixed(here, now) : new Track(segments);
    }

    private void add(Instant until, GeoPoint to, Transport transport, boolean planned) {
      segments.add(new Segment(now, until, here, to, Optional.of(transport), planned));
      here = to;
      now = until;
    }

    private void stop(Instant until, boolean planned) {
      segments.add(new Segment(now, until, here, here, Optional.empty(), planned));
      now = until;
    }
  }

  /**
   * Leaving the route during {@code window} for a stop at {@code to}.
   *
   * @param window from leaving the route to being back on it
   */
  public record Detour(TimeWindow window, GeoPoint to) {}
}
