package org.tracemark.edge.sensor;

import java.time.Instant;
import java.util.function.Function;

/**
 * The outdoor air temperature around a device, without sensor noise: the climate's mean, a daily
 * cycle peaking at 15:00 local solar time (from the longitude, so a ship crossing time zones keeps
 * a sensible day), and slow weather-system swings of about ±1.5 °C over a few days.
 */
public final class Weather {

  private static final long SYNOPTIC_PERIOD_MS = 36 * 3_600_000L;
  private static final double SYNOPTIC_C = 1.5;

  private final Function<Instant, GeoPoint> position;
  private final Function<Instant, Climate> climate;
  private final Noise noise;

  /**
   * @param position where the device is at each instant
   * @param climate the climate there and then
   */
  public Weather(
      Function<Instant, GeoPoint> position, Function<Instant, Climate> climate, Noise noise) {
    this.position = position;
    this.climate = climate;
    this.noise = noise.derive("weather");
  }

  /** Weather at one fixed place with one climate. */
  public static Weather at(GeoPoint place, Climate climate, Noise noise) {
    return new Weather(t -> place, t -> climate, noise);
  }

  /** Outdoor air temperature, °C. */
  public double celsius(Instant t) {
    return climate.apply(t).meanC() + deviation(t);
  }

  /** How far the air is above (or below) the climate's mean right now, °C. */
  public double deviation(Instant t) {
    GeoPoint p = position.apply(t);
    double utcHours = Math.floorMod(t.toEpochMilli(), 86_400_000L) / 3_600_000.0;
    double solarHour = utcHours + p.lon() / 15;
    double diurnal =
        climate.apply(t).diurnalRangeC() / 2 * Math.cos(2 * Math.PI * (solarHour - 15) / 24);
    return diurnal + SYNOPTIC_C * noise.smooth(t.toEpochMilli(), SYNOPTIC_PERIOD_MS);
  }
}
