package org.tracemark.api.epcis;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.api.readings.PageKey;

/**
 * Captured EPCIS events in PostgreSQL (migration V8): capture (all of a document in one
 * transaction), lookup, SimpleEventQuery, capture jobs, and the outbox the {@link EventAnchorer}
 * drains into the ledger.
 */
@ApplicationScoped
public class EventStore {

  /** Rows per multi-row statement (each row binds a few parameters; PostgreSQL allows 65,535). */
  private static final int CHUNK = 1000;

  private static final String COLUMNS =
      "e.seq, e.event_id, e.event_hash, e.event_type, e.event_time, e.record_time,"
          + " e.organisation_id, e.event, e.ledger_index";

  private final DataSource dataSource;
  private final String schema;

  public EventStore(
      DataSource dataSource, @ConfigProperty(name = "tracemark.db.schema") String schema) {
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /** A stored event; {@code ledgerIndex} is empty until the anchorer has appended it. */
  public record StoredEvent(
      long seq,
      String eventId,
      String hash,
      String type,
      Instant eventTime,
      Instant recordTime,
      UUID organisation,
      String json,
      Optional<Long> ledgerIndex) {}

  /** A capture job as {@code GET /epcis/capture/{id}} reports it. */
  public record CaptureJob(
      UUID id,
      UUID organisation,
      String status,
      Instant createdAt,
      Optional<Instant> finishedAt,
      int eventCount,
      int duplicateCount,
      List<String> eventIds) {}

  /** The GS1 company prefixes of an organisation. */
  public Set<String> companyPrefixes(UUID organisation) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT prefix FROM " + schema + ".gs1_company_prefix WHERE organisation_id = ?")) {
      s.setObject(1, organisation);
      Set<String> prefixes = new TreeSet<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          prefixes.add(rs.getString(1));
        }
      }
      return prefixes;
    }
  }

  /**
   * Stores a capture and its job, all or nothing. An event whose eventID is already stored with the
   * same hash is a duplicate and skipped (capturing a document twice is harmless); with another
   * hash it is a conflict and nothing is stored.
   *
   * @throws ProblemException {@code conflict} (409) naming the eventID used for different content
   */
  public CaptureJob capture(
      UUID job, UUID organisation, String subject, List<CapturedEvent> events, Instant recordTime)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        // One document may name an event twice; the first one counts.
        Map<String, CapturedEvent> unique = new LinkedHashMap<>();
        for (CapturedEvent event : events) {
          CapturedEvent first = unique.putIfAbsent(event.eventId(), event);
          if (first != null && !first.hash().equals(event.hash())) {
            throw conflict(event.eventId());
          }
        }
        List<CapturedEvent> distinct = List.copyOf(unique.values());
        Map<String, Long> inserted = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += CHUNK) {
          List<CapturedEvent> chunk =
              distinct.subList(from, Math.min(distinct.size(), from + CHUNK));
          inserted.putAll(insertEvents(c, chunk, organisation, job, recordTime));
        }
        List<CapturedEvent> skipped =
            distinct.stream().filter(e -> !inserted.containsKey(e.eventId())).toList();
        checkDuplicates(c, skipped);
        insertEpcs(c, distinct, inserted);
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + schema
                    + ".capture_job (id, organisation_id, subject, status, created_at,"
                    + " finished_at, event_count, duplicate_count, event_ids)"
                    + " VALUES (?, ?, ?, 'success', ?, ?, ?, ?, ?)")) {
          s.setObject(1, job);
          s.setObject(2, organisation);
          s.setString(3, subject);
          s.setTimestamp(4, Timestamp.from(recordTime));
          s.setTimestamp(5, Timestamp.from(Instant.now()));
          s.setInt(6, inserted.size());
          s.setInt(7, events.size() - inserted.size());
          s.setArray(8, texts(c, events, CapturedEvent::eventId));
          s.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return job(job).orElseThrow();
  }

  /** Inserts a chunk; returns the seq of each event inserted (those not already stored). */
  private Map<String, Long> insertEvents(
      Connection c, List<CapturedEvent> events, UUID organisation, UUID job, Instant recordTime)
      throws SQLException {
    String sql =
        "INSERT INTO "
            + schema
            + ".epcis_event (event_id, event_hash, event_type, event_time, record_time, action,"
            + " biz_step, disposition, read_point, biz_location, organisation_id, capture_id,"
            + " event)"
            + " SELECT u.id, u.hash, u.type, u.time, ?, u.action, u.biz_step, u.disposition,"
            + " u.read_point, u.biz_location, ?, ?, u.event"
            + " FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[],"
            + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY"
            + " AS u(id, hash, type, time, action, biz_step, disposition, read_point,"
            + " biz_location, event, n)"
            + " ORDER BY u.n"
            + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id, seq";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setTimestamp(1, Timestamp.from(recordTime));
      s.setObject(2, organisation);
      s.setObject(3, job);
      s.setArray(4, texts(c, events, CapturedEvent::eventId));
      s.setArray(5, texts(c, events, CapturedEvent::hash));
      s.setArray(6, texts(c, events, CapturedEvent::type));
      s.setArray(
          7,
          c.createArrayOf(
              "timestamptz",
              events.stream().map(e -> Timestamp.from(e.eventTime())).toArray(Timestamp[]::new)));
      s.setArray(8, texts(c, events, e -> e.action().orElse(null)));
      s.setArray(9, texts(c, events, e -> e.bizStep().orElse(null)));
      s.setArray(10, texts(c, events, e -> e.disposition().orElse(null)));
      s.setArray(11, texts(c, events, e -> e.readPoint().orElse(null)));
      s.setArray(12, texts(c, events, e -> e.bizLocation().orElse(null)));
      s.setArray(13, texts(c, events, CapturedEvent::json));
      Map<String, Long> inserted = new HashMap<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          inserted.put(rs.getString(1), rs.getLong(2));
        }
      }
      return inserted;
    }
  }

  /** Events already stored under their eventID must have the same content (hash). */
  private void checkDuplicates(Connection c, List<CapturedEvent> skipped) throws SQLException {
    if (skipped.isEmpty()) {
      return;
    }
    Map<String, String> stored = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT event_id, event_hash FROM "
                + schema
                + ".epcis_event WHERE event_id = ANY (?::text[])")) {
      s.setArray(1, texts(c, skipped, CapturedEvent::eventId));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          stored.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    for (CapturedEvent event : skipped) {
      if (!event.hash().equals(stored.get(event.eventId()))) {
        throw conflict(event.eventId());
      }
    }
  }

  private void insertEpcs(Connection c, List<CapturedEvent> events, Map<String, Long> inserted)
      throws SQLException {
    List<Long> seqs = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    List<String> epcs = new ArrayList<>();
    for (CapturedEvent event : events) {
      Long seq = inserted.get(event.eventId());
      if (seq == null) {
        continue;
      }
      for (CapturedEvent.Epc epc : event.epcs()) {
        seqs.add(seq);
        roles.add(epc.role());
        epcs.add(epc.epc());
      }
    }
    for (int from = 0; from < seqs.size(); from += CHUNK * 10) {
      int to = Math.min(seqs.size(), from + CHUNK * 10);
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO "
                  + schema
                  + ".epcis_event_epc (event_seq, role, epc)"
                  + " SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[])"
                  + " ON CONFLICT DO NOTHING")) {
        s.setArray(1, c.createArrayOf("bigint", seqs.subList(from, to).toArray()));
        s.setArray(2, c.createArrayOf("text", roles.subList(from, to).toArray()));
        s.setArray(3, c.createArrayOf("text", epcs.subList(from, to).toArray()));
        s.executeUpdate();
      }
    }
  }

  private static Array texts(
      Connection c,
      List<CapturedEvent> events,
      java.util.function.Function<CapturedEvent, String> f)
      throws SQLException {
    return c.createArrayOf("text", events.stream().map(f).toArray(String[]::new));
  }

  private static ProblemException conflict(String eventId) {
    return new ProblemException(
        ProblemType.CONFLICT,
        "eventID "
            + Problem.echo(eventId, 120)
            + " is already used by an event with different content; nothing was stored.",
        "duplicate-event-id",
        null);
  }

  /** A capture job with the eventIDs of its document, in document order. */
  public Optional<CaptureJob> job(UUID id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, organisation_id, status, created_at, finished_at, event_count,"
                    + " duplicate_count, event_ids FROM "
                    + schema
                    + ".capture_job WHERE id = ?")) {
      s.setObject(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Timestamp finished = rs.getTimestamp(5);
        return Optional.of(
            new CaptureJob(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getTimestamp(4).toInstant(),
                Optional.ofNullable(finished).map(Timestamp::toInstant),
                rs.getInt(6),
                rs.getInt(7),
                List.of((String[]) rs.getArray(8).getArray())));
      }
    }
  }

  /** The event with this eventID. */
  public Optional<StoredEvent> find(String eventId) throws SQLException {
    List<StoredEvent> found = select(" WHERE e.event_id = ? LIMIT 1", List.of(eventId));
    return found.stream().findFirst();
  }

  /**
   * The captured events a SimpleEventQuery selects, in page order (eventTime, capture order), at
   * most {@code limit}; of {@code organisation} only, if given.
   */
  public List<StoredEvent> events(SimpleEventQuery query, Optional<UUID> organisation, int limit)
      throws SQLException {
    StringBuilder where = new StringBuilder(" WHERE true");
    List<Object> parameters = new ArrayList<>();
    if (!query.eventTypes().isEmpty()) {
      where.append(" AND e.event_type = ANY (?::text[])");
      parameters.add(query.eventTypes().toArray(String[]::new));
    }
    organisation.ifPresent(
        org -> {
          where.append(" AND e.organisation_id = ?");
          parameters.add(org);
        });
    query.geEventTime().ifPresent(t -> condition(where, parameters, " AND e.event_time >= ?", t));
    query.ltEventTime().ifPresent(t -> condition(where, parameters, " AND e.event_time < ?", t));
    query.geRecordTime().ifPresent(t -> condition(where, parameters, " AND e.record_time >= ?", t));
    query.ltRecordTime().ifPresent(t -> condition(where, parameters, " AND e.record_time < ?", t));
    equal(where, parameters, "e.action", query.actions());
    equal(where, parameters, "e.biz_step", query.bizSteps());
    equal(where, parameters, "e.disposition", query.dispositions());
    equal(where, parameters, "e.read_point", query.readPoints());
    equal(where, parameters, "e.biz_location", query.bizLocations());
    equal(where, parameters, "e.event_id", query.eventIds());
    match(where, parameters, List.of("epc", "child"), query.matchEpc());
    match(
        where,
        parameters,
        List.of("epc", "child", "input", "output", "parent"),
        query.matchAnyEpc());
    match(where, parameters, List.of("parent"), query.matchParentId());
    match(where, parameters, List.of("input"), query.matchInputEpc());
    match(where, parameters, List.of("output"), query.matchOutputEpc());
    match(
        where,
        parameters,
        List.of("quantity", "child_quantity", "input_quantity", "output_quantity"),
        query.matchEpcClass());
    query
        .after()
        .ifPresent(
            key -> {
              if (key.source() == PageKey.CAPTURED) {
                where.append(" AND (e.event_time, e.seq) > (?, ?)");
                parameters.add(Timestamp.from(key.time()));
                parameters.add(key.order());
              } else { // a reading: captured events at the same time come after readings
                where.append(" AND e.event_time >= ?");
                parameters.add(Timestamp.from(key.time()));
              }
            });
    where.append(" ORDER BY e.event_time, e.seq LIMIT ?");
    parameters.add(limit);
    return select(where.toString(), parameters);
  }

  private static void condition(
      StringBuilder where, List<Object> parameters, String sql, Instant time) {
    where.append(sql);
    parameters.add(Timestamp.from(time));
  }

  private static void equal(
      StringBuilder where, List<Object> parameters, String column, List<String> values) {
    if (!values.isEmpty()) {
      where.append(" AND ").append(column).append(" = ANY (?::text[])");
      parameters.add(values.toArray(String[]::new));
    }
  }

  private void match(
      StringBuilder where, List<Object> parameters, List<String> roles, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    where
        .append(" AND EXISTS (SELECT 1 FROM ")
        .append(schema)
        .append(".epcis_event_epc x WHERE x.event_seq = e.seq")
        .append(" AND x.role = ANY (?::text[]) AND x.epc = ANY (?::text[]))");
    parameters.add(roles.toArray(String[]::new));
    parameters.add(values.stream().map(Vocabulary::canonicalEpc).toArray(String[]::new));
  }

  private List<StoredEvent> select(String where, List<Object> parameters) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT " + COLUMNS + " FROM " + schema + ".epcis_event e" + where)) {
      for (int i = 0; i < parameters.size(); i++) {
        Object value = parameters.get(i);
        if (value instanceof String[] array) {
          s.setArray(i + 1, c.createArrayOf("text", array));
        } else {
          s.setObject(i + 1, value);
        }
      }
      List<StoredEvent> events = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long index = rs.getLong(9);
          events.add(
              new StoredEvent(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getTimestamp(5).toInstant(),
                  rs.getTimestamp(6).toInstant(),
                  rs.getObject(7, UUID.class),
                  rs.getString(8),
                  rs.wasNull() ? Optional.empty() : Optional.of(index)));
        }
      }
      return events;
    }
  }

  // ---- the anchorer's outbox ----

  /** The oldest unanchored events, in capture order. */
  List<StoredEvent> unanchored(int limit) throws SQLException {
    return select(" WHERE e.ledger_index IS NULL ORDER BY e.seq LIMIT ?", List.of(limit));
  }

  /** Records where appended events landed: {@code seqs.get(i)} at {@code first + i}. */
  void anchored(List<Long> seqs, long first) throws SQLException {
    List<Long> indexes = new ArrayList<>(seqs.size());
    for (int i = 0; i < seqs.size(); i++) {
      indexes.add(first + i);
    }
    anchoredAt(seqs, indexes);
  }

  void anchoredAt(List<Long> seqs, List<Long> indexes) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE "
                    + schema
                    + ".epcis_event e SET ledger_index = u.idx"
                    + " FROM unnest(?::bigint[], ?::bigint[]) AS u(seq, idx)"
                    + " WHERE e.seq = u.seq AND e.ledger_index IS NULL")) {
      s.setArray(1, c.createArrayOf("bigint", seqs.toArray()));
      s.setArray(2, c.createArrayOf("bigint", indexes.toArray()));
      s.executeUpdate();
    }
  }

  /** The highest ledger index of an anchored event, or -1. */
  long lastAnchoredIndex() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT coalesce(max(ledger_index), -1) FROM " + schema + ".epcis_event");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
