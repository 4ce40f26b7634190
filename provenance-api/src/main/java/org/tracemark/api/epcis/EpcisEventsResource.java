package org.tracemark.api.epcis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.auth.Caller;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.api.readings.PageKey;
import org.tracemark.api.readings.ReadingEvents;
import org.tracemark.api.readings.ReadingRow;
import org.tracemark.api.readings.ReadingStore;

/**
 * The EPCIS 2.0 REST binding's events (DESIGN §4): {@code GET /epcis/events} with SimpleEventQuery
 * parameters, answered with an {@code EPCISQueryDocument} of projected readings and captured events
 * merged in one page order; {@code POST /epcis/events} captures one event; {@code GET
 * /epcis/events/{eventID}} reads one back.
 *
 * <p>Needs a Bearer token: customs, auditors and admins read every organisation's events; a
 * producer those of its own organisation (its devices' readings and its captures).
 */
@Path("/epcis/events")
@Tag(name = "EPCIS")
public class EpcisEventsResource {

  public static final String LD_JSON = "application/ld+json";

  private final ReadingStore readings;
  private final EventStore events;
  private final EventCapture capture;
  private final Caller caller;
  private final ObjectMapper json;

  public EpcisEventsResource(
      ReadingStore readings,
      EventStore events,
      EventCapture capture,
      Caller caller,
      ObjectMapper json) {
    this.readings = readings;
    this.events = events;
    this.capture = capture;
    this.caller = caller;
    this.json = json;
  }

  @GET
  @Produces({LD_JSON, "application/json"})
  @RolesAllowed({Roles.PRODUCER, Roles.CUSTOMS, Roles.AUDITOR, Roles.ADMIN})
  @Operation(
      summary = "Query EPCIS events (SimpleEventQuery)",
      description =
          "Supported parameters: eventType, GE_eventTime, LT_eventTime, MATCH_epc, MATCH_anyEPC,"
              + " EQ_bizStep, EQ_readPoint (lists separated by |), perPage (1-1000, default 30) and"
              + " nextPageToken. Any other parameter is a 400 invalid-query problem (code"
              + " QueryParameterException). Events are ordered by eventTime; while more remain, the"
              + " Link header names the next page (rel=\"next\"). Readings are ObjectEvents with"
              + " action OBSERVE, a sensorElementList for sensor values, and the extensions"
              + " tracemark:ledgerIndex, tracemark:position, tracemark:device, tracemark:boot and"
              + " tracemark:seq.")
  @Parameters({
    @Parameter(
        name = "eventType",
        in = ParameterIn.QUERY,
        description = "EPCIS event types, |-separated; readings are ObjectEvents",
        schema = @Schema(type = SchemaType.STRING)),
    @Parameter(
        name = "GE_eventTime",
        in = ParameterIn.QUERY,
        description = "Events at or after this date-time (with offset)",
        schema = @Schema(type = SchemaType.STRING)),
    @Parameter(
        name = "LT_eventTime",
        in = ParameterIn.QUERY,
        description = "Events before this date-time (with offset)",
        schema = @Schema(type = SchemaType.STRING)),
    @Parameter(
        name = "MATCH_epc",
        in = ParameterIn.QUERY,
        description = "EPCs (|-separated) one of which is in the event's epcList",
        schema = @Schema(type = SchemaType.STRING)),
    @Parameter(
        name = "MATCH_anyEPC",
        in = ParameterIn.QUERY,
        description = "EPCs (|-separated) one of which is in any EPC field of the event",
        schema = @Schema(type = SchemaType.STRING)),
    @Parameter(
        name = "EQ_bizStep",
        in = ParameterIn.QUERY,
        description =
            "CBV business steps, bare (shipping) or as URI; sensor readings are sensor_reporting",
        schema = @Schema(type = SchemaType.STRING)),
    @Parameter(
        name = "EQ_readPoint",
        in = ParameterIn.QUERY,
        description = "readPoint ids (|-separated), e.g. SGLN URNs",
        schema = @Schema(type = SchemaType.STRING)),
    @Parameter(
        name = "perPage",
        in = ParameterIn.QUERY,
        description = "Events per page, 1-1000 (default 30)",
        schema = @Schema(type = SchemaType.INTEGER)),
    @Parameter(
        name = "nextPageToken",
        in = ParameterIn.QUERY,
        description = "From the Link rel=\"next\" of the previous page",
        schema = @Schema(type = SchemaType.STRING))
  })
  @APIResponse(
      responseCode = "200",
      description = "An EPCISQueryDocument (JSON-LD); Link rel=\"next\" while more events remain",
      headers = {
        @Header(name = "Link", description = "<url>; rel=\"next\" for the next page"),
        @Header(name = "GS1-EPCIS-Version", description = "2.0.0")
      })
  @APIResponse(
      responseCode = "400",
      description =
          "invalid-query (code QueryParameterException): unknown, malformed or out-of-range parameter",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "401", description = "No or a bad Bearer token")
  public Response events(@Context UriInfo uri) throws SQLException, JsonProcessingException {
    SimpleEventQuery query = SimpleEventQuery.parse(uri.getQueryParameters());
    Optional<UUID> scope = caller.readScope();
    // One more than a page from each source tells whether there is a next page without a count;
    // the two are merged in page order (PageKey.ORDER).
    int limit = query.perPage() + 1;
    List<ReadingRow> rows = readings.events(query, scope, limit);
    List<EventStore.StoredEvent> captured = events.events(query, scope, limit);
    List<Object> merged = new ArrayList<>();
    PageKey last = null;
    int r = 0;
    int e = 0;
    while (merged.size() < limit && (r < rows.size() || e < captured.size())) {
      PageKey reading = r < rows.size() ? PageKey.of(rows.get(r)) : null;
      PageKey event =
          e < captured.size()
              ? PageKey.captured(captured.get(e).eventTime(), captured.get(e).seq())
              : null;
      if (event == null || (reading != null && PageKey.ORDER.compare(reading, event) < 0)) {
        if (merged.size() < query.perPage()) {
          last = reading;
        }
        merged.add(ReadingEvents.objectEvent(rows.get(r++)));
      } else {
        if (merged.size() < query.perPage()) {
          last = event;
        }
        merged.add(EventView.of(captured.get(e++), json));
      }
    }
    boolean more = merged.size() > query.perPage();
    List<Object> page = more ? merged.subList(0, query.perPage()) : merged;

    Map<String, Object> document = new LinkedHashMap<>();
    document.put("@context", ReadingEvents.CONTEXT);
    document.put("type", "EPCISQueryDocument");
    document.put("schemaVersion", "2.0");
    document.put("creationDate", ReadingEvents.time(Instant.now()));
    document.put(
        "epcisBody",
        Map.of(
            "queryResults",
            Map.of("queryName", "SimpleEventQuery", "resultsBody", Map.of("eventList", page))));
    Response.ResponseBuilder response =
        Response.ok(json.writeValueAsString(document))
            .header("GS1-EPCIS-Version", "2.0.0")
            .header("GS1-CBV-Version", "2.0.0");
    if (more) {
      response.header("Link", "<" + nextPage(uri, last.token()) + ">; rel=\"next\"");
    }
    return response.build();
  }

  @POST
  @Consumes({LD_JSON, MediaType.APPLICATION_JSON})
  @Produces({LD_JSON, MediaType.APPLICATION_JSON})
  @RolesAllowed(Roles.PRODUCER)
  @Operation(
      summary = "Capture one EPCIS event",
      description =
          "The event (JSON or JSON-LD, any of the five EPCIS 2.0 event types) is validated like a"
              + " document's, stored and anchored in the ledger as an epcis entry. Without an"
              + " eventID it gets its GS1 event hash (ni:///sha-256;…?ver=CBV2.0). Capturing the"
              + " same event again is harmless (200 with the stored event).")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.OBJECT),
              examples = @ExampleObject(name = "shipping", value = EXAMPLE_EVENT)))
  @APIResponse(
      responseCode = "201",
      description = "Captured; Location names the event",
      headers = @Header(name = "Location", description = "/epcis/events/{eventID}"))
  @APIResponse(responseCode = "200", description = "Captured before; the stored event")
  @APIResponse(
      responseCode = "400",
      description = "malformed-json, or validation-failed with every violation listed",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "401", description = "No or a bad Bearer token")
  @APIResponse(
      responseCode = "403",
      description = "forbidden: not a producer, or a location that is not the caller's")
  @APIResponse(
      responseCode = "409",
      description = "conflict: the eventID is already used for an event with other content")
  public Response capture(JsonNode event) throws SQLException {
    EventStore.CaptureJob job = capture.single(event);
    String id = job.eventIds().get(0);
    EventStore.StoredEvent stored = events.find(id).orElseThrow();
    Response.ResponseBuilder response =
        job.eventCount() == 1
            ? Response.created(URI.create("/epcis/events/" + encodePath(id)))
            : Response.ok();
    return response
        .type(LD_JSON)
        .entity(EventView.of(stored, json))
        .header("GS1-EPCIS-Version", "2.0.0")
        .build();
  }

  @GET
  @Path("/{eventID: .+}")
  @Produces({LD_JSON, MediaType.APPLICATION_JSON})
  @RolesAllowed({Roles.PRODUCER, Roles.CUSTOMS, Roles.AUDITOR, Roles.ADMIN})
  @Operation(
      summary = "One captured event by eventID",
      description =
          "The eventID percent-encoded as one path segment (an event hash ni:///sha-256;…?ver=CBV2.0"
              + " becomes ni%3A%2F%2F%2Fsha-256%3B…%3Fver%3DCBV2.0). The event is as captured plus"
              + " its eventID, recordTime and, once anchored, tracemark:ledgerIndex.")
  @APIResponse(responseCode = "200", description = "The event")
  @APIResponse(
      responseCode = "404",
      description = "not-found: no event with this eventID that the caller may read",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response event(@PathParam("eventID") String raw) throws SQLException {
    String eventId = decodePath(raw);
    Optional<UUID> scope = caller.readScope();
    EventStore.StoredEvent stored =
        events
            .find(eventId)
            .filter(e -> scope.isEmpty() || scope.get().equals(e.organisation()))
            .orElseThrow(
                () ->
                    new ProblemException(
                        ProblemType.NOT_FOUND,
                        "No event with eventID " + Problem.echo(eventId, 120) + "."));
    return Response.ok(EventView.of(stored, json))
        .type(LD_JSON)
        .header("GS1-EPCIS-Version", "2.0.0")
        .build();
  }

  static final String EXAMPLE_EVENT =
      "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-03-01T08:00:00.000+08:00\","
          + "\"eventTimeZoneOffset\":\"+08:00\","
          + "\"epcList\":[\"urn:epc:id:sgtin:9520123.012345.1001\"],\"action\":\"OBSERVE\","
          + "\"bizStep\":\"shipping\",\"disposition\":\"in_transit\","
          + "\"readPoint\":{\"id\":\"urn:epc:id:sgln:9520123.00001.0\"}}";

  /** An eventID as one path segment: percent-encoded UTF-8. */
  public static String encodePath(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * An eventID from a path: the router hands a multi-segment parameter over still percent-encoded,
   * so it is decoded here ("+" is a plus in a path, not a space).
   *
   * @throws ProblemException {@code invalid-request} for a malformed escape
   */
  public static String decodePath(String raw) {
    try {
      return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          "The eventID " + Problem.echo(raw, 120) + " has a malformed % escape.");
    }
  }

  /** This request's URL with nextPageToken replaced: every other parameter stays as given. */
  private static String nextPage(UriInfo uri, String token) {
    StringBuilder link = new StringBuilder(uri.getRequestUri().getRawPath()).append("?");
    uri.getQueryParameters()
        .forEach(
            (name, values) -> {
              if (!name.equals("nextPageToken")) {
                for (String value : values) {
                  link.append(encode(name)).append('=').append(encode(value)).append('&');
                }
              }
            });
    return link.append("nextPageToken=").append(token).toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
