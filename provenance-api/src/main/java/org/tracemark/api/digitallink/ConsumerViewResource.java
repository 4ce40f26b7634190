package org.tracemark.api.digitallink;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.auth.RateLimiter;
import org.tracemark.api.ledger.LedgerProofs;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.api.trace.TraceGraph;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.digitallink.DigitalLink;
import org.tracemark.ledger.storage.StorageException;

/**
 * The public consumer view a Digital Link's {@code gs1:pip} opens (anonymous, rate-limited): where
 * the goods came from — the journey of events upstream of the scanned identifier, with the
 * organisation and place of each step — the cold chain measured on the way, and the verification
 * material a phone checks itself: one signed checkpoint, the log's verifier key, and the inclusion
 * proof of every event shown.
 *
 * <p>Only what a consumer may see: the step (business step, time, place, organisation) and the
 * readings' summary, never the events' commercial content (quantities, transactions, extensions).
 */
@Path("/api/consumer")
@Tag(name = "GS1 Digital Link")
public class ConsumerViewResource {

  /** Views per client address and minute. */
  static final int PER_MINUTE = 600;

  private static final RateLimiter ADDRESSES = new RateLimiter(PER_MINUTE, Duration.ofMinutes(1));

  /** Steps up the chain a consumer view walks. */
  static final int DEPTH = 50;

  private final TraceGraph graph;
  private final LedgerProofs proofs;
  private final DataSource dataSource;
  private final String schema;

  public ConsumerViewResource(
      TraceGraph graph,
      LedgerProofs proofs,
      DataSource dataSource,
      @ConfigProperty(name = "tracemark.db.schema") String schema) {
    this.graph = graph;
    this.proofs = proofs;
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /** An organisation as a consumer sees it. */
  public record Party(UUID id, String name, String country) {}

  /** One step of the journey. */
  public record Step(
      String eventId,
      String eventType,
      Instant eventTime,
      String bizStep,
      String place,
      Party organisation,
      Long ledgerIndex) {}

  /** The temperatures measured on the identifiers of the journey. */
  public record ColdChain(
      long readings, Double minTemperature, Double maxTemperature, Instant from, Instant to) {}

  /** What the phone checks: one checkpoint, the key, a proof per step. */
  public record Verification(
      String logOrigin,
      String verifierKey,
      String checkpoint,
      long treeSize,
      List<LedgerProofs.EntryProof> proofs,
      int unanchoredSteps) {}

  public record ConsumerView(
      String identifier,
      Optional<Step> origin,
      List<Step> journey,
      ColdChain coldChain,
      Verification verification) {}

  @GET
  @Path("/{path: (01|00)/.+}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The public consumer view of a GS1 Digital Link",
      description =
          "The path is a Digital Link path (/01/{gtin}[/10/{lot}][/21/{serial}] or /00/{sscc}),"
              + " as the resolver's gs1:pip link gives it. Anonymous, "
              + PER_MINUTE
              + " views per minute per client address.")
  @APIResponse(responseCode = "200", description = "The view")
  @APIResponse(
      responseCode = "400",
      description = "invalid-gs1: not a valid Digital Link path",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "429", description = "too-many-requests; Retry-After")
  public ConsumerView view(@Context UriInfo uri, @Context HttpServerRequest http)
      throws SQLException, StorageException {
    String address = http.remoteAddress() == null ? "unknown" : http.remoteAddress().host();
    ADDRESSES
        .acquire(address)
        .ifPresent(
            wait -> {
              throw new ProblemException("Too many views from this address; slow down.", wait);
            });
    String path = uri.getRequestUri().getRawPath().substring("/api/consumer".length());
    DigitalLink link;
    try {
      link = DigitalLink.parse(DigitalLink.CANONICAL_BASE + path);
    } catch (Gs1Exception e) {
      throw new ProblemException(ProblemType.INVALID_GS1, e.getMessage(), e.code().id(), e);
    }
    String identifier = link.withoutOtherParameters().toUri();
    TraceGraph.Graph chain =
        graph.walk(identifier, TraceGraph.Direction.UPSTREAM, DEPTH, Optional.empty());

    Map<String, TraceGraph.EventRef> events = new LinkedHashMap<>();
    chain.nodes().forEach(n -> n.events().forEach(e -> events.putIfAbsent(e.eventId(), e)));
    chain.edges().forEach(e -> events.putIfAbsent(e.event().eventId(), e.event()));
    Map<UUID, Party> parties =
        parties(
            events.values().stream().map(TraceGraph.EventRef::organisation).distinct().toList());
    List<Step> journey =
        events.values().stream()
            .sorted(Comparator.comparing(TraceGraph.EventRef::eventTime))
            .map(
                e ->
                    new Step(
                        e.eventId(),
                        e.eventType(),
                        e.eventTime(),
                        e.bizStep().orElse(null),
                        e.bizLocation().or(e::readPoint).orElse(null),
                        parties.get(e.organisation()),
                        e.ledgerIndex().orElse(null)))
            .toList();
    Optional<Step> origin =
        journey.stream()
            .filter(s -> "commissioning".equals(s.bizStep()) || "harvesting".equals(s.bizStep()))
            .findFirst()
            .or(() -> journey.stream().findFirst());
    return new ConsumerView(
        identifier,
        origin,
        journey,
        coldChain(chain.nodes().stream().map(TraceGraph.Node::id).toArray(String[]::new)),
        verification(journey));
  }

  private Verification verification(List<Step> journey) throws StorageException {
    Optional<LedgerProofs.SignedState> checkpoint = proofs.checkpoint();
    List<LedgerProofs.EntryProof> proven = new ArrayList<>();
    int unanchored = 0;
    for (Step step : journey) {
      if (checkpoint.isPresent()
          && step.ledgerIndex() != null
          && step.ledgerIndex() < checkpoint.get().size()) {
        proven.add(proofs.prove(step.ledgerIndex(), checkpoint.get().size()));
      } else {
        unanchored++;
      }
    }
    return new Verification(
        proofs.origin(),
        proofs.verifierKey(),
        checkpoint.map(LedgerProofs.SignedState::note).orElse(null),
        checkpoint.map(LedgerProofs.SignedState::size).orElse(0L),
        List.copyOf(proven),
        unanchored);
  }

  private Map<UUID, Party> parties(List<UUID> ids) throws SQLException {
    Map<UUID, Party> parties = new HashMap<>();
    if (ids.isEmpty()) {
      return parties;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, name, country FROM " + schema + ".organisation WHERE id = ANY (?)")) {
      s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          parties.put(id, new Party(id, rs.getString(2), rs.getString(3)));
        }
      }
    }
    return parties;
  }

  /** Temperatures of readings about any identifier of the chain (their obj). */
  private ColdChain coldChain(String[] ids) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*), min(temperature), max(temperature), min(device_ts),"
                    + " max(device_ts) FROM "
                    + schema
                    + ".reading WHERE obj && ?::text[] AND temperature IS NOT NULL")) {
      s.setArray(1, c.createArrayOf("text", ids));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long count = rs.getLong(1);
        if (count == 0) {
          return new ColdChain(0, null, null, null, null);
        }
        return new ColdChain(
            count,
            rs.getDouble(2),
            rs.getDouble(3),
            rs.getTimestamp(4).toInstant(),
            rs.getTimestamp(5).toInstant());
      }
    }
  }
}
