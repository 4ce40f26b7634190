package org.tracemark.api.epcis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.auth.Caller;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.readings.PageKey;
import org.tracemark.api.readings.ReadingEvents;
import org.tracemark.api.readings.ReadingRow;
import org.tracemark.api.readings.ReadingStore;

/**
 * The EPCIS 2.0 REST binding's event query (DESIGN §4): {@code GET /epcis/events} with
 * SimpleEventQuery parameters, answered with an {@code EPCISQueryDocument}. Events come from the
 * projected readings; captured EPCIS events join them here, through the same {@link
 * SimpleEventQuery}, when capture lands.
 *
 * <p>Needs a Bearer token: customs, auditors and admins see every device's readings; a producer
 * sees those of its own organisation's devices.
 */
@Path("/epcis/events")
@Tag(name = "EPCIS")
public class EpcisEventsResource {

  public static final String LD_JSON = "application/ld+json";

  private final ReadingStore readings;
  private final Caller caller;
  private final ObjectMapper json;

  public EpcisEventsResource(ReadingStore readings, Caller caller, ObjectMapper json) {
    this.readings = readings;
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
    Optional<UUID> scope =
        caller.hasRole(Roles.CUSTOMS) || caller.hasRole(Roles.AUDITOR) || caller.isAdmin()
            ? Optional.empty()
            : Optional.of(caller.requireOrganisation());
    // One more than a page tells whether there is a next page without a count.
    List<ReadingRow> rows = readings.events(query, scope, query.perPage() + 1);
    boolean more = rows.size() > query.perPage();
    List<ReadingRow> page = more ? rows.subList(0, query.perPage()) : rows;

    Map<String, Object> document = new LinkedHashMap<>();
    document.put("@context", ReadingEvents.CONTEXT);
    document.put("type", "EPCISQueryDocument");
    document.put("schemaVersion", "2.0");
    document.put("creationDate", ReadingEvents.time(Instant.now()));
    document.put(
        "epcisBody",
        Map.of(
            "queryResults",
            Map.of(
                "queryName",
                "SimpleEventQuery",
                "resultsBody",
                Map.of("eventList", page.stream().map(ReadingEvents::objectEvent).toList()))));
    Response.ResponseBuilder response =
        Response.ok(json.writeValueAsString(document))
            .header("GS1-EPCIS-Version", "2.0.0")
            .header("GS1-CBV-Version", "2.0.0");
    if (more) {
      String token = PageKey.of(page.get(page.size() - 1)).token();
      response.header("Link", "<" + nextPage(uri, token) + ">; rel=\"next\"");
    }
    return response.build();
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
