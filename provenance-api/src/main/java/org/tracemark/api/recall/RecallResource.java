package org.tracemark.api.recall;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.tracemark.api.auth.Caller;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.epcis.EventStore;
import org.tracemark.api.epcis.Vocabulary;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.api.trace.TraceGraph;

/**
 * Recalls (issue 8): {@code POST /api/recalls} by a producer for its own goods or by an authority
 * (customs, admin) for anyone's; {@code GET /api/recalls/{id}} with what is affected now —
 * everything downstream of the targets (lots made from them, logistic units that hold them), each
 * with where it was last seen — and the upstream sources.
 */
@Path("/api/recalls")
@Tag(name = "Recalls")
public class RecallResource {

  private static final Logger LOG = Logger.getLogger(RecallResource.class);

  /** Steps walked from each target, both ways. */
  static final int DEPTH = 100;

  /** The most items of a GTIN-wide target walked from. */
  static final int MAX_ITEMS = 1000;

  private final Recalls recalls;
  private final TraceGraph graph;
  private final EventStore events;
  private final Caller caller;

  public RecallResource(Recalls recalls, TraceGraph graph, EventStore events, Caller caller) {
    this.recalls = recalls;
    this.graph = graph;
    this.events = events;
    this.caller = caller;
  }

  public record NewRecall(List<String> targets, String reason) {}

  /** An affected identifier and where it was last seen. */
  public record Affected(
      String id, int depth, Instant lastSeen, String lastBizStep, String lastPlace) {}

  public record RecallView(
      Recalls.Recall recall, List<Affected> affected, List<String> sources, boolean truncated) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.CUSTOMS, Roles.ADMIN})
  @Operation(
      summary = "Recall GTINs, lots or SSCCs",
      description =
          "targets: EPC URNs or GS1 Digital Links of GTINs (all their lots and items), lots,"
              + " serialised items or SSCCs; a producer may recall only keys under its own GS1"
              + " company prefixes, customs and admins anyone's. The answer is the recall with"
              + " everything affected now.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "a farm's lot",
                      value =
                          "{\"targets\": [\"https://id.gs1.org/01/09520123012345/10/W26\"],"
                              + " \"reason\": \"Aflatoxin above limit in lot W26\"}")))
  @APIResponse(responseCode = "201", description = "Recalled; Location names the recall")
  @APIResponse(responseCode = "400", description = "invalid-request: not a GS1 key, no reason")
  @APIResponse(
      responseCode = "403",
      description = "forbidden (code not-your-prefix): a producer recalling another's goods")
  public Response recall(NewRecall request) throws SQLException {
    if (request == null || request.targets() == null || request.targets().isEmpty()) {
      throw invalid("targets: one or more GTINs, lots, items or SSCCs");
    }
    if (request.targets().size() > 1000) {
      throw invalid("at most 1000 targets per recall");
    }
    if (request.reason() == null
        || request.reason().isBlank()
        || request.reason().length() > 2000) {
      throw invalid("reason: 1-2000 characters saying why");
    }
    boolean authority = caller.hasRole(Roles.CUSTOMS) || caller.isAdmin();
    Optional<UUID> organisation =
        authority ? caller.organisation() : Optional.of(caller.requireOrganisation());
    Set<String> prefixes = authority ? Set.of() : events.companyPrefixes(organisation.get());
    Set<String> targets = new LinkedHashSet<>();
    for (String target : request.targets()) {
      String canonical = target == null ? "" : Vocabulary.canonicalEpc(target);
      String key = keyDigits(canonical);
      if (key == null) {
        throw invalid(
            Problem.echo(target, 120)
                + " is not a GTIN, lot, item or SSCC (an EPC URN or a GS1 Digital Link of one)");
      }
      if (!authority && prefixes.stream().noneMatch(key::startsWith)) {
        throw new ProblemException(
            ProblemType.FORBIDDEN,
            Problem.echo(target, 120)
                + " is not under your organisation's GS1 company prefixes "
                + prefixes
                + ".",
            "not-your-prefix",
            null);
      }
      targets.add(canonical);
    }
    Recalls.Recall recall =
        recalls.create(
            organisation, caller.subject(), authority, request.reason().strip(), targets);
    LOG.infof(
        "recall %s by %s of %d target(s): %s",
        recall.id(), caller.subject(), targets.size(), recall.reason());
    return Response.created(URI.create("/api/recalls/" + recall.id())).entity(view(recall)).build();
  }

  @GET
  @Path("/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.CUSTOMS, Roles.AUDITOR, Roles.ADMIN})
  @Operation(
      summary = "A recall and everything it affects now",
      description =
          "affected: every identifier downstream of the targets (lots made from them, the logistic"
              + " units and items that hold them) with where and when it was last seen; sources:"
              + " what the targets were made from.")
  @APIResponse(responseCode = "200", description = "The recall")
  @APIResponse(responseCode = "404", description = "not-found")
  public RecallView get(@PathParam("id") UUID id) throws SQLException {
    return view(
        recalls
            .find(id)
            .orElseThrow(
                () -> new ProblemException(ProblemType.NOT_FOUND, "No recall " + id + ".")));
  }

  private RecallView view(Recalls.Recall recall) throws SQLException {
    List<String> roots = new ArrayList<>();
    for (String target : recall.targets()) {
      roots.add(target);
      if (isGtinOnly(target)) {
        roots.addAll(recalls.itemsOf(target, MAX_ITEMS));
      }
    }
    Map<String, Affected> affected = new LinkedHashMap<>();
    Set<String> sources = new LinkedHashSet<>();
    boolean truncated = false;
    for (String root : roots) {
      TraceGraph.Graph down =
          graph.walk(root, TraceGraph.Direction.DOWNSTREAM, DEPTH, Optional.empty());
      truncated |= down.truncated();
      for (TraceGraph.Node node : down.nodes()) {
        Optional<TraceGraph.EventRef> last =
            node.events().stream().reduce((first, second) -> second);
        affected.merge(
            node.id(),
            new Affected(
                node.id(),
                node.depth(),
                last.map(TraceGraph.EventRef::eventTime).orElse(null),
                last.flatMap(TraceGraph.EventRef::bizStep).orElse(null),
                last.flatMap(e -> e.bizLocation().or(e::readPoint)).orElse(null)),
            (a, b) -> a.depth() <= b.depth() ? a : b);
      }
      TraceGraph.Graph up =
          graph.walk(root, TraceGraph.Direction.UPSTREAM, DEPTH, Optional.empty());
      truncated |= up.truncated();
      up.nodes().stream().filter(n -> n.depth() > 0).forEach(n -> sources.add(n.id()));
    }
    return new RecallView(recall, List.copyOf(affected.values()), List.copyOf(sources), truncated);
  }

  /** The digits that a company prefix starts (without the GTIN indicator / SSCC extension). */
  private static String keyDigits(String canonical) {
    if (canonical.startsWith(Recalls.GTIN_PREFIX)) {
      String rest = canonical.substring(Recalls.GTIN_PREFIX.length());
      return rest.length() >= 14 ? rest.substring(1, 14) : null;
    }
    String sscc = "https://id.gs1.org/00/";
    if (canonical.startsWith(sscc) && canonical.length() == sscc.length() + 18) {
      return canonical.substring(sscc.length() + 1);
    }
    return null;
  }

  private static boolean isGtinOnly(String target) {
    return target.startsWith(Recalls.GTIN_PREFIX)
        && target.length() == Recalls.GTIN_PREFIX.length() + 14;
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_REQUEST, detail + ".");
  }
}
