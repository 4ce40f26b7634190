package org.tracemark.api.trace;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.auth.Caller;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.epcis.Vocabulary;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.api.trace.TraceGraph.Direction;

/** {@code GET /api/trace}: the supply-chain graph around one identifier ({@link TraceGraph}). */
@Path("/api/trace")
@Tag(name = "Trace")
public class TraceResource {

  /** Steps walked when the request does not say. */
  public static final int DEFAULT_DEPTH = 50;

  /** The deepest walk one request may ask for. */
  public static final int MAX_DEPTH = 1000;

  private final TraceGraph graph;
  private final Caller caller;

  public TraceResource(TraceGraph graph, Caller caller) {
    this.graph = graph;
    this.caller = caller;
  }

  /** The answer: the root as given and as compared, and the graph. */
  public record TraceView(
      String epc,
      String root,
      String direction,
      int depth,
      boolean truncated,
      List<TraceGraph.Node> nodes,
      List<TraceGraph.Edge> edges) {}

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.CUSTOMS, Roles.AUDITOR, Roles.ADMIN})
  @Operation(
      summary = "Trace an identifier up- and downstream",
      description =
          "Nodes are identifiers (canonical GS1 Digital Links for GS1 keys; an EPC URN and its"
              + " Digital Link are the same node); edges run the way the goods moved, child →"
              + " parent (AggregationEvent) and input → output (TransformationEvent), each with the"
              + " event behind it; every node lists the object events naming it (commissioning,"
              + " shipping, receiving). Customs, auditors and admins walk every organisation's"
              + " events; a producer its own. At most 10,000 nodes (truncated: true beyond).")
  @APIResponse(responseCode = "200", description = "The graph")
  @APIResponse(
      responseCode = "400",
      description = "invalid-request: no epc, an unknown direction, a depth outside 1-1000",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "401", description = "No or a bad Bearer token")
  public TraceView trace(
      @Parameter(description = "An EPC or class: EPC URN or GS1 Digital Link", required = true)
          @QueryParam("epc")
          String epc,
      @Parameter(description = "upstream (default), downstream or both") @QueryParam("direction")
          String direction,
      @Parameter(description = "Steps to walk, 1-1000 (default 50)") @QueryParam("depth")
          Integer depth)
      throws SQLException {
    if (epc == null || epc.isBlank() || epc.length() > 2000) {
      throw invalid(
          "epc must be given (an EPC URN or GS1 Digital Link of at most 2000 characters)");
    }
    Direction walk;
    try {
      walk =
          direction == null
              ? Direction.UPSTREAM
              : Direction.valueOf(direction.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("direction is upstream, downstream or both");
    }
    int steps = depth == null ? DEFAULT_DEPTH : depth;
    if (steps < 1 || steps > MAX_DEPTH) {
      throw invalid("depth must be 1 to " + MAX_DEPTH + ", not " + steps);
    }
    Optional<UUID> scope = caller.readScope();
    String root = Vocabulary.canonicalEpc(epc);
    TraceGraph.Graph found = graph.walk(root, walk, steps, scope);
    return new TraceView(
        epc,
        root,
        walk.name().toLowerCase(Locale.ROOT),
        steps,
        found.truncated(),
        found.nodes(),
        found.edges());
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_REQUEST, detail + ".");
  }
}
