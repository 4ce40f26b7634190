package org.tracemark.edge.sensor;

import java.util.Locale;

/**
 * A position on the WGS84 ellipsoid, treated as a sphere of mean radius for distances: good to
 * about 0.5 %, plenty for telling a ship at sea from a ship in port or a plausible speed from a
 * teleport.
 *
 * @param lat degrees, -90 to 90
 * @param lon degrees, -180 to 180
 */
public record GeoPoint(double lat, double lon) {

  /** Mean Earth radius (IUGG), km. */
  public static final double EARTH_RADIUS_KM = 6371.0088;

  public GeoPoint {
    if (!Double.isFinite(lat) || Math.abs(lat) > 90) {
      throw new IllegalArgumentException("lat must be within -90..90, got " + lat);
    }
    if (!Double.isFinite(lon) || Math.abs(lon) > 180) {
      throw new IllegalArgumentException("lon must be within -180..180, got " + lon);
    }
  }

  /** Great-circle distance, km. */
  public double distanceKm(GeoPoint other) {
    return angle(vector(), other.vector()) * EARTH_RADIUS_KM;
  }

  /**
   * The point a fraction {@code f} (0 to 1) of the way along the great circle to {@code to}: what a
   * ship or truck holding its course covers in that fraction of the time.
   */
  public GeoPoint towards(GeoPoint to, double f) {
    double[] a = vector();
    double[] b = to.vector();
    double omega = angle(a, b);
    if (omega < 1e-12) {
      return this;
    }
    double s = Math.sin(omega);
    double wa = Math.sin((1 - f) * omega) / s;
    double wb = Math.sin(f * omega) / s;
    return fromVector(
        new double[] {wa * a[0] + wb * b[0], wa * a[1] + wb * b[1], wa * a[2] + wb * b[2]});
  }

  /** This point moved {@code northMeters} north and {@code eastMeters} east (small offsets). */
  public GeoPoint offsetMeters(double northMeters, double eastMeters) {
    double metersPerDegree = Math.toRadians(EARTH_RADIUS_KM * 1000);
    double newLat = lat + northMeters / metersPerDegree;
    double cos = Math.max(Math.cos(Math.toRadians(lat)), 1e-6);
    double newLon = lon + eastMeters / (metersPerDegree * cos);
    if (newLat > 90) {
      newLat = 180 - newLat;
      newLon += 180;
    } else if (newLat < -90) {
      newLat = -180 - newLat;
      newLon += 180;
    }
    return new GeoPoint(newLat, normalizeLon(newLon));
  }

  /**
   * Distance to the great-circle arc from {@code a} to {@code b}, km: to the nearest point of the
   * arc, which is an end point when the foot of the perpendicular falls outside it.
   */
  public double distanceToArcKm(GeoPoint a, GeoPoint b) {
    double[] va = a.vector();
    double[] vb = b.vector();
    double[] p = vector();
    double[] n = cross(va, vb);
    double norm = Math.sqrt(dot(n, n));
    double ends = Math.min(distanceKm(a), distanceKm(b));
    if (norm < 1e-12) {
      return ends;
    }
    n = new double[] {n[0] / norm, n[1] / norm, n[2] / norm};
    double off = dot(p, n);
    double[] foot = {p[0] - off * n[0], p[1] - off * n[1], p[2] - off * n[2]};
    double footNorm = Math.sqrt(dot(foot, foot));
    if (footNorm < 1e-12) {
      return ends;
    }
    foot = new double[] {foot[0] / footNorm, foot[1] / footNorm, foot[2] / footNorm};
    boolean between = angle(va, foot) + angle(foot, vb) <= angle(va, vb) + 1e-9;
    return between ? Math.abs(Math.asin(Math.max(-1, Math.min(1, off)))) * EARTH_RADIUS_KM : ends;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "(%.5f, %.5f)", lat, lon);
  }

  static double normalizeLon(double lon) {
    double l = ((lon + 180) % 360 + 360) % 360 - 180;
    return l == -180 && lon > 0 ? 180 : l;
  }

  private double[] vector() {
    double phi = Math.toRadians(lat);
    double lambda = Math.toRadians(lon);
    return new double[] {
      Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)
    };
  }

  private static GeoPoint fromVector(double[] v) {
    double norm = Math.sqrt(dot(v, v));
    double z = Math.max(-1, Math.min(1, v[2] / norm));
    double lat = Math.toDegrees(Math.asin(z));
    double lon = Math.toDegrees(Math.atan2(v[1], v[0]));
    return new GeoPoint(lat, normalizeLon(lon));
  }

  private static double angle(double[] a, double[] b) {
    double[] c = cross(a, b);
    return Math.atan2(Math.sqrt(dot(c, c)), dot(a, b));
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {
      a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
    };
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
