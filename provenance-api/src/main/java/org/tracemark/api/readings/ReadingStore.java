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
   *
   * <p>One statement per {@value #ROWS_PER_STATEMENT} rows, the columns passed as arrays and
   * unnested by the server, rather than a JDBC batch of single-row inserts, which the driver sends
   * as one statement per row. {@code obj} varies in length per row, so it travels as one JSON array
   * per row; times travel as epoch milliseconds, which convert exactly.
   */
  void insert(Connection c, List<ReadingRow> rows) throws SQLException {
    for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
      insertSlice(c, rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT)));
    }
  }

  static final int ROWS_PER_STATEMENT = 10_000;

  private void insertSlice(Connection c, List<ReadingRow> rows) throws SQLException {
    int n = rows.size();
    Long[] ledgerIndex = new Long[n];
    Integer[] pos = new Integer[n];
    String[] device = new String[n];
    Long[] boot = new Long[n];
    Long[] seq = new Long[n];
    Long[] deviceTs = new Long[n];
    Long[] receivedAt = new Long[n];
    String[] kind = new String[n];
    Double[][] measured = new Double[MEASUREMENT_COLUMNS.size()][n];
    String[] extra = new String[n];
    String[] epc = new String[n];
    String[] biz = new String[n];
    String[] location = new String[n];
    String[] obj = new String[n];
    for (int r = 0; r < n; r++) {
      ReadingRow row = rows.get(r);
      ledgerIndex[r] = row.ledgerIndex();
      pos[r] = row.pos();
      device[r] = row.device();
      boot[r] = row.boot();
      seq[r] = row.seq();
      deviceTs[r] = row.deviceTime().toEpochMilli();
      receivedAt[r] = row.receivedAt().toEpochMilli();
      kind[r] = row.kind();
      for (int m = 0; m < MEASUREMENT_COLUMNS.size(); m++) {
        measured[m][r] = row.measurements().get(MEASUREMENT_COLUMNS.get(m));
      }
      Map<String, Double> others = new TreeMap<>(row.measurements());
      others.keySet().removeAll(COLUMN_SET);
      extra[r] = others.isEmpty() ? null : toJson(others);
      epc[r] = row.epc().orElse(null);
      biz[r] = row.bizStep().orElse(null);
      location[r] = row.location().orElse(null);
      obj[r] = toJson(row.objects());
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + schema
                + ".reading ("
                + COLUMNS
                + ") SELECT u.ledger_index, u.pos, u.device_id, u.boot, u.seq,"
                + " timestamptz 'epoch' + u.device_ts * interval '1 millisecond',"
                + " timestamptz 'epoch' + u.received_at * interval '1 millisecond',"
                + " u.kind, u.temperature, u.humidity, u.mass, u.lat, u.lon, u.shock,"
                + " u.extra::jsonb, u.epc, u.biz_step, u.location,"
                + " ARRAY(SELECT jsonb_array_elements_text(u.obj::jsonb))"
                + " FROM unnest(?::bigint[], ?::int[], ?::text[], ?::bigint[], ?::bigint[],"
                + " ?::bigint[], ?::bigint[], ?::text[], ?::float8[], ?::float8[], ?::float8[],"
                + " ?::float8[], ?::float8[], ?::float8[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[]) AS u(ledger_index, pos, device_id, boot, seq, device_ts,"
                + " received_at, kind, temperature, humidity, mass, lat, lon, shock, extra, epc,"
                + " biz_step, location, obj)"
                + " ON CONFLICT (ledger_index, pos) DO NOTHING")) {
      int i = 1;
      s.setArray(i++, c.createArrayOf("int8", ledgerIndex));
      s.setArray(i++, c.createArrayOf("int4", pos));
      s.setArray(i++, c.createArrayOf("text", device));
      s.setArray(i++, c.createArrayOf("int8", boot));
      s.setArray(i++, c.createArrayOf("int8", seq));
      s.setArray(i++, c.createArrayOf("int8", deviceTs));
      s.setArray(i++, c.createArrayOf("int8", receivedAt));
      s.setArray(i++, c.createArrayOf("text", kind));
      for (Double[] column : measured) {
        s.setArray(i++, c.createArrayOf("float8", column));
      }
      for (String[] column : List.of(extra, epc, biz, location, obj)) {
        s.setArray(i++, c.createArrayOf("text", column));
      }
      s.executeUpdate();
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
   * EQ_readPoint} matches a scan's loc; {@code GE_recordTime} / {@code LT_recordTime} the receive
   * time. Parameters that no reading can satisfy (parentID, input and output EPCs, classes,
   * disposition, bizLocation, eventID, an action other than OBSERVE) select no readings.
   */
  public List<ReadingRow> events(SimpleEventQuery query, Optional<UUID> organisation, int limit)
      throws SQLException {
    if (!query.includesType("ObjectEvent") || !query.readingsCanMatch()) {
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
        .geRecordTime()
        .ifPresent(
            t -> {
              sql.append(" AND r.received_at >= ?");
              parameters.add(Timestamp.from(t));
            });
    query
        .ltRecordTime()
        .ifPresent(
            t -> {
              sql.append(" AND r.received_at < ?");
              parameters.add(Timestamp.from(t));
            });
    query
        .after()
        .ifPresent(
            key -> {
              if (key.source() == PageKey.READING) {
                sql.append(" AND (r.device_ts, r.ledger_index, r.pos) > (?, ?, ?)");
                parameters.addAll(
                    List.of(Timestamp.from(key.time()), key.ledgerIndex(), key.pos()));
              } else { // a captured event: readings of the same time came before it
                sql.append(" AND r.device_ts > ?");
                parameters.add(Timestamp.from(key.time()));
              }
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

  private String toJson(Object values) {
    try {
      return json.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("numbers and strings are always JSON", e);
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
