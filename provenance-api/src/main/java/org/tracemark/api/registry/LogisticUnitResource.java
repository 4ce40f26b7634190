package org.tracemark.api.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.devices.Device;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.gs1.key.Sscc;

/**
 * Logistic units (SSCC) of the caller's organisation and the devices riding on them over time, so
 * that a logger's readings can be tied to the unit customs ask about.
 */
@Path("/api/logistic-units")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Registry")
public class LogisticUnitResource {

  private final EntityManager em;
  private final RegistryAccess access;

  public LogisticUnitResource(EntityManager em, RegistryAccess access) {
    this.em = em;
    this.access = access;
  }

  /** A new logistic unit. {@code organisation}: producers may omit it, admins must name it. */
  public record LogisticUnitRequest(
      UUID organisation,
      @Schema(example = "095060001000000012", description = "18 digits, check digit included")
          @NotNull
          String sscc,
      @Schema(example = "40 cartons of frozen yellowfin loins") @Size(max = 2000) String content) {}

  /** A device put on the unit from {@code from} (an instant with offset). */
  public record AssociationRequest(
      @Schema(example = "logger-0042") @NotBlank String device,
      @Schema(example = "2026-11-20T06:00:00Z") @NotNull OffsetDateTime from) {}

  /** The device taken off the unit at {@code to}. */
  public record EndRequest(@Schema(example = "2026-11-28T14:30:00Z") @NotNull OffsetDateTime to) {}

  /** One device on the unit; {@code to} absent while it is still on. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AssociationView(UUID id, String sscc, String device, Instant from, Instant to) {
    static AssociationView of(DeviceAssociation a) {
      return new AssociationView(a.id(), a.sscc(), a.deviceId(), a.from(), a.to().orElse(null));
    }
  }

  /** A logistic unit with every device that rode on it, oldest first. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LogisticUnitView(
      String sscc,
      UUID organisation,
      String content,
      List<AssociationView> devices,
      Instant createdAt) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Transactional
  @Operation(
      summary = "Register a logistic unit",
      description =
          "An SSCC (check digit verified) under one of the organisation's GS1 company prefixes,"
              + " with an optional description of its content.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "pallet",
                      value =
                          "{\"sscc\": \"095060001000000012\", \"content\": \"40 cartons of"
                              + " frozen yellowfin loins\"}")))
  @APIResponse(responseCode = "201", description = "Registered; Location names it")
  @APIResponse(
      responseCode = "400",
      description = "invalid-gs1 (check digit, length), validation-failed, malformed-json",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description = "forbidden: wrong role; code not-your-organisation or not-your-prefix",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "conflict: the SSCC is registered",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response register(@Valid @NotNull LogisticUnitRequest request) {
    Organisation organisation = access.writeScope(request.organisation());
    Sscc sscc = RegistryAccess.gs1("sscc", Sscc::parse, request.sscc());
    RegistryAccess.requirePrefix(organisation, sscc.value().substring(1), "SSCC " + sscc);
    if (em.find(LogisticUnit.class, sscc.value()) != null) {
      throw RegistryAccess.conflict("Logistic unit " + sscc + " is already registered.");
    }
    LogisticUnit unit = new LogisticUnit(sscc.value(), organisation.id(), request.content());
    access.insert(unit, "Logistic unit " + sscc + " is already registered.");
    em.refresh(unit);
    return Response.created(URI.create("/api/logistic-units/" + sscc.value()))
        .entity(view(unit))
        .build();
  }

  @GET
  @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.CUSTOMS, Roles.ADMIN})
  @Operation(
      summary = "List logistic units",
      description =
          "Producers see their own organisation's, auditors, customs and admins all (filter"
              + " organisation). In SSCC order, paged with limit (1-1000, default 100) and after"
              + " (from the previous page's next).")
  @APIResponse(responseCode = "200", description = "One page of logistic units")
  @APIResponse(
      responseCode = "400",
      description = "invalid-request: bad limit, after or filter",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description = "forbidden: wrong role, or (not-your-organisation) another's organisation",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Page<LogisticUnitView> list(
      @QueryParam("organisation") String organisationId,
      @Parameter(description = "an SSCC") @QueryParam("after") String after,
      @QueryParam("limit") Integer limit,
      @Context UriInfo uri) {
    int size = Page.size(limit);
    var scope = access.listScope(Coded.uuid("organisation", organisationId));
    List<LogisticUnit> rows =
        new FilteredQuery<>(LogisticUnit.class, "select u from LogisticUnit u")
            .and("u.organisationId = :org", "org", scope.orElse(null))
            .and("u.sscc > :after", "after", after)
            .page(em, "u.sscc", size);
    return Page.of(rows, size, uri, LogisticUnit::sscc, this::view);
  }

  @GET
  @Path("/{sscc}")
  @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.CUSTOMS, Roles.ADMIN})
  @Operation(
      summary = "One logistic unit and its devices",
      description = "Producers: their own organisation's only.")
  @APIResponse(responseCode = "200", description = "The logistic unit")
  @APIResponse(
      responseCode = "400",
      description = "invalid-gs1: not an SSCC",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description = "forbidden: wrong role, or (not-your-organisation) another's unit",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "not-found: no logistic unit with this SSCC",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public LogisticUnitView get(
      @Parameter(example = "095060001000000012") @PathParam("sscc") String text) {
    LogisticUnit unit = find(text);
    access.requireReadable(unit.organisationId(), "Logistic unit " + unit.sscc());
    return view(unit);
  }

  @POST
  @Path("/{sscc}/devices")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Transactional
  @Operation(
      summary = "Put a device on a logistic unit",
      description =
          "From an instant on, until ended. The device must belong to the unit's organisation,"
              + " and a device is on one unit at a time: an association that would overlap"
              + " another of the same device is a 409.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "logger",
                      value = "{\"device\": \"logger-0042\", \"from\": \"2026-11-20T06:00:00Z\"}")))
  @APIResponse(responseCode = "201", description = "The association")
  @APIResponse(
      responseCode = "400",
      description = "validation-failed, invalid-gs1 (SSCC), invalid-request (code unknown-device)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description = "forbidden: wrong role; not-your-organisation (the unit or the device)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "not-found: no logistic unit with this SSCC",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "conflict (code device-busy): the device is on a unit then",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response associate(
      @PathParam("sscc") String text, @Valid @NotNull AssociationRequest request) {
    LogisticUnit unit = find(text);
    access.requireWritable(unit.organisationId(), "Logistic unit " + unit.sscc());
    // The lock serialises associations of one device, which makes the overlap check exact.
    Device device = em.find(Device.class, request.device(), LockModeType.PESSIMISTIC_WRITE);
    if (device == null) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          "No device " + request.device() + " is enrolled.",
          "unknown-device",
          null);
    }
    if (!device.organisationId().equals(unit.organisationId())) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "Device " + device.id() + " belongs to another organisation than the unit.",
          "not-your-organisation",
          null);
    }
    Instant from = request.from().toInstant();
    // The new association is open, [from, ∞): it overlaps any that is open or ends after from.
    List<DeviceAssociation> overlapping =
        em.createQuery(
                "select a from DeviceAssociation a where a.deviceId = :device"
                    + " and (a.validTo is null or a.validTo > :from)",
                DeviceAssociation.class)
            .setParameter("device", device.id())
            .setParameter("from", from)
            .getResultList();
    if (!overlapping.isEmpty()) {
      DeviceAssociation taken = overlapping.get(0);
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Device "
              + device.id()
              + " is on logistic unit "
              + taken.sscc()
              + " from "
              + taken.from()
              + taken.to().map(to -> " to " + to).orElse(" on")
              + "; end that first.",
          "device-busy",
          null);
    }
    DeviceAssociation association =
        new DeviceAssociation(TimeOrderedIds.next(), unit.sscc(), device.id(), from);
    em.persist(association);
    return Response.created(URI.create("/api/logistic-units/" + unit.sscc()))
        .entity(AssociationView.of(association))
        .build();
  }

  @POST
  @Path("/{sscc}/devices/{device}/end")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Transactional
  @Operation(
      summary = "Take a device off a logistic unit",
      description =
          "Ends the device's open association with the unit at an instant after it began.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(name = "end", value = "{\"to\": \"2026-11-28T14:30:00Z\"}")))
  @APIResponse(responseCode = "200", description = "The ended association")
  @APIResponse(
      responseCode = "400",
      description = "validation-failed; invalid-request: to not after from",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description = "forbidden: wrong role, or (not-your-organisation) another's unit",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "not-found: no such unit, or the device is not on it",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public AssociationView end(
      @PathParam("sscc") String text,
      @PathParam("device") String deviceId,
      @Valid @NotNull EndRequest request) {
    LogisticUnit unit = find(text);
    access.requireWritable(unit.organisationId(), "Logistic unit " + unit.sscc());
    DeviceAssociation open =
        em
            .createQuery(
                "select a from DeviceAssociation a where a.sscc = :sscc and a.deviceId = :device"
                    + " and a.validTo is null",
                DeviceAssociation.class)
            .setParameter("sscc", unit.sscc())
            .setParameter("device", deviceId)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList()
            .stream()
            .findFirst()
            .orElseThrow(
                () ->
                    RegistryAccess.notFound(
                        "open association of device " + deviceId + " with " + unit.sscc()));
    Instant to = request.to().toInstant();
    if (!to.isAfter(open.from())) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          "to (" + to + ") must be after the association's from (" + open.from() + ").");
    }
    open.end(to);
    return AssociationView.of(open);
  }

  private LogisticUnit find(String text) {
    Sscc sscc = RegistryAccess.gs1("sscc", Sscc::parse, text);
    LogisticUnit unit = em.find(LogisticUnit.class, sscc.value());
    if (unit == null) {
      throw RegistryAccess.notFound("logistic unit with SSCC " + sscc);
    }
    return unit;
  }

  private LogisticUnitView view(LogisticUnit unit) {
    List<AssociationView> devices =
        em.createQuery(
                "select a from DeviceAssociation a where a.sscc = :sscc order by a.validFrom",
                DeviceAssociation.class)
            .setParameter("sscc", unit.sscc())
            .getResultStream()
            .map(AssociationView::of)
            .toList();
    return new LogisticUnitView(
        unit.sscc(), unit.organisationId(), unit.content().orElse(null), devices, unit.createdAt());
  }
}
