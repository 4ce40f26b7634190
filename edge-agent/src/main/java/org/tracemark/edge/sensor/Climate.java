package org.tracemark.edge.sensor;

/**
 * The outdoor temperature a place has on average and how much it swings over a day.
 *
 * @param meanC daily mean, °C
 * @param diurnalRangeC difference between the afternoon high and the pre-dawn low, °C
 */
public record Climate(double meanC, double diurnalRangeC) {

  public Climate {
    if (!Double.isFinite(meanC) || meanC < -60 || meanC > 50) {
      throw new IllegalArgumentException("mean temperature must be within -60..50 °C: " + meanC);
    }
    if (!Double.isFinite(diurnalRangeC) || diurnalRangeC < 0 || diurnalRangeC > 30) {
      throw new IllegalArgumentException("diurnal range must be within 0..30 °C: " + diurnalRangeC);
    }
  }

  /**
   * A rough climate from latitude alone: about 28 °C within 12° of the equator, cooling 0.45 °C a
   * degree beyond (52° N gives 10 °C); a range of 8 °C over land and 1.5 °C over the sea. Used
   * wherever a scenario does not give a location's climate.
   */
  public static Climate forLatitude(double lat, boolean atSea) {
    double mean = 28 - 0.45 * Math.max(0, Math.abs(lat) - 12);
    return new Climate(mean, atSea ? 1.5 : 8);
  }
}
