package org.tracemark.api.digitallink;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.auth.RateLimiter;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.api.recall.Recalls;
import org.tracemark.api.trace.TraceGraph;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.digitallink.DigitalLink;

/**
 * The GS1 Digital Link resolver at the root (DESIGN §4; GS1-Conformant Resolver Standard): {@code
 * /01/{gtin}[/10/{lot}][/21/{serial}]}, {@code /00/{sscc}}, {@code /414/{gln}[/254/{ext}]}. The
 * path is checked as GS1 Digital Link (check digits, AI order, character sets) and answered by
 * content negotiation: {@code application/linkset+json} (or {@code ?linkType=all}) → the RFC 9264
 * linkset of what we know about the identifier; {@code ?linkType=gs1:…} → {@code 303} to that link;
 * anything else (a phone's browser) → {@code 303} to the default link. Invalid paths are {@code
 * 400} problem+json whatever was asked for, with the GS1 rule in {@code code}. Anonymous and
 * limited to {@value #PER_MINUTE} resolutions per client address and minute (429 + Retry-After).
 */
@Path("/")
@Tag(name = "GS1 Digital Link")
public class DigitalLinkResolver {

  public static final String LINKSET = "application/linkset+json";

  /** Resolutions per client address and minute (anonymous: every scanner app and phone). */
  static final int PER_MINUTE = 1200;

  private static final RateLimiter ADDRESSES = new RateLimiter(PER_MINUTE, Duration.ofMinutes(1));

  /** GS1 Web Vocabulary link types. */
  static final String VOC = "https://gs1.org/voc/";

  private final TraceGraph graph;
  private final Recalls recalls;

  public DigitalLinkResolver(TraceGraph graph, Recalls recalls) {
    this.graph = graph;
    this.recalls = recalls;
  }

  /** One link of a linkset. */
  record Link(String type, String href, String title, String mediaType) {}

  @GET
  @Path("01/{rest: .+}")
  @Operation(
      summary = "Resolve a GTIN (with lot or serial)",
      description =
          "Accept: application/linkset+json or ?linkType=all → the linkset; ?linkType=gs1:pip"
              + " (or another offered type) → 303 to it; otherwise 303 to the default link (the"
              + " consumer view). Link types offered: gs1:pip, gs1:traceability, gs1:epcis.")
  @APIResponse(
      responseCode = "303",
      description = "To the requested or default link",
      headers = @Header(name = "Location"))
  @APIResponse(
      responseCode = "200",
      description = "The linkset",
      content = @Content(mediaType = LINKSET))
  @APIResponse(
      responseCode = "400",
      description = "invalid-gs1: bad check digit, unknown or misordered AI (code says which)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "not-found: a linkType this identifier has no link of")
  public Response gtin(
      @Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest http)
      throws SQLException {
    return resolve(uri, headers, http);
  }

  @GET
  @Path("00/{rest: .+}")
  @Operation(summary = "Resolve an SSCC (a logistic unit): gs1:traceability, gs1:epcis")
  public Response sscc(
      @Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest http)
      throws SQLException {
    return resolve(uri, headers, http);
  }

  @GET
  @Path("414/{rest: .+}")
  @Operation(summary = "Resolve a GLN (a location, with 254 an SGLN): gs1:epcis")
  public Response gln(
      @Context UriInfo uri, @Context HttpHeaders headers, @Context HttpServerRequest http)
      throws SQLException {
    return resolve(uri, headers, http);
  }

  private Response resolve(UriInfo uri, HttpHeaders headers, HttpServerRequest http)
      throws SQLException {
    ADDRESSES.check(
        RateLimiter.clientAddress(http), "Too many resolutions from this address; slow down.");
    URI request = uri.getRequestUri();
    DigitalLink link;
    try {
      link = DigitalLink.parse(request.toString());
    } catch (Gs1Exception e) {
      throw new ProblemException(ProblemType.INVALID_GS1, e.getMessage(), e.code().id(), e);
    }
    String base = uri.getBaseUri().toString();
    String anchor = link.withoutOtherParameters().toUri();
    List<Link> links = links(link, anchor, base);
    Optional<String> linkType = link.parameter("linkType");
    boolean wantsLinkset =
        linkType.map(t -> t.equals("all") || t.equals("linkset")).orElse(false)
            || (linkType.isEmpty()
                && headers.getAcceptableMediaTypes().stream()
                    .anyMatch(
                        m -> m.isCompatible(MediaType.valueOf(LINKSET)) && !m.isWildcardType()));
    if (wantsLinkset) {
      return Response.ok(linkset(anchor, links, recalled(link, anchor, links)))
          .type(LINKSET)
          .header("Vary", "Accept")
          .build();
    }
    String wanted = linkType.map(DigitalLinkResolver::expand).orElse(links.get(0).type());
    Link target =
        links.stream()
            .filter(l -> l.type().equals(wanted))
            .findFirst()
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.NOT_FOUND,
                        "No link of type "
                            + linkType.orElse("")
                            + " for "
                            + anchor
                            + "; offered: "
                            + links.stream().map(l -> compact(l.type())).distinct().toList()
                            + " (or linkType=all for the linkset)."));
    return Response.seeOther(URI.create(target.href()))
        .header("Vary", "Accept")
        .header(
            "Link",
            "<"
                + link.withoutOtherParameters().toUri(base)
                + "?linkType=all>; rel=\"linkset\"; type=\""
                + LINKSET
                + "\"")
        .build();
  }

  /** What we offer for an identifier, the default first. */
  private static List<Link> links(DigitalLink link, String anchor, String base) {
    String primary = link.primaryKey().code();
    String path = anchor.substring(DigitalLink.CANONICAL_BASE.length());
    List<Link> links = new ArrayList<>();
    if (primary.equals("01")) {
      links.add(
          new Link(
              VOC + "pip",
              base + "api/consumer" + path,
              "Where this product comes from, verified",
              MediaType.APPLICATION_JSON));
    }
    if (!primary.equals("414")) {
      links.add(
          new Link(
              VOC + "traceability",
              base + "api/trace?direction=both&epc=" + encode(anchor),
              "Supply-chain graph (sign-in needed)",
              MediaType.APPLICATION_JSON));
    }
    links.add(
        new Link(
            VOC + "epcis",
            base + "epcis/events?MATCH_anyEPC=" + encode(anchor),
            "EPCIS 2.0 events (sign-in needed)",
            "application/ld+json"));
    return links;
  }

  /**
   * A recall notice for the linkset, if the goods or anything upstream of them are recalled: a
   * {@code gs1:recallStatus} link to the consumer view, titled with the reason.
   */
  private List<Link> recalled(DigitalLink link, String anchor, List<Link> links)
      throws SQLException {
    if (link.primaryKey().code().equals("414")) {
      return List.of();
    }
    TraceGraph.Graph upstream =
        graph.walk(anchor, TraceGraph.Direction.UPSTREAM, 50, Optional.empty());
    String target = links.get(0).href();
    return recalls.covering(upstream.nodes().stream().map(TraceGraph.Node::id).toList()).stream()
        .map(
            r ->
                new Link(
                    VOC + "recallStatus",
                    target,
                    "RECALLED: " + r.reason(),
                    links.get(0).mediaType()))
        .toList();
  }

  /** RFC 9264 §4.2: {@code {"linkset": [{"anchor": …, "<type>": [{"href": …}, …]}]}}. */
  private static Map<String, Object> linkset(String anchor, List<Link> links, List<Link> recalls) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("anchor", anchor);
    if (!recalls.isEmpty()) {
      // First, so that a client reading the linkset top-down meets it before anything else.
      context.put(
          VOC + "recallStatus",
          recalls.stream()
              .map(r -> Map.of("href", r.href(), "title", r.title(), "type", r.mediaType()))
              .toList());
    }
    Link first = links.get(0);
    context.put(
        VOC + "defaultLink",
        List.of(Map.of("href", first.href(), "title", first.title(), "type", first.mediaType())));
    for (Link l : links) {
      @SuppressWarnings("unchecked")
      List<Object> targets =
          (List<Object>) context.computeIfAbsent(l.type(), k -> new ArrayList<>());
      targets.add(Map.of("href", l.href(), "title", l.title(), "type", l.mediaType()));
    }
    return Map.of("linkset", List.of(context));
  }

  /** {@code gs1:pip} → the full GS1 Web Vocabulary URI; full URIs stay as they are. */
  static String expand(String linkType) {
    return linkType.startsWith("gs1:") ? VOC + linkType.substring(4) : linkType;
  }

  private static String compact(String type) {
    return type.startsWith(VOC) ? "gs1:" + type.substring(VOC.length()) : type;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
