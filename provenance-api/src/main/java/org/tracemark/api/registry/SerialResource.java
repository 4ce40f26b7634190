package org.tracemark.api.registry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
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
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
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
import org.tracemark.api.auth.Roles;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.gs1.key.Serial;

/**
 * Serial numbers (AI 21) of a product, registered in bulk as a list or a numeric range, so that a
 * scanned SGTIN can be told apart from one that was never made.
 */
@Path("/api/products/{gtin}/serials")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Registry")
public class SerialResource {

  /** Most serials in one list; a range has no such limit, it is one row. */
  static final int MAX_LIST = 10_000;

  private final EntityManager em;
  private final RegistryAccess access;
  private final String schema;

  public SerialResource(
      EntityManager em,
      RegistryAccess access,
      @ConfigProperty(name = "tracemark.db.schema") String schema) {
    this.em = em;
    this.access = access;
    this.schema = schema;
  }

  /**
   * Serials to register: {@code serials} (a list), or {@code from}..{@code to} (numeric, same
   * number of digits, inclusive). {@code status} defaults to commissioned. {@code organisation}:
   * producers may omit it, admins must name the product's organisation.
   */
  public record SerialsRequest(
      UUID organisation,
      @Schema(example = "[\"A1001\", \"A1002\"]") @Size(max = MAX_LIST)
          List<@NotNull String> serials,
      @Schema(example = "000001") String from,
      @Schema(example = "250000") String to,
      @Schema(example = "commissioned") SerialStatus status) {

    @JsonIgnore
    @Schema(hidden = true)
    @AssertTrue(message = "give either serials or from and to")
    public boolean isListOrRange() {
      boolean list = serials != null && !serials.isEmpty();
      boolean range = from != null || to != null;
      return list != range && (!range || (from != null && to != null));
    }
  }

  /** A block of serials: a range ({@code from}, {@code to}) or a list ({@code serials}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SerialBlockView(
      UUID id,
      String gtin,
      String from,
      String to,
      List<String> serials,
      long count,
      SerialStatus status,
      Instant createdAt) {
    static SerialBlockView of(SerialBlock b) {
      return new SerialBlockView(
          b.id(),
          b.gtin(),
          b.first().orElse(null),
          b.last().orElse(null),
          b.serials().orElse(null),
          b.count(),
          b.status(),
          b.createdAt());
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Transactional
  @Operation(
      summary = "Register serials of a product",
      description =
          "A list (up to 10,000, AI 21 rules each) or a numeric range of one width, stored as one"
              + " row either way. A serial already registered for the GTIN is a 409.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples = {
                @ExampleObject(
                    name = "range",
                    value = "{\"from\": \"000001\", \"to\": \"250000\"}"),
                @ExampleObject(name = "list", value = "{\"serials\": [\"A1001\", \"A1002\"]}")
              }))
  @APIResponse(responseCode = "201", description = "The block registered")
  @APIResponse(
      responseCode = "400",
      description =
          "invalid-gs1 (GTIN, a serial), validation-failed (neither or both of list and range),"
              + " invalid-request (range not numeric, of two widths or reversed; repeated serial)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description = "forbidden: wrong role, or (not-your-organisation) another's product",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "not-found: the product is not registered",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "conflict: a serial is registered already",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response register(
      @Parameter(example = "09506000134352") @PathParam("gtin") String gtinText,
      @Valid @NotNull SerialsRequest request) {
    Organisation organisation = access.writeScope(request.organisation());
    Product product = ProductResource.readable(em, access, gtinText);
    access.requireWritable(product.organisationId(), "Product " + product.gtin());
    if (!product.organisationId().equals(organisation.id())) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "Product " + product.gtin() + " belongs to another organisation.",
          "not-your-organisation",
          null);
    }
    // One registration per product at a time, which makes the overlap check exact.
    em.lock(product, LockModeType.PESSIMISTIC_WRITE);
    SerialStatus status = request.status() == null ? SerialStatus.COMMISSIONED : request.status();
    SerialBlock block;
    if (request.serials() != null && !request.serials().isEmpty()) {
      List<String> serials =
          request.serials().stream()
              .map(s -> RegistryAccess.gs1("serials", Serial::of, s).value())
              .toList();
      if (new HashSet<>(serials).size() != serials.size()) {
        throw new ProblemException(ProblemType.INVALID_REQUEST, "serials repeats a serial.");
      }
      String taken = takenFromList(product.gtin(), String.join("\n", serials));
      if (taken != null) {
        throw RegistryAccess.conflict(
            "Serial " + taken + " of " + product.gtin() + " is already registered.");
      }
      block =
          SerialBlock.list(
              TimeOrderedIds.next(), organisation.id(), product.gtin(), serials, status);
    } else {
      String from = RegistryAccess.gs1("from", Serial::of, request.from()).value();
      String to = RegistryAccess.gs1("to", Serial::of, request.to()).value();
      if (!from.matches("[0-9]+")
          || !to.matches("[0-9]+")
          || from.length() != to.length()
          || new BigInteger(from).compareTo(new BigInteger(to)) > 0) {
        throw new ProblemException(
            ProblemType.INVALID_REQUEST,
            "A range is from..to of digits with the same width, from not after to: "
                + from
                + ".."
                + to
                + ".");
      }
      String taken = takenInRange(product.gtin(), from, to);
      if (taken != null) {
        throw RegistryAccess.conflict(
            "Serials " + taken + " of " + product.gtin() + " overlap " + from + ".." + to + ".");
      }
      block =
          SerialBlock.range(
              TimeOrderedIds.next(), organisation.id(), product.gtin(), from, to, status);
    }
    em.persist(block);
    em.flush();
    em.refresh(block);
    return Response.created(URI.create("/api/products/" + product.gtin() + "/serials"))
        .entity(SerialBlockView.of(block))
        .build();
  }

  /** A registered serial among {@code joined} (newline-separated), or null. */
  private String takenFromList(String gtin, String joined) {
    List<?> found =
        em.createNativeQuery(
                "SELECT s FROM unnest(string_to_array(:serials, E'\\n')) AS s WHERE EXISTS ("
                    + " SELECT 1 FROM "
                    + schema
                    + ".serial_block b WHERE b.gtin = :gtin AND (s = ANY (b.serials)"
                    + " OR (b.first_serial IS NOT NULL AND length(s) = length(b.first_serial)"
                    + " AND s ~ '^[0-9]+$' AND s BETWEEN b.first_serial AND b.last_serial)))"
                    + " LIMIT 1")
            .setParameter("serials", joined)
            .setParameter("gtin", gtin)
            .getResultList();
    return found.isEmpty() ? null : found.get(0).toString();
  }

  /** A registered range or serial overlapping {@code from..to} (same width), or null. */
  private String takenInRange(String gtin, String from, String to) {
    List<?> found =
        em.createNativeQuery(
                "SELECT coalesce(b.first_serial || '..' || b.last_serial, s) FROM "
                    + schema
                    + ".serial_block b LEFT JOIN LATERAL unnest(b.serials) AS s ON true"
                    + " WHERE b.gtin = :gtin AND ((b.first_serial IS NOT NULL"
                    + " AND length(b.first_serial) = :width AND b.first_serial <= :to"
                    + " AND b.last_serial >= :from) OR (length(s) = :width AND s ~ '^[0-9]+$'"
                    + " AND s BETWEEN :from AND :to)) LIMIT 1")
            .setParameter("gtin", gtin)
            .setParameter("width", from.length())
            .setParameter("from", from)
            .setParameter("to", to)
            .getResultList();
    return found.isEmpty() ? null : found.get(0).toString();
  }

  @GET
  @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.CUSTOMS, Roles.ADMIN})
  @Operation(
      summary = "List a product's serial blocks",
      description =
          "In id (registration) order, paged with limit (1-1000, default 100) and after; filter"
              + " serial: the block holding it. Producers: their own products only.")
  @APIResponse(responseCode = "200", description = "One page of serial blocks")
  @APIResponse(
      responseCode = "403",
      description = "forbidden: wrong role, or (not-your-organisation) another's product",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "not-found: the product is not registered",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Page<SerialBlockView> list(
      @PathParam("gtin") String gtinText,
      @Parameter(example = "000042") @QueryParam("serial") String serial,
      @QueryParam("after") String afterId,
      @QueryParam("limit") Integer limit,
      @Context UriInfo uri) {
    int size = Page.size(limit);
    Product product = ProductResource.readable(em, access, gtinText);
    UUID after = Coded.uuid("after", afterId);
    List<SerialBlock> rows;
    if (serial != null) {
      List<?> ids =
          em.createNativeQuery(
                  "SELECT CAST(b.id AS text) FROM "
                      + schema
                      + ".serial_block b WHERE b.gtin = :gtin AND (:s = ANY (b.serials)"
                      + " OR (b.first_serial IS NOT NULL AND length(:s) = length(b.first_serial)"
                      + " AND :s ~ '^[0-9]+$' AND :s BETWEEN b.first_serial AND b.last_serial))")
              .setParameter("gtin", product.gtin())
              .setParameter("s", serial)
              .getResultList();
      rows =
          ids.stream()
              .map(id -> em.find(SerialBlock.class, UUID.fromString(id.toString())))
              .toList();
    } else {
      var query =
          em.createQuery(
              "select b from SerialBlock b where b.gtin = :gtin"
                  + (after == null ? "" : " and b.id > :after")
                  + " order by b.id",
              SerialBlock.class);
      query.setParameter("gtin", product.gtin());
      if (after != null) {
        query.setParameter("after", after);
      }
      rows = query.setMaxResults(size + 1).getResultList();
    }
    return Page.of(rows, size, uri, b -> b.id().toString(), SerialBlockView::of);
  }
}
