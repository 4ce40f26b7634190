package org.tracemark.api.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
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
import org.tracemark.api.problem.Problem;
import org.tracemark.gs1.key.Gln;
import org.tracemark.gs1.key.Sgln;

/** Locations (GLN or SGLN) of the caller's organisation, under its GS1 company prefixes. */
@Path("/api/locations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Registry")
public class LocationResource {

  private final EntityManager em;
  private final RegistryAccess access;

  public LocationResource(EntityManager em, RegistryAccess access) {
    this.em = em;
    this.access = access;
  }

  /**
   * A new location. {@code organisation}: producers may omit it (their own), admins must name it.
   */
  public record LocationRequest(
      UUID organisation,
      @Schema(example = "9506000000008", description = "13 digits, check digit included") @NotNull
          String gln,
      @Schema(example = "FREEZER-2", description = "GLN extension component (AI 254), optional")
          String extension,
      @Schema(example = "Benoa cold store") @NotBlank @Size(max = 200) String name,
      @Schema(example = "Jl. Pelabuhan Benoa, Denpasar, Bali") @Size(max = 1000) String address,
      @Schema(example = "ID", description = "ISO 3166-1 alpha-2") @NotNull @IsoCountry
          String country,
      @Schema(example = "-8.7467", description = "WGS84 degrees, -90 to 90")
          @DecimalMin("-90")
          @DecimalMax("90")
          Double latitude,
      @Schema(example = "115.2117", description = "WGS84 degrees, -180 to 180")
          @DecimalMin("-180")
          @DecimalMax("180")
          Double longitude,
      @Schema(example = "warehouse") @NotNull LocationKind kind) {

    /** A position is both coordinates or none. */
    @JsonIgnore
    @Schema(hidden = true)
    @AssertTrue(message = "latitude and longitude go together: give both or neither")
    public boolean isPositionComplete() {
      return (latitude == null) == (longitude == null);
    }
  }

  /** A location as the API shows it; {@code extension} absent for a plain GLN. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LocationView(
      UUID id,
      UUID organisation,
      String gln,
      String extension,
      String name,
      String address,
      String country,
      Double latitude,
      Double longitude,
      LocationKind kind,
      Instant createdAt) {
    static LocationView of(Location l) {
      return new LocationView(
          l.id(),
          l.organisationId(),
          l.gln(),
          l.extension().orElse(null),
          l.name(),
          l.address().orElse(null),
          l.country(),
          l.latitude().orElse(null),
          l.longitude().orElse(null),
          l.kind(),
          l.createdAt());
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Transactional
  @Operation(
      summary = "Register a location",
      description =
          "A GLN (check digit verified) under one of the organisation's GS1 company prefixes, with"
              + " an optional extension (SGLN) for a part of it. Producers register for their own"
              + " organisation; admins name the organisation.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "cold store",
                      value =
                          "{\"gln\": \"9506000000008\", \"extension\": \"FREEZER-2\", \"name\":"
                              + " \"Benoa cold store\", \"country\": \"ID\", \"latitude\":"
                              + " -8.7467, \"longitude\": 115.2117, \"kind\": \"warehouse\"}")))
  @APIResponse(responseCode = "201", description = "Registered; Location names it")
  @APIResponse(
      responseCode = "400",
      description =
          "invalid-gs1 (bad check digit or extension), validation-failed (latitude 91, unknown"
              + " country, ...), invalid-request (unknown kind), malformed-json",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: no or a bad token",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description =
          "forbidden: wrong role; code not-your-organisation (another organisation) or"
              + " not-your-prefix (GLN outside the organisation's prefixes)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "conflict: the GLN (with this extension) is registered",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response register(@Valid @NotNull LocationRequest request) {
    Organisation organisation = access.writeScope(request.organisation());
    Gln gln = RegistryAccess.gs1("gln", Gln::parse, request.gln());
    String extension = request.extension() == null ? "" : request.extension();
    Sgln sgln = RegistryAccess.gs1("extension", e -> Sgln.of(gln, e), extension);
    RegistryAccess.requirePrefix(organisation, gln.value(), "GLN " + gln);
    if (!em.createQuery(
            "select l.id from Location l where l.gln = :gln and l.extension = :ext", UUID.class)
        .setParameter("gln", gln.value())
        .setParameter("ext", extension)
        .getResultList()
        .isEmpty()) {
      throw RegistryAccess.conflict("Location " + sgln + " is already registered.");
    }
    Location location =
        new Location(
            TimeOrderedIds.next(),
            organisation.id(),
            gln.value(),
            extension,
            request.name().strip(),
            request.address(),
            request.country(),
            request.latitude(),
            request.longitude(),
            request.kind());
    access.insert(location, "Location " + sgln + " is already registered.");
    em.refresh(location);
    return Response.created(URI.create("/api/locations/" + location.id()))
        .entity(LocationView.of(location))
        .build();
  }

  @GET
  @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.CUSTOMS, Roles.ADMIN})
  @Operation(
      summary = "List locations",
      description =
          "Producers see their own organisation's, auditors, customs and admins all (filter"
              + " organisation). Filters: gln, kind, country. In id (registration) order, paged"
              + " with limit (1-1000, default 100) and after (from the previous page's next).")
  @APIResponse(responseCode = "200", description = "One page of locations")
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
  public Page<LocationView> list(
      @QueryParam("organisation") String organisationId,
      @Parameter(example = "9506000000008") @QueryParam("gln") String gln,
      @Parameter(example = "farm") @QueryParam("kind") String kindCode,
      @Parameter(example = "ID") @QueryParam("country") String country,
      @QueryParam("after") String afterId,
      @QueryParam("limit") Integer limit,
      @Context UriInfo uri) {
    int size = Page.size(limit);
    var scope = access.listScope(Coded.uuid("organisation", organisationId));
    LocationKind kind = Coded.parse(LocationKind.class, "kind", kindCode);
    UUID after = Coded.uuid("after", afterId);
    List<Location> rows =
        new FilteredQuery<>(Location.class, "select l from Location l")
            .and("l.organisationId = :org", "org", scope.orElse(null))
            .and("l.gln = :gln", "gln", gln)
            .and("l.kind = :kind", "kind", kind)
            .and("l.country = :country", "country", country)
            .and("l.id > :after", "after", after)
            .page(em, "l.id", size);
    return Page.of(rows, size, uri, l -> l.id().toString(), LocationView::of);
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.CUSTOMS, Roles.ADMIN})
  @Operation(summary = "One location", description = "Producers: their own organisation's only.")
  @APIResponse(responseCode = "200", description = "The location")
  @APIResponse(
      responseCode = "403",
      description = "forbidden: wrong role, or (not-your-organisation) another's location",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "not-found: no location with this id",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public LocationView get(
      @Parameter(example = "0193a0c4-5b2e-7c1d-9f00-2a6b8e4d1c3f") @PathParam("id") UUID id) {
    Location location = em.find(Location.class, id);
    if (location == null) {
      throw RegistryAccess.notFound("location with id " + id);
    }
    access.requireReadable(location.organisationId(), "Location " + id);
    return LocationView.of(location);
  }
}
