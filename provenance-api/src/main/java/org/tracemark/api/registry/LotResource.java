package org.tracemark.api.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
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
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.gs1.key.Gln;
import org.tracemark.gs1.key.Gtin;
import org.tracemark.gs1.key.Sgln;

/** Lots (GTIN + AI 10) of the caller's organisation's products. */
@Path("/api/lots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Registry")
public class LotResource {

  private final EntityManager em;
  private final RegistryAccess access;

  public LotResource(EntityManager em, RegistryAccess access) {
    this.em = em;
    this.access = access;
  }

  /**
   * A new lot of a registered product. {@code organisation}: producers may omit it (their own),
   * admins must name it. {@code origin}: the GLN of one of the organisation's registered locations
   * (with {@code originExtension} for an SGLN).
   */
  public record LotRequest(
      UUID organisation,
      @Schema(example = "9506000134352") @NotNull String gtin,
      @Schema(example = "BANDA-2026-11-07", description = "AI 10: 1-20 characters of set 82")
          @NotNull
          String lot,
      @Schema(example = "2026-11-07", description = "production or harvest/catch date")
          LocalDate productionDate,
      @Schema(example = "2028-11-07") LocalDate expiryDate,
      @Schema(example = "9506000000008") String origin,
      @Schema(example = "FREEZER-2") String originExtension,
      @Schema(example = "FAO 71, Banda Sea", description = "catch or harvest area") @Size(max = 500)
          String harvestArea,
      @Schema(example = "1250.5")
          @DecimalMin(value = "0", inclusive = false)
          @Digits(integer = 14, fraction = 6)
          BigDecimal quantity,
      @Schema(example = "KGM", description = "UN/CEFACT Recommendation 20 unit code")
          @Pattern(regexp = "[A-Z0-9]{2,3}", message = "must be a UN/CEFACT unit code such as KGM")
          String unit,
      @JsonProperty("public")
          @Schema(description = "whether consumers see the lot", defaultValue = "false")
          Boolean isPublic) {

    @JsonIgnore
    @Schema(hidden = true)
    @AssertTrue(message = "quantity and unit go together: give both or neither")
    public boolean isQuantityComplete() {
      return (quantity == null) == (unit == null);
    }

    @JsonIgnore
    @Schema(hidden = true)
    @AssertTrue(message = "expiryDate must not be before productionDate")
    public boolean isExpiryAfterProduction() {
      return productionDate == null || expiryDate == null || !expiryDate.isBefore(productionDate);
    }
  }

  /** A lot as the API shows it; {@code origin} is the location's id. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LotView(
      UUID id,
      UUID organisation,
      String gtin,
      String lot,
      LocalDate productionDate,
      LocalDate expiryDate,
      UUID origin,
      String harvestArea,
      BigDecimal quantity,
      String unit,
      @JsonProperty("public") boolean isPublic,
      Instant createdAt) {
    static LotView of(Lot l) {
      return new LotView(
          l.id(),
          l.organisationId(),
          l.gtin(),
          l.lot(),
          l.productionDate().orElse(null),
          l.expiryDate().orElse(null),
          l.originId().orElse(null),
          l.harvestArea().orElse(null),
          l.quantity().orElse(null),
          l.unit().orElse(null),
          l.isPublic(),
          l.createdAt());
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Transactional
  @Operation(
      summary = "Register a lot",
      description =
          "A lot number (AI 10 rules) of a product the organisation registered, with its"
              + " production or harvest date, expiry, origin location (one of the organisation's"
              + " GLNs), catch or harvest area, quantity and UN/CEFACT unit.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "catch",
                      value =
                          "{\"gtin\": \"9506000134352\", \"lot\": \"BANDA-2026-11-07\","
                              + " \"productionDate\": \"2026-11-07\", \"expiryDate\":"
                              + " \"2028-11-07\", \"origin\": \"9506000000008\","
                              + " \"harvestArea\": \"FAO 71\", \"quantity\": 1250.5, \"unit\":"
                              + " \"KGM\", \"public\": true}")))
  @APIResponse(responseCode = "201", description = "Registered; Location names it")
  @APIResponse(
      responseCode = "400",
      description =
          "invalid-gs1 (GTIN, lot, origin GLN), validation-failed (expiry before production,"
              + " quantity without unit, ...), invalid-request (code unknown-product,"
              + " unknown-location), malformed-json",
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
      description = "forbidden: wrong role; code not-your-organisation or not-your-prefix",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "conflict: this lot of this GTIN is registered",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response register(@Valid @NotNull LotRequest request) {
    Organisation organisation = access.writeScope(request.organisation());
    Gtin gtin = RegistryAccess.gs1("gtin", Gtin::parse, request.gtin());
    org.tracemark.gs1.key.Lot lot =
        RegistryAccess.gs1("lot", org.tracemark.gs1.key.Lot::of, request.lot());
    RegistryAccess.requirePrefix(organisation, gtin.value().substring(1), "GTIN " + gtin);
    Product product = em.find(Product.class, gtin.value());
    if (product == null || !product.organisationId().equals(organisation.id())) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          "Product " + gtin + " is not registered; register it before its lots.",
          "unknown-product",
          null);
    }
    UUID origin = null;
    if (request.origin() != null) {
      origin = ownLocation(organisation, request.origin(), request.originExtension(), "origin");
    }
    if (!em.createQuery("select l.id from Lot l where l.gtin = :gtin and l.lot = :lot", UUID.class)
        .setParameter("gtin", gtin.value())
        .setParameter("lot", lot.value())
        .getResultList()
        .isEmpty()) {
      throw RegistryAccess.conflict("Lot " + lot + " of " + gtin + " is already registered.");
    }
    Lot row =
        new Lot(
            TimeOrderedIds.next(),
            organisation.id(),
            gtin.value(),
            lot.value(),
            request.productionDate(),
            request.expiryDate(),
            origin,
            request.harvestArea(),
            request.quantity(),
            request.unit(),
            Boolean.TRUE.equals(request.isPublic()));
    access.insert(row, "Lot " + lot + " of " + gtin + " is already registered.");
    em.refresh(row);
    return Response.created(URI.create("/api/lots/" + row.id())).entity(LotView.of(row)).build();
  }

  /** The id of {@code organisation}'s registered location at GLN {@code text} (+ extension). */
  private UUID ownLocation(
      Organisation organisation, String text, String extensionText, String field) {
    Gln gln = RegistryAccess.gs1(field, Gln::parse, text);
    String extension = extensionText == null ? "" : extensionText;
    Sgln sgln = RegistryAccess.gs1(field + "Extension", e -> Sgln.of(gln, e), extension);
    RegistryAccess.requirePrefix(organisation, gln.value(), "GLN " + gln);
    List<UUID> found =
        em.createQuery(
                "select l.id from Location l where l.gln = :gln and l.extension = :ext"
                    + " and l.organisationId = :org",
                UUID.class)
            .setParameter("gln", gln.value())
            .setParameter("ext", extension)
            .setParameter("org", organisation.id())
            .getResultList();
    if (found.isEmpty()) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          field + ": location " + sgln + " is not registered; register it first.",
          "unknown-location",
          null);
    }
    return found.get(0);
  }

  @GET
  @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.CUSTOMS, Roles.ADMIN})
  @Operation(
      summary = "List lots",
      description =
          "Producers see their own organisation's, auditors, customs and admins all (filter"
              + " organisation). Filters: gtin (any length), lot. In id (registration) order, paged"
              + " with limit (1-1000, default 100) and after (from the previous page's next).")
  @APIResponse(responseCode = "200", description = "One page of lots")
  @APIResponse(
      responseCode = "400",
      description = "invalid-request: bad limit, after or filter; invalid-gs1: bad gtin",
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
  public Page<LotView> list(
      @QueryParam("organisation") String organisationId,
      @Parameter(example = "9506000134352") @QueryParam("gtin") String gtinText,
      @Parameter(example = "BANDA-2026-11-07") @QueryParam("lot") String lot,
      @QueryParam("after") String afterId,
      @QueryParam("limit") Integer limit,
      @Context UriInfo uri) {
    int size = Page.size(limit);
    var scope = access.listScope(Coded.uuid("organisation", organisationId));
    Gtin gtin = gtinText == null ? null : RegistryAccess.gs1("gtin", Gtin::parse, gtinText);
    UUID after = Coded.uuid("after", afterId);
    List<Lot> rows =
        new FilteredQuery<>(Lot.class, "select l from Lot l")
            .and("l.organisationId = :org", "org", scope.orElse(null))
            .and("l.gtin = :gtin", "gtin", gtin == null ? null : gtin.value())
            .and("l.lot = :lot", "lot", lot)
            .and("l.id > :after", "after", after)
            .page(em, "l.id", size);
    return Page.of(rows, size, uri, l -> l.id().toString(), LotView::of);
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.CUSTOMS, Roles.ADMIN})
  @Operation(summary = "One lot", description = "Producers: their own organisation's only.")
  @APIResponse(responseCode = "200", description = "The lot")
  @APIResponse(
      responseCode = "403",
      description = "forbidden: wrong role, or (not-your-organisation) another's lot",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "not-found: no lot with this id",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public LotView get(
      @Parameter(example = "0193a0c4-5b2e-7c1d-9f00-2a6b8e4d1c3f") @PathParam("id") UUID id) {
    Lot lot = em.find(Lot.class, id);
    if (lot == null) {
      throw RegistryAccess.notFound("lot with id " + id);
    }
    access.requireReadable(lot.organisationId(), "Lot " + id);
    return LotView.of(lot);
  }
}
