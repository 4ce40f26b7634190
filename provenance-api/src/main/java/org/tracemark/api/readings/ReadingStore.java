package org.tracemark.api.readings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracemark.api.epcis.SimpleEventQuery;

/**
 * The {@code reading} table and the projector's watermark, in plain JDBC: writes in the projector's
 * transaction ({@link #lockWatermark}, {@link #insert}, {@link #advance}), reads for the device
 * timeline and for EPCIS queries.
 */
@ApplicationScoped
public class ReadingStore {

  /** The six measurements of the signed-reading contract that have their own column. */
  static final List<String> MEASUREMENT_COLUMNS =
      List.of("temperature", "humidity", "mass", "lat", "lon", "shock");

  private static final Set<String> COLUMN_SET = Set.copyOf(MEASUREMENT_COLUMNS);

  private static final String COLUMNS =
      "ledger_index, pos, device_id, boot, seq, device_ts, received_at, kind, temperature,"
          + " humidity, mass, lat, lon, shock, extra_measurements, epc, biz_step, location, obj";

  private static final TypeReference<Map<String, Double>> EXTRA = new TypeReference<>() {};

  private final DataSource dataSource;
  private final String schema;
  private final ObjectMapper json;

  public ReadingStore(
      DataSource dataSource,
      @ConfigProperty(name = "tracemark.db.schema") String schema,
      ObjectMapper json) {
    this.dataSource = dataSource;
    this.schema = schema;
    this.json = json;
  }

  Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /** The next ledger index to project, as last committed. */
  public long watermark() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT watermark FROM " + schema + ".projector_state")) {
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Locks the projector's state row for the rest of {@code c}'s transaction and returns the
   * watermark: a second projector (another instance of the application) waits here, then sees the
   * watermark this one commits.
   */
  long lockWatermark(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT watermark FROM " + schema + ".projector_state FOR UPDATE")) {
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Moves the watermark to {@code next} in {@code c}'s transaction. */
  void advance(Connection c, long next) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE " + schema + ".projector_state SET watermark = ?, updated_at = now()")) {
      s.setLong(1, next);
      s.executeUpdate();
    }
  }

  /**
   * Inserts rows in {@code c}'s transaction; rows already there (same key) are left as they are.
   */
  void insert(Connection c, List<ReadingRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + schema
                + ".reading ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)"
                + " ON CONFLICT (ledger_index, pos) DO NOTHING")) {
      int pending = 0;
      for (ReadingRow row : rows) {
        int i = 1;
        s.setLong(i++, row.ledgerIndex());
        s.setInt(i++, row.pos());
        s.setString(i++, row.device());
        s.setLong(i++, row.boot());
        s.setLong(i++, row.seq());
        s.setTimestamp(i++, Timestamp.from(row.deviceTime()));
        s.setTimestamp(i++, Timestamp.from(row.receivedAt()));
        s.setString(i++, row.kind());
        Map<String, Double> extra = new TreeMap<>();
        for (String column : MEASUREMENT_COLUMNS) {
          Double value = row.measurements().get(column);
          if (value == null) {
            s.setNull(i++, Types.DOUBLE);
          } else {
            s.setDouble(i++, value);
          }
        }
        row.measurements()
            .forEach(
                (name, value) -> {
                  if (!COLUMN_SET.contains(name)) {
                    extra.put(name, value);
                  }
                });
        s.setString(i++, extra.isEmpty() ? null : toJson(extra));
        s.setString(i++, row.epc().orElse(null));
        s.setString(i++, row.bizStep().orElse(null));
        s.setString(i++, row.location().orElse(null));
        s.setArray(i, c.createArrayOf("text", row.objects().toArray()));
        s.addBatch();
        if (++pending == 1000) {
          s.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        s.executeBatch();
      }
    }
  }

  /**
   * A device's readings, newest first: device time in [from, to), strictly before {@code before} in
   * that order, at most {@code limit}.
   */
  public List<ReadingRow> timeline(
      String device,
      Optional<Instant> from,
      Optional<Instant> to,
      Optional<PageKey> before,
      int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM " + schema + ".reading WHERE device_id = ?");
    List<Object> parameters = new ArrayList<>(List.of(device));
    from.ifPresent(
        f -> {
          sql.append(" AND device_ts >= ?");
          parameters.add(Timestamp.from(f));
        });
    to.ifPresent(
        t -> {
          sql.append(" AND device_ts < ?");
          parameters.add(Timestamp.from(t));
        });
    before.ifPresent(
        key -> {
          sql.append(" AND (device_ts, ledger_index, pos) < (?, ?, ?)");
          parameters.addAll(List.of(Timestamp.from(key.time()), key.ledgerIndex(), key.pos()));
        });
    sql.append(" ORDER BY device_ts DESC, ledger_index DESC, pos DESC LIMIT ?");
    parameters.add(limit);
    return query(sql.toString(), parameters);
  }

  /**
   * The readings an EPCIS SimpleEventQuery selects, as ObjectEvents, oldest first, at most {@code
   * limit}; of devices of {@code organisation} only, if given.
   *
   * <p>What each parameter means for a reading: {@code eventType} must admit ObjectEvent; {@code
   * MATCH_epc} and {@code MATCH_anyEPC} match the event's epcList (a scan's epc, and obj); {@code
   * EQ_bizStep} matches a scan's biz and, for sensor readings, {@code sensor_reporting}; {@code
   * EQ_readPoint} matches a scan's loc.
   */
  public List<ReadingRow> events(SimpleEventQuery query, Optional<UUID> organisation, int limit)
      throws SQLException {
    if (!query.includesType("ObjectEvent")) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM " + schema + ".reading r WHERE true");
    List<Object> parameters = new ArrayList<>();
    organisation.ifPresent(
        org -> {
          sql.append(
              " AND r.device_id IN (SELECT id FROM "
                  + schema
                  + ".device WHERE organisation_id = ?)");
          parameters.add(org);
        });
    query
        .geEventTime()
        .ifPresent(
            t -> {
              sql.append(" AND r.device_ts >= ?");
              parameters.add(Timestamp.from(t));
            });
    query
        .ltEventTime()
        .ifPresent(
            t -> {
              sql.append(" AND r.device_ts < ?");
              parameters.add(Timestamp.from(t));
            });
    for (List<String> epcs : List.of(query.matchEpc(), query.matchAnyEpc())) {
      if (!epcs.isEmpty()) {
        sql.append(" AND (r.obj && ?::text[] OR r.epc = ANY (?::text[]))");
        parameters.add(epcs.toArray(String[]::new));
        parameters.add(epcs.toArray(String[]::new));
      }
    }
    if (!query.bizSteps().isEmpty()) {
      sql.append(" AND (r.biz_step = ANY (?::text[])");
      parameters.add(query.bizSteps().toArray(String[]::new));
      if (query.bizSteps().contains(ReadingEvents.SENSOR_REPORTING)) {
        sql.append(" OR r.kind = 'sensor'");
      }
      sql.append(")");
    }
    if (!query.readPoints().isEmpty()) {
      sql.append(" AND r.location = ANY (?::text[])");
      parameters.add(query.readPoints().toArray(String[]::new));
    }
    query
        .after()
        .ifPresent(
            key -> {
              sql.append(" AND (r.device_ts, r.ledger_index, r.pos) > (?, ?, ?)");
              parameters.addAll(List.of(Timestamp.from(key.time()), key.ledgerIndex(), key.pos()));
            });
    sql.append(" ORDER BY r.device_ts, r.ledger_index, r.pos LIMIT ?");
    parameters.add(limit);
    return query(sql.toString(), parameters);
  }

  private List<ReadingRow> query(String sql, List<Object> parameters) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        Object value = parameters.get(i);
        if (value instanceof String[] array) {
          s.setArray(i + 1, c.createArrayOf("text", array));
        } else {
          s.setObject(i + 1, value);
        }
      }
      List<ReadingRow> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
      return rows;
    }
  }

  private ReadingRow row(ResultSet rs) throws SQLException {
    SortedMap<String, Double> measurements = new TreeMap<>();
    for (int i = 0; i < MEASUREMENT_COLUMNS.size(); i++) {
      double value = rs.getDouble(9 + i);
      if (!rs.wasNull()) {
        measurements.put(MEASUREMENT_COLUMNS.get(i), value);
      }
    }
    String extra = rs.getString(15);
    if (extra != null) {
      measurements.putAll(fromJson(extra));
    }
    Array obj = rs.getArray(19);
    List<String> objects = obj == null ? List.of() : Arrays.asList((String[]) obj.getArray());
    return new ReadingRow(
        rs.getLong(1),
        rs.getInt(2),
        rs.getString(3),
        rs.getLong(4),
        rs.getLong(5),
        rs.getTimestamp(6).toInstant(),
        rs.getTimestamp(7).toInstant(),
        rs.getString(8),
        measurements,
        Optional.ofNullable(rs.getString(16)),
        Optional.ofNullable(rs.getString(17)),
        Optional.ofNullable(rs.getString(18)),
        List.copyOf(objects));
  }

  private String toJson(Map<String, Double> values) {
    try {
      return json.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of numbers is always JSON", e);
    }
  }

  private Map<String, Double> fromJson(String text) throws SQLException {
    try {
      return json.readValue(text, EXTRA);
    } catch (JsonProcessingException e) {
      throw new SQLException("extra_measurements is not a JSON map of numbers: " + text, e);
    }
  }
}
