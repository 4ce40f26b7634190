package org.tracemark.api.digitallink;

import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether a serialised item is genuine as far as the record shows (issue 8, anti-counterfeit). A
 * serial is suspect when it was never commissioned (no event commissions or produces it and the
 * registry holds no block with it), when it was decommissioned or destroyed, when it is recalled,
 * or when consumers scanned it in places and times that cannot both be true — faster than {@value
 * #MAX_KMH} km/h apart, with both scans more than {@value #MIN_KM} km apart (coarse positions): a
 * cloned code.
 */
@ApplicationScoped
public class Authenticity {

  /** Faster than an airliner: two scans this far apart in this little time are two codes. */
  static final double MAX_KMH = 900;

  /** Scans closer than this (two rounded cells) are never called impossible. */
  static final double MIN_KM = 50;

  /** Scans of one serial compared, newest first. */
  static final int MAX_SCANS = 200;

  private final DataSource dataSource;
  private final String schema;

  public Authenticity(
      DataSource dataSource, @ConfigProperty(name = "tracemark.db.schema") String schema) {
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /** A reason an item is suspect, with what shows it. */
  public record Flag(String reason, String detail) {}

  /** {@code genuine} or {@code suspect}, and why. */
  public record Verdict(String status, List<Flag> flags) {}

  /**
   * The verdict for a serialised item.
   *
   * @param identifier its canonical Digital Link ({@code …/01/{gtin}/21/{serial}})
   * @param recalled whether a recall covers it or anything it was made from
   */
  public Verdict of(String identifier, String gtin, String serial, boolean recalled)
      throws SQLException {
    List<Flag> flags = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      Optional<String> registered = registeredStatus(c, gtin, serial);
      boolean commissioned = commissionedByEvent(c, identifier) || registered.isPresent();
      if (!commissioned) {
        flags.add(
            new Flag(
                "never-commissioned",
                "No event commissions or produces this serial, and its producer registered no such"
                    + " serial."));
      }
      Optional<String> ended = ended(c, identifier);
      if (ended.isPresent()) {
        flags.add(new Flag("decommissioned", "An event records it as " + ended.get() + "."));
      } else if (registered.isPresent() && !registered.get().equals("commissioned")) {
        flags.add(
            new Flag("decommissioned", "Its producer registered it as " + registered.get() + "."));
      }
      if (recalled) {
        flags.add(new Flag("recalled", "It, or what it was made from, is recalled."));
      }
      impossibleTravel(c, identifier).ifPresent(flags::add);
    }
    return new Verdict(flags.isEmpty() ? "genuine" : "suspect", List.copyOf(flags));
  }

  private Optional<String> registeredStatus(Connection c, String gtin, String serial)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT status FROM "
                + schema
                + ".serial_block b WHERE b.gtin = ? AND (? = ANY (b.serials)"
                + " OR (b.first_serial IS NOT NULL AND length(?) = length(b.first_serial)"
                + " AND ? ~ '^[0-9]+$' AND ? BETWEEN b.first_serial AND b.last_serial)) LIMIT 1")) {
      s.setString(1, gtin);
      for (int i = 2; i <= 5; i++) {
        s.setString(i, serial);
      }
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** An ADD ObjectEvent (commissioning) or a transformation that output it. */
  private boolean commissionedByEvent(Connection c, String identifier) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT 1 FROM "
                + schema
                + ".epcis_event_epc x JOIN "
                + schema
                + ".epcis_event e ON e.seq = x.event_seq WHERE x.epc = ? AND ((x.role = 'epc'"
                + " AND e.action = 'ADD') OR x.role = 'output') LIMIT 1")) {
      s.setString(1, identifier);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The business step or disposition of an event that ended it, if any. */
  private Optional<String> ended(Connection c, String identifier) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT coalesce(e.biz_step, e.disposition) FROM "
                + schema
                + ".epcis_event_epc x JOIN "
                + schema
                + ".epcis_event e ON e.seq = x.event_seq WHERE x.epc = ? AND x.role = 'epc'"
                + " AND (e.biz_step IN ('decommissioning', 'destroying')"
                + " OR e.disposition IN ('destroyed', 'inactive', 'disposed')"
                + " OR (e.action = 'DELETE' AND e.event_type = 'ObjectEvent'))"
                + " ORDER BY e.event_time DESC LIMIT 1")) {
      s.setString(1, identifier);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(Optional.ofNullable(rs.getString(1)).orElse("deleted"))
            : Optional.empty();
      }
    }
  }

  /** Two consecutive scans too far apart for the time between them. */
  private Optional<Flag> impossibleTravel(Connection c, String identifier) throws SQLException {
    record Scan(Instant at, double lat, double lon) {}
    List<Scan> scans = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT scanned_at, latitude, longitude FROM "
                + schema
                + ".consumer_scan WHERE identifier = ? ORDER BY scanned_at DESC LIMIT ?")) {
      s.setString(1, identifier);
      s.setInt(2, MAX_SCANS);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          scans.add(new Scan(rs.getTimestamp(1).toInstant(), rs.getDouble(2), rs.getDouble(3)));
        }
      }
    }
    for (int i = 1; i < scans.size(); i++) {
      Scan later = scans.get(i - 1);
      Scan earlier = scans.get(i);
      double km = kilometres(earlier.lat(), earlier.lon(), later.lat(), later.lon());
      double hours = Math.max(Duration.between(earlier.at(), later.at()).toMillis(), 1) / 3.6e6;
      if (km > MIN_KM && km / hours > MAX_KMH) {
        return Optional.of(
            new Flag(
                "cloned-code",
                String.format(
                    "Scanned %.0f km apart within %.1f hours (%s and %s): one of these is a copy.",
                    km, hours, earlier.at(), later.at())));
      }
    }
    return Optional.empty();
  }

  /** Records a consumer scan, its position rounded to 0.1°. */
  void record(String identifier, Instant at, double latitude, double longitude)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + schema
                    + ".consumer_scan (identifier, scanned_at, latitude, longitude) VALUES (?, ?,"
                    + " ?, ?)")) {
      s.setString(1, identifier);
      s.setTimestamp(2, Timestamp.from(at));
      s.setBigDecimal(3, BigDecimal.valueOf(latitude).setScale(1, RoundingMode.HALF_UP));
      s.setBigDecimal(4, BigDecimal.valueOf(longitude).setScale(1, RoundingMode.HALF_UP));
      s.executeUpdate();
    }
  }

  /** Great-circle distance (haversine, mean Earth radius). */
  static double kilometres(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2))
                * Math.sin(dLon / 2)
                * Math.sin(dLon / 2);
    return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
  }
}
