package org.tracemark.api.quarantine;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.QuarantineReason;

/** Quarantined messages, for platform admins (issue 7). */
@Path("/api/quarantine")
@Tag(name = "Quarantine")
@RolesAllowed(Roles.ADMIN)
public class QuarantineResource {

  /** One page, newest first; {@code next} fetches the following page, absent on the last. */
  public record Page(List<QuarantineStore.Entry> items, String next) {}

  private final QuarantineStore store;

  public QuarantineResource(QuarantineStore store) {
    this.store = store;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "List quarantined messages",
      description =
          "Newest first, filtered by reason code, claimed device and receive time (from inclusive,"
              + " to exclusive, ISO-8601); paged with limit (1-1000, default 100) and before (an"
              + " id: the page after it).")
  public Page list(
      @QueryParam("reason") String reason,
      @QueryParam("device") String device,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("before") Long before,
      @QueryParam("limit") Integer limit)
      throws SQLException {
    if (reason != null && QuarantineReason.fromCode(reason).isEmpty()) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          "reason \"" + reason + "\" is not a quarantine reason code (see docs/contracts).");
    }
    if (device != null && !DeviceId.isValid(device)) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, "device is not a device id.");
    }
    int size = limit == null ? 100 : limit;
    if (size < 1 || size > 1000) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, "limit must be 1 to 1000.");
    }
    List<QuarantineStore.Entry> items =
        store.list(
            Optional.ofNullable(reason),
            Optional.ofNullable(device),
            instant("from", from),
            instant("to", to),
            Optional.ofNullable(before),
            size);
    String next = null;
    if (items.size() == size) {
      StringBuilder link = new StringBuilder("/api/quarantine?limit=" + size);
      if (reason != null) {
        link.append("&reason=").append(reason);
      }
      if (device != null) {
        link.append("&device=").append(device);
      }
      if (from != null) {
        link.append("&from=").append(from);
      }
      if (to != null) {
        link.append("&to=").append(to);
      }
      next = link.append("&before=").append(items.get(items.size() - 1).id()).toString();
    }
    return new Page(items, next);
  }

  @GET
  @Path("/{id}/message")
  @Produces("application/cose")
  @Operation(summary = "The raw bytes of one quarantined message, exactly as received")
  public Response message(@PathParam("id") long id) throws SQLException {
    byte[] message =
        store
            .message(id)
            .orElseThrow(
                () -> new ProblemException(ProblemType.NOT_FOUND, "No quarantined message " + id));
    return Response.ok(message).build();
  }

  private static Optional<Instant> instant(String name, String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          name + " must be an ISO-8601 instant such as 2026-11-25T10:00:00Z, not " + value);
    }
  }
}
