package org.tracemark.api.recall;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Recalls in PostgreSQL (migration V11) and the question every consumer view and linkset asks:
 * which recalls cover any of these identifiers? A target covers itself and, for a GTIN ({@code
 * /01/{gtin}}), every lot and item of that GTIN.
 */
@ApplicationScoped
public class Recalls {

  static final String GTIN_PREFIX = "https://id.gs1.org/01/";

  private final DataSource dataSource;
  private final String schema;

  public Recalls(
      DataSource dataSource, @ConfigProperty(name = "tracemark.db.schema") String schema) {
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /** A recall: who, why, when, and what (canonical Digital Links). */
  public record Recall(
      UUID id,
      Optional<UUID> organisation,
      String issuedBy,
      boolean authority,
      String reason,
      Instant createdAt,
      List<String> targets) {}

  Recall create(
      Optional<UUID> organisation,
      String issuedBy,
      boolean authority,
      String reason,
      Set<String> targets)
      throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + schema
                    + ".recall (id, organisation_id, issued_by, authority, reason) VALUES (?, ?, ?,"
                    + " ?, ?)")) {
          s.setObject(1, id);
          s.setObject(2, organisation.orElse(null));
          s.setString(3, issuedBy);
          s.setBoolean(4, authority);
          s.setString(5, reason);
          s.executeUpdate();
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + schema
                    + ".recall_target (recall_id, identifier) SELECT ?, unnest(?::text[])")) {
          s.setObject(1, id);
          s.setArray(2, c.createArrayOf("text", targets.toArray()));
          s.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return find(id).orElseThrow();
  }

  public Optional<Recall> find(UUID id) throws SQLException {
    return select(" WHERE r.id = ?", id).stream().findFirst();
  }

  /** Recalls covering any of {@code identifiers} (canonical), oldest first. */
  public List<Recall> covering(Collection<String> identifiers) throws SQLException {
    Set<String> candidates = new LinkedHashSet<>(identifiers);
    for (String id : identifiers) {
      if (id.startsWith(GTIN_PREFIX) && id.length() >= GTIN_PREFIX.length() + 14) {
        candidates.add(id.substring(0, GTIN_PREFIX.length() + 14)); // its GTIN
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    return select(
        " WHERE r.id IN (SELECT recall_id FROM "
            + schema
            + ".recall_target WHERE identifier = ANY (?))",
        candidates.toArray(String[]::new));
  }

  private List<Recall> select(String where, Object parameter) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT r.id, r.organisation_id, r.issued_by, r.authority, r.reason, r.created_at,"
                    + " t.identifier FROM "
                    + schema
                    + ".recall r JOIN "
                    + schema
                    + ".recall_target t ON t.recall_id = r.id"
                    + where
                    + " ORDER BY r.created_at, r.id, t.identifier")) {
      if (parameter instanceof String[] array) {
        s.setArray(1, c.createArrayOf("text", array));
      } else {
        s.setObject(1, parameter);
      }
      Map<UUID, Recall> recalls = new LinkedHashMap<>();
      Map<UUID, List<String>> targets = new LinkedHashMap<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          recalls.putIfAbsent(
              id,
              new Recall(
                  id,
                  Optional.ofNullable(rs.getObject(2, UUID.class)),
                  rs.getString(3),
                  rs.getBoolean(4),
                  rs.getString(5),
                  rs.getTimestamp(6).toInstant(),
                  List.of()));
          targets.computeIfAbsent(id, k -> new ArrayList<>()).add(rs.getString(7));
        }
      }
      List<Recall> found = new ArrayList<>();
      recalls.forEach(
          (id, r) ->
              found.add(
                  new Recall(
                      id,
                      r.organisation(),
                      r.issuedBy(),
                      r.authority(),
                      r.reason(),
                      r.createdAt(),
                      List.copyOf(targets.get(id)))));
      return found;
    }
  }

  /**
   * Identifiers in the event data that a GTIN target covers (its lots and items), at most limit.
   */
  List<String> itemsOf(String gtinTarget, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT DISTINCT epc FROM "
                    + schema
                    + ".epcis_event_epc WHERE epc LIKE ? ESCAPE '\\' ORDER BY epc LIMIT ?")) {
      s.setString(
          1, gtinTarget.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%");
      s.setInt(2, limit);
      List<String> items = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          items.add(rs.getString(1));
        }
      }
      return items;
    }
  }
}
