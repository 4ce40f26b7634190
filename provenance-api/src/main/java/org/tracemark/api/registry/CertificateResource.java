package org.tracemark.api.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
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
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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

/** Certificates of the caller's organisation, covering some of its products and lots. */
@Path("/api/certificates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Registry")
public class CertificateResource {

  private final EntityManager em;
  private final RegistryAccess access;

  public CertificateResource(EntityManager em, RegistryAccess access) {
    this.em = em;
    this.access = access;
  }

  /** Who issued the certificate: a certification body, an authority. */
  public record Issuer(
      @Schema(example = "Control Union Certifications") @NotBlank @Size(max = 200) String name,
      @Schema(example = "8711234000002", description = "the issuer's GLN, optional") String gln) {}

  /**
   * A new certificate. {@code organisation}: producers may omit it (the subject is their own),
   * admins must name it. It covers registered products ({@code gtins}) and/or lots ({@code lots},
   * their ids) of that organisation.
   */
  public record CertificateRequest(
      UUID organisation,
      @Schema(example = "msc") @NotNull CertificateType type,
      @Valid @NotNull Issuer issuer,
      @Schema(example = "[\"09506000134352\"]") @Size(max = 1000) List<@NotNull String> gtins,
      @Size(max = 1000) List<@NotNull UUID> lots,
      @Schema(example = "2026-01-01") @NotNull LocalDate validFrom,
      @Schema(example = "2028-12-31") @NotNull LocalDate validTo,
      @Schema(
              example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
              description = "SHA-256 of the certificate document, 64 hex digits")
          @NotNull
          @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hexadecimal digits")
          String documentSha256,
      @Schema(example = "https://certificates.example.org/MSC-C-12345.pdf")
          @Size(max = 2000)
          @Pattern(regexp = ProductResource.HTTPS_URL, message = "must be an https URL")
          String documentUrl) {

    @JsonIgnore
    @Schema(hidden = true)
    @AssertTrue(message = "validTo must not be before validFrom")
    public boolean isValidityOrdered() {
      return validFrom == null || validTo == null || !validTo.isBefore(validFrom);
    }

    @JsonIgnore
    @Schema(hidden = true)
    @AssertTrue(message = "a certificate covers at least one of gtins or lots")
    public boolean isCovering() {
      return (gtins != null && !gtins.isEmpty()) || (lots != null && !lots.isEmpty());
    }
  }

  /** Why a certificate is revoked. */
  public record RevocationRequest(
      @Schema(example = "Suspended by the certification body after the 2026 audit")
          @NotBlank
          @Size(max = 2000)
          String reason) {}

  /** A certificate as the API shows it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CertificateView(
      UUID id,
      UUID organisation,
      CertificateType type,
      Issuer issuer,
      List<String> gtins,
      List<UUID> lots,
      LocalDate validFrom,
      LocalDate validTo,
      String documentSha256,
      String documentUrl,
      CertificateStatus status,
      Instant revokedAt,
      String revocationReason,
      Instant createdAt) {
    static CertificateView of(Certificate c) {
      return new CertificateView(
          c.id(),
          c.organisationId(),
          c.type(),
          new Issuer(c.issuerName(), c.issuerGln().orElse(null)),
          c.gtins().stream().sorted().toList(),
          c.lots().stream().sorted().toList(),
          c.validFrom(),
          c.validTo(),
          c.documentSha256(),
          c.documentUrl().orElse(null),
          c.status(),
          c.revokedAt().orElse(null),
          c.revocationReason().orElse(null),
          c.createdAt());
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Transactional
  @Operation(
      summary = "Register a certificate",
      description =
          "Of the caller's organisation (admins name it), covering its registered products and/or"
              + " lots, valid from/to (dates, inclusive), with the document's SHA-256 and an"
              + " optional https URL of the document.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "msc",
                      value =
                          "{\"type\": \"msc\", \"issuer\": {\"name\": \"Control Union"
                              + " Certifications\"}, \"gtins\": [\"09506000134352\"],"
                              + " \"validFrom\": \"2026-01-01\", \"validTo\": \"2028-12-31\","
                              + " \"documentSha256\":"
                              + " \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}")))
  @APIResponse(responseCode = "201", description = "Registered, valid; Location names it")
  @APIResponse(
      responseCode = "400",
      description =
          "validation-failed (hash, dates, nothing covered), invalid-gs1 (GTIN, issuer GLN),"
              + " invalid-request (unknown type; code unknown-product, unknown-lot)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description =
          "forbidden: wrong role; code not-your-organisation (organisation, a lot) or"
              + " not-your-prefix (a GTIN)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response register(@Valid @NotNull CertificateRequest request) {
    Organisation organisation = access.writeScope(request.organisation());
    String issuerGln =
        request.issuer().gln() == null
            ? null
            : RegistryAccess.gs1("issuer.gln", Gln::parse, request.issuer().gln()).value();
    Set<String> gtins = new TreeSet<>();
    for (String text : request.gtins() == null ? List.<String>of() : request.gtins()) {
      Gtin gtin = RegistryAccess.gs1("gtins", Gtin::parse, text);
      RegistryAccess.requirePrefix(organisation, gtin.value().substring(1), "GTIN " + gtin);
      Product product = em.find(Product.class, gtin.value());
      if (product == null) {
        throw new ProblemException(
            ProblemType.INVALID_REQUEST,
            "Product " + gtin + " is not registered.",
            "unknown-product",
            null);
      }
      gtins.add(gtin.value());
    }
    Set<UUID> lots = new TreeSet<>();
    for (UUID id : request.lots() == null ? List.<UUID>of() : request.lots()) {
      Lot lot = em.find(Lot.class, id);
      if (lot == null) {
        throw new ProblemException(
            ProblemType.INVALID_REQUEST, "No lot " + id + " is registered.", "unknown-lot", null);
      }
      if (!lot.organisationId().equals(organisation.id())) {
        throw new ProblemException(
            ProblemType.FORBIDDEN,
            "Lot " + id + " belongs to another organisation.",
            "not-your-organisation",
            null);
      }
      lots.add(id);
    }
    Certificate certificate =
        new Certificate(
            TimeOrderedIds.next(),
            organisation.id(),
            request.type(),
            request.issuer().name().strip(),
            issuerGln,
            request.validFrom(),
            request.validTo(),
            request.documentSha256().toLowerCase(java.util.Locale.ROOT),
            request.documentUrl(),
            gtins,
            lots);
    em.persist(certificate);
    em.flush();
    em.refresh(certificate);
    return Response.created(URI.create("/api/certificates/" + certificate.id()))
        .entity(CertificateView.of(certificate))
        .build();
  }

  @GET
  @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.CUSTOMS, Roles.ADMIN})
  @Operation(
      summary = "List certificates",
      description =
          "Producers see their own organisation's, auditors, customs and admins all (filter"
              + " organisation). Filters: type, status, gtin (certificates covering it). In id"
              + " (registration) order, paged with limit (1-1000, default 100) and after.")
  @APIResponse(responseCode = "200", description = "One page of certificates")
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
  public Page<CertificateView> list(
      @QueryParam("organisation") String organisationId,
      @Parameter(example = "msc") @QueryParam("type") String typeCode,
      @Parameter(example = "valid") @QueryParam("status") String statusCode,
      @Parameter(example = "09506000134352") @QueryParam("gtin") String gtinText,
      @QueryParam("after") String afterId,
      @QueryParam("limit") Integer limit,
      @Context UriInfo uri) {
    int size = Page.size(limit);
    var scope = access.listScope(Coded.uuid("organisation", organisationId));
    CertificateType type = Coded.parse(CertificateType.class, "type", typeCode);
    CertificateStatus status = Coded.parse(CertificateStatus.class, "status", statusCode);
    Gtin gtin = gtinText == null ? null : RegistryAccess.gs1("gtin", Gtin::parse, gtinText);
    UUID after = Coded.uuid("after", afterId);
    List<Certificate> rows =
        new FilteredQuery<>(Certificate.class, "select c from Certificate c")
            .and("c.organisationId = :org", "org", scope.orElse(null))
            .and("c.type = :type", "type", type)
            .and("c.status = :status", "status", status)
            .and(":gtin member of c.gtins", "gtin", gtin == null ? null : gtin.value())
            .and("c.id > :after", "after", after)
            .page(em, "c.id", size);
    return Page.of(rows, size, uri, c -> c.id().toString(), CertificateView::of);
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.CUSTOMS, Roles.ADMIN})
  @Operation(summary = "One certificate", description = "Producers: their own organisation's only.")
  @APIResponse(responseCode = "200", description = "The certificate")
  @APIResponse(
      responseCode = "403",
      description = "forbidden: wrong role, or (not-your-organisation) another's certificate",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "not-found: no certificate with this id",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public CertificateView get(
      @Parameter(example = "0193a0c4-5b2e-7c1d-9f00-2a6b8e4d1c3f") @PathParam("id") UUID id) {
    Certificate certificate = find(id);
    access.requireReadable(certificate.organisationId(), "Certificate " + id);
    return CertificateView.of(certificate);
  }

  @POST
  @Path("/{id}/revoke")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Transactional
  @Operation(
      summary = "Revoke a certificate",
      description =
          "Its holder or an admin, with a reason; the certificate stays on record as revoked.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "suspended",
                      value = "{\"reason\": \"Suspended by the certification body\"}")))
  @APIResponse(responseCode = "200", description = "The revoked certificate")
  @APIResponse(
      responseCode = "400",
      description = "validation-failed: no reason",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description = "forbidden: wrong role, or (not-your-organisation) another's certificate",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "not-found: no certificate with this id",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "conflict (code already-revoked)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public CertificateView revoke(
      @PathParam("id") UUID id, @Valid @NotNull RevocationRequest request) {
    Certificate certificate = find(id);
    access.requireWritable(certificate.organisationId(), "Certificate " + id);
    em.lock(certificate, LockModeType.PESSIMISTIC_WRITE);
    if (certificate.status() == CertificateStatus.REVOKED) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Certificate " + id + " was revoked at " + certificate.revokedAt().orElseThrow() + ".",
          "already-revoked",
          null);
    }
    certificate.revoke(Instant.now(), request.reason().strip());
    return CertificateView.of(certificate);
  }

  private Certificate find(UUID id) {
    Certificate certificate = em.find(Certificate.class, id);
    if (certificate == null) {
      throw RegistryAccess.notFound("certificate with id " + id);
    }
    return certificate;
  }
}
