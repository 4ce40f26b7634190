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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.auth.Caller;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.gs1.key.CompanyPrefix;

/**
 * Organisations: registered by an admin or by a producer for itself, verified (or rejected) by an
 * admin who records what was checked, and given GS1 company prefixes by an admin, since a prefix
 * decides whose GS1 keys are whose. The profile is public: it says who produced what a consumer
 * scanned, and whether the platform checked them.
 */
@Path("/api/organisations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Registry")
public class OrganisationResource {

  private final EntityManager em;
  private final Caller caller;
  private final RegistryAccess access;
  private final String schema;

  public OrganisationResource(
      EntityManager em,
      Caller caller,
      RegistryAccess access,
      @ConfigProperty(name = "tracemark.db.schema") String schema) {
    this.em = em;
    this.caller = caller;
    this.access = access;
    this.schema = schema;
  }

  /** A new organisation. */
  public record RegistrationRequest(
      @Schema(example = "Nusantara Tuna") @NotBlank @Size(max = 200) String name,
      @Schema(example = "ID", description = "ISO 3166-1 alpha-2") @NotNull @IsoCountry
          String country) {}

  /**
   * An admin's decision: {@code verified} (the default) names what was checked; {@code rejected}
   * says why in {@code note}.
   */
  public record VerificationRequest(
      @Schema(
              example = "verified",
              enumeration = {"verified", "rejected"})
          OrganisationStatus outcome,
      @Schema(example = "[\"business-registration\", \"gs1-prefix-licence\"]")
          List<@NotNull VerificationCheck> checked,
      @Schema(example = "NIB 9120001234567 and GS1 Indonesia licence seen") @Size(max = 2000)
          String note) {}

  /** A GS1 company prefix of 4 to 12 digits. */
  public record PrefixRequest(@Schema(example = "950600013") @NotNull String prefix) {}

  /**
   * The latest decision about an organisation. Anyone sees when and what was checked; who decided
   * and the note only auditors, customs and admins.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DecisionView(
      OrganisationStatus outcome, Instant at, List<String> checked, String by, String note) {}

  /**
   * An organisation.
   *
   * @param verified whether the platform checked it ({@code status} is {@code verified})
   * @param decision the latest admin decision, absent while pending
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OrganisationView(
      UUID id,
      String name,
      String country,
      List<String> companyPrefixes,
      OrganisationStatus status,
      boolean verified,
      DecisionView decision,
      Instant createdAt) {
    static OrganisationView of(Organisation o, boolean full) {
      DecisionView decision =
          o.decidedAt()
              .map(
                  at ->
                      new DecisionView(
                          o.status(),
                          at,
                          o.decisionChecks(),
                          full ? o.decidedBy().orElse(null) : null,
                          full ? o.decisionNote().orElse(null) : null))
              .orElse(null);
      return new OrganisationView(
          o.id(),
          o.name(),
          o.country(),
          o.companyPrefixes().stream().sorted().toList(),
          o.status(),
          o.status() == OrganisationStatus.VERIFIED,
          decision,
          o.createdAt());
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Transactional
  @Operation(
      summary = "Register an organisation",
      description =
          "An admin registers one for anyone; a producer whose token names no organisation yet"
              + " registers its own. Either way it starts pending until an admin verifies it, and"
              + " has no company prefixes until an admin adds them.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "fishery",
                      value = "{\"name\": \"Nusantara Tuna\", \"country\": \"ID\"}")))
  @APIResponse(responseCode = "201", description = "Registered, pending; Location names it")
  @APIResponse(
      responseCode = "400",
      description = "validation-failed (name, country), malformed-json or invalid-request",
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
          "forbidden: not a producer or admin, or (code has-organisation) the producer's token"
              + " already names an organisation",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response register(@Valid @NotNull RegistrationRequest request) {
    if (!caller.isAdmin() && caller.organisation().isPresent()) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          caller.subject()
              + " already acts for organisation "
              + caller.organisation().get()
              + "; only admins register further organisations.",
          "has-organisation",
          null);
    }
    Organisation organisation =
        Organisation.register(
            TimeOrderedIds.next(), request.name().strip(), request.country(), caller.subject());
    em.persist(organisation);
    em.flush();
    em.refresh(organisation); // created_at comes from the database
    return Response.created(URI.create("/api/organisations/" + organisation.id()))
        .entity(OrganisationView.of(organisation, true))
        .build();
  }

  @GET
  @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.CUSTOMS, Roles.ADMIN})
  @Operation(
      summary = "List organisations",
      description =
          "Auditors, customs and admins see all, producers their own. Filters: status, country,"
              + " name (contains, any case), prefix (the organisation holding this company"
              + " prefix). In id order (registration order), paged with limit (1-1000, default"
              + " 100) and after (from the previous page's next).")
  @APIResponse(responseCode = "200", description = "One page of organisations")
  @APIResponse(
      responseCode = "400",
      description = "invalid-request: bad limit, after or filter",
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
  public Page<OrganisationView> list(
      @Parameter(example = "verified") @QueryParam("status") String statusCode,
      @Parameter(example = "ID") @QueryParam("country") String country,
      @Parameter(example = "tuna") @QueryParam("name") String name,
      @Parameter(example = "950600013") @QueryParam("prefix") String prefix,
      @QueryParam("after") String afterId,
      @QueryParam("limit") Integer limit,
      @Context UriInfo uri) {
    int size = Page.size(limit);
    OrganisationStatus status = Coded.parse(OrganisationStatus.class, "status", statusCode);
    UUID after = Coded.uuid("after", afterId);
    var scope = access.listScope(null);
    List<Organisation> rows =
        new FilteredQuery<>(Organisation.class, "select distinct o from Organisation o")
            .and("o.id = :scope", "scope", scope.orElse(null))
            .and("o.status = :status", "status", status)
            .and("o.country = :country", "country", country)
            .and(
                "lower(o.name) like :name escape '\\'",
                "name",
                name == null ? null : "%" + likeEscaped(name.toLowerCase()) + "%")
            .and(":prefix member of o.companyPrefixes", "prefix", prefix)
            .and("o.id > :after", "after", after)
            .page(em, "o.id", size);
    return Page.of(rows, size, uri, o -> o.id().toString(), o -> OrganisationView.of(o, true));
  }

  @GET
  @Path("/{id}")
  @Operation(
      summary = "An organisation's public profile",
      description =
          "Anyone: name, country, company prefixes, status and whether (and when, after checking"
              + " what) the platform verified it.")
  @APIResponse(responseCode = "200", description = "The organisation")
  @APIResponse(
      responseCode = "404",
      description = "not-found: no organisation with this id",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public OrganisationView get(
      @Parameter(example = "0193a0c4-5b2e-7c1d-9f00-2a6b8e4d1c3f") @PathParam("id") UUID id) {
    return OrganisationView.of(find(id), false);
  }

  @POST
  @Path("/{id}/verification")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  @Transactional
  @Operation(
      summary = "Verify or reject an organisation",
      description =
          "Admins: records who decided, when, and what was checked. verified needs at least one"
              + " check (business-registration, gs1-prefix-licence, site-visit); rejected needs a"
              + " note saying why. A later decision replaces the current one; every decision is"
              + " kept.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = {
                @ExampleObject(
                    name = "verified",
                    value =
                        "{\"checked\": [\"business-registration\", \"gs1-prefix-licence\"],"
                            + " \"note\": \"NIB and GS1 Indonesia licence seen\"}"),
                @ExampleObject(
                    name = "rejected",
                    value =
                        "{\"outcome\": \"rejected\", \"note\": \"The business registration"
                            + " number belongs to another company\"}")
              }))
  @APIResponse(responseCode = "200", description = "The organisation with its new status")
  @APIResponse(
      responseCode = "400",
      description =
          "invalid-request: unknown check or outcome, verified without checks, rejected without"
              + " note",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description = "forbidden: not an admin",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "not-found: no organisation with this id",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public OrganisationView decide(
      @PathParam("id") UUID id, @Valid @NotNull VerificationRequest request) {
    OrganisationStatus outcome =
        request.outcome() == null ? OrganisationStatus.VERIFIED : request.outcome();
    List<String> checks =
        request.checked() == null
            ? List.of()
            : request.checked().stream().map(VerificationCheck::code).distinct().toList();
    String note = request.note() == null || request.note().isBlank() ? null : request.note();
    if (outcome == OrganisationStatus.PENDING) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST, "outcome must be verified or rejected, not pending.");
    }
    if (outcome == OrganisationStatus.VERIFIED && checks.isEmpty()) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          "Verifying needs \"checked\": what was checked (business-registration,"
              + " gs1-prefix-licence, site-visit).");
    }
    if (outcome == OrganisationStatus.REJECTED && note == null) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST, "Rejecting needs a \"note\" saying why.");
    }
    Organisation organisation = find(id);
    em.lock(organisation, LockModeType.PESSIMISTIC_WRITE);
    OrganisationDecision decision =
        new OrganisationDecision(id, outcome, checks, note, caller.subject(), Instant.now());
    em.persist(decision);
    organisation.decide(decision);
    return OrganisationView.of(organisation, true);
  }

  @POST
  @Path("/{id}/prefixes")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  @Transactional
  @Operation(
      summary = "Add a GS1 company prefix",
      description =
          "Admins, after seeing the GS1 licence: 4 to 12 digits, held by one organisation on the"
              + " whole platform. A prefix that another organisation holds, or that contains or"
              + " is contained in one it holds (GS1 never allocates nested prefixes), is a 409;"
              + " adding one the organisation already holds changes nothing.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = @ExampleObject(name = "prefix", value = "{\"prefix\": \"950600013\"}")))
  @APIResponse(responseCode = "200", description = "The organisation with its prefixes")
  @APIResponse(
      responseCode = "400",
      description = "invalid-gs1: not 4 to 12 digits; validation-failed: no prefix",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description = "forbidden: not an admin",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "not-found: no organisation with this id",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "conflict (code prefix-taken): another organisation holds it or an overlap",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public OrganisationView addPrefix(
      @PathParam("id") UUID id, @Valid @NotNull PrefixRequest request) {
    CompanyPrefix prefix = RegistryAccess.gs1("prefix", CompanyPrefix::of, request.prefix());
    Organisation organisation = find(id);
    // Additions are rare; one at a time makes the overlap check below exact.
    em.createNativeQuery("LOCK TABLE " + schema + ".gs1_company_prefix IN SHARE ROW EXCLUSIVE MODE")
        .executeUpdate();
    List<Object[]> overlapping =
        em.createQuery(
                "select p, o.id from Organisation o join o.companyPrefixes p"
                    + " where locate(p, :p) = 1 or locate(:p, p) = 1",
                Object[].class)
            .setParameter("p", prefix.value())
            .getResultList();
    for (Object[] row : overlapping) {
      String held = (String) row[0];
      UUID holder = (UUID) row[1];
      if (holder.equals(id) && held.equals(prefix.value())) {
        return OrganisationView.of(organisation, true);
      }
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Company prefix "
              + prefix
              + (held.equals(prefix.value()) ? " is" : " overlaps " + held + ", which is")
              + " held by "
              + (holder.equals(id) ? "this organisation" : "another organisation")
              + ".",
          "prefix-taken",
          null);
    }
    organisation.addCompanyPrefix(prefix.value());
    return OrganisationView.of(organisation, true);
  }

  private Organisation find(UUID id) {
    Organisation organisation = em.find(Organisation.class, id);
    if (organisation == null) {
      throw new ProblemException(ProblemType.NOT_FOUND, "No organisation with id " + id);
    }
    return organisation;
  }

  static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
