package org.tracemark.api.epcis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.auth.Caller;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.api.readings.ReadingEvents;

/**
 * EPCIS 2.0 capture (DESIGN §4): {@code POST /epcis/capture} takes an EPCISDocument and answers
 * {@code 202} with the {@code Location} of its capture job; {@code GET /epcis/capture/{id}} reports
 * the job. Capture is all or nothing per document: a document that fails the schema, a GS1 check or
 * the caller's scope is refused whole with every violation listed, and nothing is stored. A
 * document that passes is committed before the answer, so its job is already finished then.
 */
@Path("/epcis/capture")
@Tag(name = "EPCIS")
public class EpcisCaptureResource {

  private final EventCapture capture;
  private final EventStore store;
  private final Caller caller;

  public EpcisCaptureResource(EventCapture capture, EventStore store, Caller caller) {
    this.capture = capture;
    this.store = store;
    this.caller = caller;
  }

  /**
   * A capture job in the shape of the EPCIS 2.0 REST binding's {@code CaptureJob}, plus the
   * eventIDs it stored and how many events were already captured.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CaptureJobView(
      String captureID,
      String createdAt,
      String finishedAt,
      boolean running,
      boolean success,
      String captureErrorBehaviour,
      List<String> errors,
      int eventCount,
      int duplicateCount,
      List<String> eventIDs) {

    static CaptureJobView of(EventStore.CaptureJob job) {
      return new CaptureJobView(
          job.id().toString(),
          ReadingEvents.time(job.createdAt()),
          job.finishedAt().map(ReadingEvents::time).orElse(null),
          job.status().equals("running"),
          job.status().equals("success"),
          "rollback",
          List.of(),
          job.eventCount(),
          job.duplicateCount(),
          job.eventIds());
    }
  }

  @POST
  @Consumes({EpcisEventsResource.LD_JSON, MediaType.APPLICATION_JSON})
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.PRODUCER)
  @Operation(
      summary = "Capture an EPCISDocument",
      description =
          "JSON or JSON-LD, validated against GS1's EPCIS 2.0 JSON schema; GS1 keys must have valid"
              + " check digits; every readPoint / bizLocation must be under the caller's GS1 company"
              + " prefixes, unless the event's destinationList names the caller (the receiving"
              + " party). Up to 10,000 events. Events without an eventID get their GS1 event hash."
              + " All or nothing; capturing the same document again stores nothing new.")
  @RequestBody(
      content =
          @Content(
              mediaType = EpcisEventsResource.LD_JSON,
              schema = @Schema(type = SchemaType.OBJECT),
              examples =
                  @ExampleObject(
                      name = "one shipping event",
                      value =
                          "{\"@context\":[\""
                              + ReadingEvents.EPCIS_CONTEXT
                              + "\"],\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\","
                              + "\"creationDate\":\"2026-03-01T08:05:00.000+08:00\","
                              + "\"epcisBody\":{\"eventList\":["
                              + EpcisEventsResource.EXAMPLE_EVENT
                              + "]}}")))
  @APIResponse(
      responseCode = "202",
      description = "Captured; the job (already finished) is at Location",
      headers = @Header(name = "Location", description = "/epcis/capture/{captureID}"))
  @APIResponse(
      responseCode = "400",
      description =
          "malformed-json, or validation-failed listing every schema or GS1 violation by JSON"
              + " pointer",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "401", description = "No or a bad Bearer token")
  @APIResponse(
      responseCode = "403",
      description = "forbidden: not a producer, or locations that are not the caller's (listed)")
  @APIResponse(
      responseCode = "409",
      description = "conflict: an eventID already used for an event with other content")
  @APIResponse(responseCode = "413", description = "payload-too-large: over the body limit")
  public Response capture(JsonNode document) throws SQLException {
    EventStore.CaptureJob job = capture.document(document);
    return Response.accepted(CaptureJobView.of(job))
        .location(URI.create("/epcis/capture/" + job.id()))
        .header("GS1-EPCIS-Version", "2.0.0")
        .header("GS1-CBV-Version", "2.0.0")
        .build();
  }

  @GET
  @Path("/{captureID}")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Operation(summary = "A capture job: its state and the eventIDs it stored")
  @APIResponse(responseCode = "200", description = "The job")
  @APIResponse(
      responseCode = "404",
      description = "not-found: no such job of the caller's organisation",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public CaptureJobView job(@PathParam("captureID") UUID id) throws SQLException {
    return store
        .job(id)
        .filter(job -> caller.isAdmin() || job.organisation().equals(caller.requireOrganisation()))
        .map(CaptureJobView::of)
        .orElseThrow(
            () -> new ProblemException(ProblemType.NOT_FOUND, "No capture job " + id + "."));
  }
}
