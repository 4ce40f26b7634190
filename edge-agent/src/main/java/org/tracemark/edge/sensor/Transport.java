package org.tracemark.edge.sensor;

import java.util.Locale;
import java.util.Optional;

/**
 * How goods move on a leg, with the speeds a plan may use for it and the vibration a shock sensor
 * feels while moving. The speed ranges are what the scenario loader accepts, so a typo such as 140
 * kn is caught before it becomes a track that looks like a GPS fault.
 */
public enum Transport {
  /** Road truck: 20–100 km/h. */
  TRUCK("truck", 20, 100, 0.08, false),
  /** Freight train: 20–120 km/h. */
  RAIL("rail", 20, 120, 0.06, false),
  /** Cargo ship (bulk carrier, container ship): 5–25 kn. */
  SHIP("ship", 5 * Transport.KNOT_KMH, 25 * Transport.KNOT_KMH, 0.02, true),
  /** Fishing vessel, steaming or working its gear: 1–15 kn. */
  FISHING_VESSEL("fishing-vessel", 1 * Transport.KNOT_KMH, 15 * Transport.KNOT_KMH, 0.05, true);

  /** One knot in km/h. */
  public static final double KNOT_KMH = 1.852;

  private final String label;
  private final double minKmh;
  private final double maxKmh;
  private final double vibrationG;
  private final boolean atSea;

  Transport(String label, double minKmh, double maxKmh, double vibrationG, boolean atSea) {
    this.label = label;
    this.minKmh = minKmh;
    this.maxKmh = maxKmh;
    this.vibrationG = vibrationG;
    this.atSea = atSea;
  }

  /** The name used in scenario files, e.g. {@code fishing-vessel}. */
  public String label() {
    return label;
  }

  public double minKmh() {
    return minKmh;
  }

  public double maxKmh() {
    return maxKmh;
  }

  /** Typical standard deviation of the vibration felt while moving, g. */
  public double vibrationG() {
    return vibrationG;
  }

  /** Whether it travels at sea (small diurnal temperature range). */
  public boolean atSea() {
    return atSea;
  }

  public boolean plausible(double kmh) {
    return kmh >= minKmh && kmh <= maxKmh;
  }

  /** The transport for a label, case-insensitive. */
  public static Optional<Transport> byLabel(String label) {
    for (Transport t : values()) {
      if (t.label.equals(label.toLowerCase(Locale.ROOT))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
