package org.tracemark.api.readings;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.auth.Caller;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.devices.Device;
import org.tracemark.api.devices.DeviceRegistry;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;

/** A device's readings as projected from the ledger, newest first. */
@Path("/api/devices/{id}/readings")
@Tag(name = "Devices")
public class DeviceReadingsResource {

  /**
   * One reading: who signed it ({@code device, boot, seq}), when (device clock and receive time),
   * what it measured or scanned, and where it is in the ledger (entry index, offset in a batch).
   */
  public record ReadingView(
      String device,
      long boot,
      long seq,
      Instant deviceTime,
      Instant receivedAt,
      String kind,
      Map<String, Double> measurements,
      String epc,
      String bizStep,
      String location,
      List<String> objects,
      long ledgerIndex,
      int position) {

    static ReadingView of(ReadingRow row) {
      return new ReadingView(
          row.device(),
          row.boot(),
          row.seq(),
          row.deviceTime(),
          row.receivedAt(),
          row.kind(),
          row.measurements(),
          row.epc().orElse(null),
          row.bizStep().orElse(null),
          row.location().orElse(null),
          row.objects(),
          row.ledgerIndex(),
          row.pos());
    }
  }

  /**
   * One page, newest first; {@code next} fetches the following (older) page, absent on the last.
   */
  public record Page(List<ReadingView> items, String next) {}

  private final ReadingStore store;
  private final DeviceRegistry registry;
  private final Caller caller;

  public DeviceReadingsResource(ReadingStore store, DeviceRegistry registry, Caller caller) {
    this.store = store;
    this.registry = registry;
    this.caller = caller;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.CUSTOMS, Roles.AUDITOR, Roles.ADMIN})
  @Operation(
      summary = "A device's readings, newest first",
      description =
          "Readings as anchored in the ledger (a batch is one reading per element), with their"
              + " (device, boot, seq), device and receive times, values and ledger index. Filtered"
              + " by device time (from inclusive, to exclusive, ISO-8601 with offset), paged with"
              + " limit (1-1000, default 100) and before (the token in the previous page's next)."
              + " Producers see their own organisation's devices; customs, auditors and admins any.")
  @APIResponse(responseCode = "200", description = "One page of readings, newest first")
  @APIResponse(
      responseCode = "400",
      description = "invalid-request: bad from, to, limit or before",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description = "forbidden (code not-your-organisation): another organisation's device")
  @APIResponse(responseCode = "404", description = "not-found: no such device")
  public Page readings(
      @PathParam("id") String id,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("before") String before,
      @QueryParam("limit") Integer limit)
      throws SQLException {
    Device device =
        registry
            .find(id)
            .orElseThrow(
                () -> new ProblemException(ProblemType.NOT_FOUND, "No device " + id + "."));
    if (!caller.hasRole(Roles.CUSTOMS) && !caller.hasRole(Roles.AUDITOR)) {
      caller.requireOwnerOrAdmin(device.organisationId(), "Device " + id);
    }
    int size = limit == null ? 100 : limit;
    if (size < 1 || size > 1000) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, "limit must be 1 to 1000.");
    }
    Optional<PageKey> cursor = Optional.empty();
    if (before != null) {
      cursor = PageKey.parse(before);
      if (cursor.isEmpty()) {
        throw new ProblemException(
            ProblemType.INVALID_REQUEST, "before is not a token this server issued.");
      }
    }
    List<ReadingRow> rows =
        store.timeline(device.id(), instant("from", from), instant("to", to), cursor, size);
    String next = null;
    if (rows.size() == size) {
      StringBuilder link =
          new StringBuilder("/api/devices/" + encode(id) + "/readings?limit=" + size);
      if (from != null) {
        link.append("&from=").append(encode(from));
      }
      if (to != null) {
        link.append("&to=").append(encode(to));
      }
      next =
          link.append("&before=").append(PageKey.of(rows.get(rows.size() - 1)).token()).toString();
    }
    return new Page(rows.stream().map(ReadingView::of).toList(), next);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Optional<Instant> instant(String name, String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          name + " must be an ISO-8601 date-time with offset such as 2026-11-25T10:00:00Z.");
    }
  }
}
