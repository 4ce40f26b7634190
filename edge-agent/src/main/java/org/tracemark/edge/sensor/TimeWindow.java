package org.tracemark.edge.sensor;

import java.time.Duration;
import java.time.Instant;

/**
 * A half-open interval of time {@code [start, end)}: when a fault is active, when a device is on.
 */
public record TimeWindow(Instant start, Instant end) {

  public TimeWindow {
    if (start == null || end == null) {
      throw new IllegalArgumentException("a time window needs a start and an end");
    }
    if (end.isBefore(start)) {
      throw new IllegalArgumentException(
          "window ends (" + end + ") before it starts (" + start + ")");
    }
  }

  /** The window starting at {@code start} and lasting {@code duration}. */
  public static TimeWindow of(Instant start, Duration duration) {
    return new TimeWindow(start, start.plus(duration));
  }

  public boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }

  public boolean overlaps(TimeWindow other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  public Duration duration() {
    return Duration.between(start, end);
  }
}
