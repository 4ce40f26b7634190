package org.tracemark.edge.sensor.scenario;

import java.util.Optional;
import org.tracemark.edge.sensor.GeoPoint;
import org.tracemark.edge.sensor.TimeWindow;

/** Something going wrong in a scenario, during {@link #window()}. */
public sealed interface Fault
    permits Fault.ReeferFailure, Fault.HumidityExcursion, Fault.GpsJump, Fault.Detour {

  /** The name used in scenario files, e.g. {@code reefer-failure}. */
  String kind();

  TimeWindow window();

  /** Why, in words: what a person reading the scenario should picture. */
  String why();

  /** What the readings are claimed to show. */
  Optional<Expectation> expect();

  /** The one device the fault happens to, or empty when every traveller sees it (a detour). */
  default String device() {
    return "";
  }

  /** A reefer stops cooling (unplugged, broken): the air warms toward the outdoor air. */
  record ReeferFailure(String device, TimeWindow window, String why, Optional<Expectation> expect)
      implements Fault {
    @Override
    public String kind() {
      return "reefer-failure";
    }
  }

  /** Moisture gets in: humidity rises toward {@code peakPct}. */
  record HumidityExcursion(
      String device, TimeWindow window, double peakPct, String why, Optional<Expectation> expect)
      implements Fault {
    @Override
    public String kind() {
      return "humidity-excursion";
    }
  }

  /** A device's GPS reports positions around {@code to}, far from where it is. */
  record GpsJump(
      String device, TimeWindow window, GeoPoint to, String why, Optional<Expectation> expect)
      implements Fault {
    @Override
    public String kind() {
      return "gps-jump";
    }
  }

  /** The goods leave the route for a stop at {@code to} and come back: every traveller sees it. */
  record Detour(TimeWindow window, GeoPoint to, String why, Optional<Expectation> expect)
      implements Fault {
    @Override
    public String kind() {
      return "detour";
    }
  }
}
