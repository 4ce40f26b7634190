package org.tracemark.api.digitallink;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import org.tracemark.api.recall.Recalls;
import org.tracemark.api.trace.TraceGraph;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.digitallink.DigitalLink;
import org.tracemark.gs1.epc.EpcisIdentifier;
import org.tracemark.gs1.key.Sgln;
import org.tracemark.ledger.storage.StorageException;

/**
 * The public consumer view a Digital Link's {@code gs1:pip} opens (anonymous, rate-limited): where
 * the goods came from — the journey of events upstream of the scanned identifier, with the
 * organisation and place of each step — the cold chain measured on the way, and the verification
 * material a phone checks itself: one signed checkpoint, the log's verifier key, and the inclusion
 * proof of every event shown.
 *
 * <p>A recall of the goods, or of anything upstream of them, leads the view ({@code recalls}).
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
  private final Recalls recalls;
  private final Authenticity authenticity;
  private final LedgerProofs proofs;
  private final DataSource dataSource;
  private final String schema;

  public ConsumerViewResource(
      TraceGraph graph,
      Recalls recalls,
      Authenticity authenticity,
      LedgerProofs proofs,
      DataSource dataSource,
      @ConfigProperty(name = "tracemark.db.schema") String schema) {
    this.graph = graph;
    this.recalls = recalls;
    this.authenticity = authenticity;
    this.proofs = proofs;
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /** An organisation as a consumer sees it; {@code verified} once an admin checked it. */
  public record Party(UUID id, String name, String country, boolean verified) {}

  /** A registered place, for the map: name, country and, where known, coordinates. */
  public record Place(String id, String name, String country, Double latitude, Double longitude) {}

  /** The product, with only the fields its producer made public (the GTIN always). */
  public record Product(
      String gtin,
      String name,
      String category,
      String species,
      String description,
      List<String> imageUrls,
      Party producer) {}

  /** The scanned lot, if its producer made it public. */
  public record Lot(String lot, String productionDate, String expiryDate, String harvestArea) {}

  /**
   * A certificate covering the product or the lot: {@code status} is {@code valid}, {@code
   * expired}, {@code not-yet-valid} or {@code revoked} today.
   */
  public record Certificate(
      String type,
      String issuer,
      String validFrom,
      String validTo,
      String status,
      String documentSha256) {}

  /** One step of the journey. */
  public record Step(
      String eventId,
      String eventType,
      Instant eventTime,
      String bizStep,
      String placeId,
      Place place,
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

  /** A recall covering the scanned goods or anything they were made from. */
  public record RecallNotice(UUID id, String reason, Instant since, boolean authority) {}

  public record ConsumerView(
      String identifier,
      List<RecallNotice> recalls,
      Optional<Authenticity.Verdict> authenticity,
      Optional<Product> product,
      Optional<Lot> lot,
      List<Certificate> certificates,
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
    ADDRESSES.check(
        RateLimiter.clientAddress(http), "Too many views from this address; slow down.");
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
    Map<String, Place> places =
        places(
            events.values().stream()
                .map(e -> e.bizLocation().or(e::readPoint).orElse(null))
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList());
    List<Step> journey =
        events.values().stream()
            .sorted(Comparator.comparing(TraceGraph.EventRef::eventTime))
            .map(
                e -> {
                  String placeId = e.bizLocation().or(e::readPoint).orElse(null);
                  return new Step(
                      e.eventId(),
                      e.eventType(),
                      e.eventTime(),
                      e.bizStep().orElse(null),
                      placeId,
                      placeId == null ? null : places.get(placeId),
                      parties.get(e.organisation()),
                      e.ledgerIndex().orElse(null));
                })
            .toList();
    Optional<Step> origin =
        journey.stream()
            .filter(s -> "commissioning".equals(s.bizStep()) || "harvesting".equals(s.bizStep()))
            .findFirst()
            .or(() -> journey.stream().findFirst());
    Optional<String> gtin = link.value("01");
    Optional<String> lotNumber = link.value("10");
    List<RecallNotice> recalled =
        recalls.covering(chain.nodes().stream().map(TraceGraph.Node::id).toList()).stream()
            .map(r -> new RecallNotice(r.id(), r.reason(), r.createdAt(), r.authority()))
            .toList();
    Optional<String> serial = link.value("21");
    Optional<Authenticity.Verdict> verdict =
        gtin.isPresent() && serial.isPresent()
            ? Optional.of(
                authenticity.of(identifier, gtin.get(), serial.get(), !recalled.isEmpty()))
            : Optional.empty();
    return new ConsumerView(
        identifier,
        recalled,
        verdict,
        gtin.isPresent() ? product(gtin.get()) : Optional.empty(),
        gtin.isPresent() && lotNumber.isPresent()
            ? lot(gtin.get(), lotNumber.get())
            : Optional.empty(),
        gtin.isPresent() ? certificates(gtin.get(), lotNumber) : List.of(),
        origin,
        journey,
        coldChain(chain.nodes().stream().map(TraceGraph.Node::id).toArray(String[]::new)),
        verification(journey));
  }

  private Optional<Product> product(String gtin) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT p.gtin, p.name, p.category, p.species, p.description, p.image_urls,"
                    + " p.public_fields, o.id, o.name, o.country, o.status = 'verified' FROM "
                    + schema
                    + ".product p JOIN "
                    + schema
                    + ".organisation o ON o.id = p.organisation_id WHERE p.gtin = ?")) {
      s.setString(1, gtin);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        List<String> shown = List.of((String[]) rs.getArray(7).getArray());
        return Optional.of(
            new Product(
                rs.getString(1),
                shown.contains("name") ? rs.getString(2) : null,
                shown.contains("category") ? rs.getString(3) : null,
                shown.contains("species") ? rs.getString(4) : null,
                shown.contains("description") ? rs.getString(5) : null,
                shown.contains("imageUrls")
                    ? List.of((String[]) rs.getArray(6).getArray())
                    : List.of(),
                new Party(
                    rs.getObject(8, UUID.class),
                    rs.getString(9),
                    rs.getString(10),
                    rs.getBoolean(11))));
      }
    }
  }

  private Optional<Lot> lot(String gtin, String lot) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT lot, production_date, expiry_date, harvest_area FROM "
                    + schema
                    + ".lot WHERE gtin = ? AND lot = ? AND public")) {
      s.setString(1, gtin);
      s.setString(2, lot);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Lot(
                rs.getString(1),
                Optional.ofNullable(rs.getDate(2)).map(Object::toString).orElse(null),
                Optional.ofNullable(rs.getDate(3)).map(Object::toString).orElse(null),
                rs.getString(4)));
      }
    }
  }

  private List<Certificate> certificates(String gtin, Optional<String> lot) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT c.type, c.issuer_name, c.valid_from, c.valid_to,"
                    + " CASE WHEN c.status = 'revoked' THEN 'revoked'"
                    + " WHEN current_date < c.valid_from THEN 'not-yet-valid'"
                    + " WHEN current_date > c.valid_to THEN 'expired' ELSE 'valid' END,"
                    + " c.document_sha256 FROM "
                    + schema
                    + ".certificate c WHERE c.id IN (SELECT certificate_id FROM "
                    + schema
                    + ".certificate_gtin WHERE gtin = ?) OR c.id IN (SELECT cl.certificate_id FROM "
                    + schema
                    + ".certificate_lot cl JOIN "
                    + schema
                    + ".lot l ON l.id = cl.lot_id WHERE l.gtin = ? AND l.lot = ?)"
                    + " ORDER BY c.type, c.valid_to")) {
      s.setString(1, gtin);
      s.setString(2, gtin);
      s.setString(3, lot.orElse(""));
      List<Certificate> certificates = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          certificates.add(
              new Certificate(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getDate(3).toString(),
                  rs.getDate(4).toString(),
                  rs.getString(5),
                  rs.getString(6)));
        }
      }
      return List.copyOf(certificates);
    }
  }

  /** Registered locations by the ids events name them with (SGLN URNs or 414 Digital Links). */
  private Map<String, Place> places(List<String> ids) throws SQLException {
    Map<String, String> glns = new HashMap<>();
    Map<String, String> extensions = new HashMap<>();
    for (String id : ids) {
      try {
        if (EpcisIdentifier.parse(id) instanceof Sgln sgln) {
          glns.put(id, sgln.gln().value());
          extensions.put(id, sgln.extension());
        }
      } catch (Gs1Exception e) {
        // not a GS1 location: the step shows its id alone
      }
    }
    Map<String, Place> places = new HashMap<>();
    if (glns.isEmpty()) {
      return places;
    }
    Map<String, Place> registered = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT gln, extension, name, country, latitude, longitude FROM "
                    + schema
                    + ".location WHERE gln = ANY (?)")) {
      s.setArray(1, c.createArrayOf("text", glns.values().stream().distinct().toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          double lat = rs.getDouble(5);
          Double latitude = rs.wasNull() ? null : lat;
          double lon = rs.getDouble(6);
          Double longitude = rs.wasNull() ? null : lon;
          registered.put(
              rs.getString(1) + "/" + rs.getString(2),
              new Place(null, rs.getString(3), rs.getString(4), latitude, longitude));
        }
      }
    }
    glns.forEach(
        (id, gln) -> {
          // An SGLN whose extension is not registered shows its GLN's place (extension "0" in an
          // SGLN URN means the GLN itself).
          Place place = registered.get(gln + "/" + extensions.get(id));
          if (place == null) {
            place = registered.get(gln + "/");
          }
          if (place != null) {
            places.put(
                id,
                new Place(id, place.name(), place.country(), place.latitude(), place.longitude()));
          }
        });
    return places;
  }

  /** Scans per client address and minute. */
  static final int SCANS_PER_MINUTE = 60;

  private static final RateLimiter SCANNERS =
      new RateLimiter(SCANS_PER_MINUTE, Duration.ofMinutes(1));

  /** An anonymous scan: the Digital Link read and where the phone was, roughly. */
  public record Scan(String link, Double latitude, Double longitude) {}

  @POST
  @Path("/scans")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Record an anonymous consumer scan of a serialised item",
      description =
          "link: the scanned GS1 Digital Link of a serialised item (/01/{gtin}/21/{serial}, any"
              + " domain); latitude and longitude of the phone, stored rounded to 0.1° (about 11 km)."
              + " Nothing about the phone or its user is kept. Scans of one code in places and times"
              + " that cannot both be true mark it as a cloned code in its consumer view. "
              + SCANS_PER_MINUTE
              + " per minute per client address.")
  @APIResponse(responseCode = "204", description = "Recorded")
  @APIResponse(responseCode = "400", description = "invalid-gs1 or invalid-request")
  @APIResponse(responseCode = "429", description = "too-many-requests; Retry-After")
  public void scan(Scan scan, @Context HttpServerRequest http) throws SQLException {
    SCANNERS.check(RateLimiter.clientAddress(http), "Too many scans from this address; slow down.");
    if (scan == null
        || scan.link() == null
        || scan.latitude() == null
        || scan.longitude() == null) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST, "link, latitude and longitude are required.");
    }
    if (Math.abs(scan.latitude()) > 90 || Math.abs(scan.longitude()) > 180) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST, "latitude is -90..90 and longitude -180..180.");
    }
    DigitalLink link;
    try {
      link = DigitalLink.parse(scan.link());
    } catch (Gs1Exception e) {
      throw new ProblemException(ProblemType.INVALID_GS1, e.getMessage(), e.code().id(), e);
    }
    if (link.value("01").isEmpty() || link.value("21").isEmpty()) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          "Only serialised items (/01/{gtin}/21/{serial}) are scanned.");
    }
    authenticity.record(
        link.withoutOtherParameters().toUri(), Instant.now(), scan.latitude(), scan.longitude());
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
                "SELECT id, name, country, status = 'verified' FROM "
                    + schema
                    + ".organisation WHERE id = ANY (?)")) {
      s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          parties.put(id, new Party(id, rs.getString(2), rs.getString(3), rs.getBoolean(4)));
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
