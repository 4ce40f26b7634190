package org.tracemark.api.trace;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The supply-chain graph of captured EPCIS events, walked in PostgreSQL by a recursive query. Nodes
 * are identifiers (EPCs and classes, as canonical Digital Links); edges follow the goods: from a
 * child into its parent ({@code AggregationEvent}: cases → pallet → container) and from an input
 * into an output ({@code TransformationEvent}: grain lots → blended flour lot, a catch → fillet
 * lots). Upstream walks the edges backwards (where did this come from), downstream forwards (where
 * did it go). Each node carries the object events that name it: commissioning, shipping, receiving
 * — its custody.
 *
 * <p>Cycle-safe and bounded without path arrays: the walk keeps one row per (node, depth), so a
 * node reached again at the same depth is not expanded twice; it stops at {@code depth}, so a cycle
 * in the data ends there; and a diamond (a lot split and blended again) costs rows per node, not
 * per path. Each step is an index lookup on {@code epcis_event_epc (epc, role)}.
 */
@ApplicationScoped
public class TraceGraph {

  /** The sides of an event the goods come from, and go to. */
  private static final String FROM_ROLES = "('child', 'child_quantity', 'input', 'input_quantity')";

  private static final String TO_ROLES = "('parent', 'output', 'output_quantity')";

  /** The events whose two sides are a movement of goods. */
  private static final String FLOW_TYPES = "('AggregationEvent', 'TransformationEvent')";

  /** The most nodes one answer holds; beyond it the answer says it is truncated. */
  public static final int MAX_NODES = 10_000;

  /** The most custody events listed per node. */
  public static final int MAX_NODE_EVENTS = 100;

  private final DataSource dataSource;
  private final String schema;

  public TraceGraph(
      DataSource dataSource, @ConfigProperty(name = "tracemark.db.schema") String schema) {
    this.dataSource = dataSource;
    this.schema = schema;
  }

  public enum Direction {
    UPSTREAM,
    DOWNSTREAM,
    BOTH
  }

  /** An event as the graph cites it. */
  public record EventRef(
      String eventId,
      String eventType,
      Instant eventTime,
      Optional<String> bizStep,
      Optional<String> readPoint,
      Optional<String> bizLocation,
      UUID organisation,
      Optional<Long> ledgerIndex) {}

  /** A node: an identifier, its distance from the root, and the object events that name it. */
  public record Node(String id, int depth, List<EventRef> events) {}

  /** An edge the way the goods moved: {@code from} went into {@code to}, as {@code event} says. */
  public record Edge(String from, String to, String kind, EventRef event) {}

  public record Graph(List<Node> nodes, List<Edge> edges, boolean truncated) {}

  /**
   * Walks from {@code root} (a canonical identifier) up to {@code depth} steps.
   *
   * @param organisation only events captured by it, if given
   */
  public Graph walk(String root, Direction direction, int depth, Optional<UUID> organisation)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Map<String, Integer> reached = new LinkedHashMap<>();
      reached.put(root, 0);
      boolean truncated = false;
      if (direction != Direction.DOWNSTREAM) {
        truncated |= reach(c, root, false, depth, organisation, reached);
      }
      if (direction != Direction.UPSTREAM) {
        truncated |= reach(c, root, true, depth, organisation, reached);
      }
      String[] ids = reached.keySet().toArray(String[]::new);
      List<Edge> edges = edges(c, ids, organisation);
      Map<String, List<EventRef>> events = nodeEvents(c, ids, organisation);
      List<Node> nodes = new ArrayList<>(reached.size());
      reached.forEach((id, d) -> nodes.add(new Node(id, d, events.getOrDefault(id, List.of()))));
      return new Graph(List.copyOf(nodes), edges, truncated);
    }
  }

  /** Adds what one direction reaches to {@code reached}; true if {@link #MAX_NODES} cut it. */
  private boolean reach(
      Connection c,
      String root,
      boolean downstream,
      int depth,
      Optional<UUID> organisation,
      Map<String, Integer> reached)
      throws SQLException {
    // From the node's side of a flow event to the other side of the same event.
    String near = downstream ? FROM_ROLES : TO_ROLES;
    String far = downstream ? TO_ROLES : FROM_ROLES;
    String sql =
        "WITH RECURSIVE walk(epc, depth) AS ("
            + " SELECT ?::text, 0"
            + " UNION"
            + " SELECT b.epc, w.depth + 1 FROM walk w"
            + " JOIN "
            + schema
            + ".epcis_event_epc a ON a.epc = w.epc AND a.role IN "
            + near
            + " JOIN "
            + schema
            + ".epcis_event_epc b ON b.event_seq = a.event_seq AND b.role IN "
            + far
            + " JOIN "
            + schema
            + ".epcis_event e ON e.seq = a.event_seq AND e.event_type IN "
            + FLOW_TYPES
            + (organisation.isPresent() ? " AND e.organisation_id = ?" : "")
            + " WHERE w.depth < ? AND b.epc <> a.epc)"
            + " SELECT epc, min(depth) AS d FROM walk GROUP BY epc ORDER BY d, epc LIMIT ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int p = 1;
      s.setString(p++, root);
      if (organisation.isPresent()) {
        s.setObject(p++, organisation.get());
      }
      s.setInt(p++, depth);
      s.setInt(p, MAX_NODES + 1);
      int found = 0;
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found++;
          if (reached.size() < MAX_NODES) {
            reached.merge(rs.getString(1), rs.getInt(2), Math::min);
          }
        }
      }
      return found > MAX_NODES || reached.size() >= MAX_NODES;
    }
  }

  private List<Edge> edges(Connection c, String[] ids, Optional<UUID> organisation)
      throws SQLException {
    String sql =
        "SELECT f.epc, t.epc, "
            + EVENT_COLUMNS
            + " FROM "
            + schema
            + ".epcis_event_epc f JOIN "
            + schema
            + ".epcis_event_epc t ON t.event_seq = f.event_seq AND t.role IN "
            + TO_ROLES
            + " JOIN "
            + schema
            + ".epcis_event e ON e.seq = f.event_seq AND e.event_type IN "
            + FLOW_TYPES
            + (organisation.isPresent() ? " AND e.organisation_id = ?" : "")
            + " WHERE f.role IN "
            + FROM_ROLES
            + " AND f.epc <> t.epc AND f.epc = ANY (?) AND t.epc = ANY (?)"
            + " ORDER BY e.event_time, e.seq, f.epc, t.epc";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int p = 1;
      if (organisation.isPresent()) {
        s.setObject(p++, organisation.get());
      }
      s.setArray(p++, c.createArrayOf("text", ids));
      s.setArray(p, c.createArrayOf("text", ids));
      List<Edge> edges = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          EventRef event = event(rs, 3);
          String kind =
              event.eventType().equals("AggregationEvent") ? "aggregation" : "transformation";
          edges.add(new Edge(rs.getString(1), rs.getString(2), kind, event));
        }
      }
      return List.copyOf(edges);
    }
  }

  /** The object events (epcList, quantityList) naming each node, oldest first. */
  private Map<String, List<EventRef>> nodeEvents(
      Connection c, String[] ids, Optional<UUID> organisation) throws SQLException {
    String sql =
        "SELECT x.epc, "
            + EVENT_COLUMNS
            + " FROM "
            + schema
            + ".epcis_event_epc x JOIN "
            + schema
            + ".epcis_event e ON e.seq = x.event_seq"
            + (organisation.isPresent() ? " AND e.organisation_id = ?" : "")
            + " WHERE x.role IN ('epc', 'quantity') AND x.epc = ANY (?)"
            + " ORDER BY e.event_time, e.seq";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int p = 1;
      if (organisation.isPresent()) {
        s.setObject(p++, organisation.get());
      }
      s.setArray(p, c.createArrayOf("text", ids));
      Map<String, List<EventRef>> events = new LinkedHashMap<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          List<EventRef> list = events.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
          if (list.size() < MAX_NODE_EVENTS) {
            list.add(event(rs, 2));
          }
        }
      }
      return events;
    }
  }

  private static final String EVENT_COLUMNS =
      "e.event_id, e.event_type, e.event_time, e.biz_step, e.read_point, e.biz_location,"
          + " e.organisation_id, e.ledger_index";

  private static EventRef event(ResultSet rs, int first) throws SQLException {
    long index = rs.getLong(first + 7);
    Optional<Long> ledgerIndex = rs.wasNull() ? Optional.empty() : Optional.of(index);
    return new EventRef(
        rs.getString(first),
        rs.getString(first + 1),
        rs.getTimestamp(first + 2).toInstant(),
        Optional.ofNullable(rs.getString(first + 3)),
        Optional.ofNullable(rs.getString(first + 4)),
        Optional.ofNullable(rs.getString(first + 5)),
        rs.getObject(first + 6, UUID.class),
        ledgerIndex);
  }
}
