package org.tracemark.api.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
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
import org.tracemark.gs1.key.Gtin;

/** Products (GTIN) of the caller's organisation, under its GS1 company prefixes. */
@Path("/api/products")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Registry")
public class ProductResource {

  /**
   * An https URL: images are shown on the consumer page, which is served over https, and a plain
   * http image would be both mixed content and a way to track who scans what.
   */
  static final String HTTPS_URL = "https://[^\\s/?#@]+(/\\S*)?";

  private final EntityManager em;
  private final RegistryAccess access;

  public ProductResource(EntityManager em, RegistryAccess access) {
    this.em = em;
    this.access = access;
  }

  /**
   * A new product. {@code organisation}: producers may omit it (their own), admins must name it.
   * {@code publicFields}: which of name, category, species, description, imageUrls consumers see.
   */
  public record ProductRequest(
      UUID organisation,
      @Schema(example = "9506000134352", description = "GTIN-8, -12, -13 or -14") @NotNull
          String gtin,
      @Schema(example = "Yellowfin tuna loin, frozen") @NotBlank @Size(max = 200) String name,
      @Schema(example = "fish") @NotNull ProductCategory category,
      @Schema(example = "Thunnus albacares", description = "species or variety") @Size(max = 200)
          String species,
      @Schema(example = "Line-caught in the Banda Sea, frozen at sea.") @Size(max = 5000)
          String description,
      @Schema(example = "[\"https://cdn.example.id/tuna-loin.jpg\"]") @Size(max = 20)
          List<
                  @NotNull @Size(max = 2000)
                  @Pattern(regexp = HTTPS_URL, message = "must be an https URL") String>
              imageUrls,
      @Schema(example = "[\"name\", \"category\", \"species\", \"imageUrls\"]")
          List<@NotNull ProductField> publicFields) {}

  /** A product as the API shows it, GTIN in 14 digits. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ProductView(
      String gtin,
      UUID organisation,
      String name,
      ProductCategory category,
      String species,
      String description,
      List<String> imageUrls,
      List<String> publicFields,
      Instant createdAt) {
    static ProductView of(Product p) {
      return new ProductView(
          p.gtin(),
          p.organisationId(),
          p.name(),
          p.category(),
          p.species().orElse(null),
          p.description().orElse(null),
          p.imageUrls(),
          p.publicFields(),
          p.createdAt());
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Transactional
  @Operation(
      summary = "Register a product",
      description =
          "A GTIN (any of GTIN-8/12/13/14, check digit verified, stored as 14 digits) under one"
              + " of the organisation's GS1 company prefixes. Producers register for their own"
              + " organisation; admins name the organisation.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "tuna",
                      value =
                          "{\"gtin\": \"9506000134352\", \"name\": \"Yellowfin tuna loin\","
                              + " \"category\": \"fish\", \"species\": \"Thunnus albacares\","
                              + " \"imageUrls\": [\"https://cdn.example.id/loin.jpg\"],"
                              + " \"publicFields\": [\"name\", \"species\", \"imageUrls\"]}")))
  @APIResponse(responseCode = "201", description = "Registered; Location names it")
  @APIResponse(
      responseCode = "400",
      description =
          "invalid-gs1 (bad check digit, length), validation-failed (http image URL, ...),"
              + " invalid-request (unknown category or public field), malformed-json",
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
          "forbidden: wrong role; code not-your-organisation or not-your-prefix (GTIN outside"
              + " the organisation's prefixes)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "conflict: the GTIN is registered",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response register(@Valid @NotNull ProductRequest request) {
    Organisation organisation = access.writeScope(request.organisation());
    Gtin gtin = RegistryAccess.gs1("gtin", Gtin::parse, request.gtin());
    RegistryAccess.requirePrefix(organisation, gtin.value().substring(1), "GTIN " + gtin);
    if (em.find(Product.class, gtin.value()) != null) {
      throw RegistryAccess.conflict("Product " + gtin + " is already registered.");
    }
    Product product =
        new Product(
            gtin.value(),
            organisation.id(),
            request.name().strip(),
            request.category(),
            request.species(),
            request.description(),
            request.imageUrls() == null ? List.of() : request.imageUrls(),
            request.publicFields() == null
                ? List.of()
                : request.publicFields().stream().map(ProductField::code).distinct().toList());
    access.insert(product, "Product " + gtin + " is already registered.");
    em.refresh(product);
    return Response.created(URI.create("/api/products/" + gtin.value()))
        .entity(ProductView.of(product))
        .build();
  }

  @GET
  @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.CUSTOMS, Roles.ADMIN})
  @Operation(
      summary = "List products",
      description =
          "Producers see their own organisation's, auditors, customs and admins all (filter"
              + " organisation). Filter: category. In GTIN order, paged with limit (1-1000,"
              + " default 100) and after (from the previous page's next).")
  @APIResponse(responseCode = "200", description = "One page of products")
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
  public Page<ProductView> list(
      @QueryParam("organisation") String organisationId,
      @Parameter(example = "fish") @QueryParam("category") String categoryCode,
      @Parameter(description = "a GTIN in 14 digits") @QueryParam("after") String after,
      @QueryParam("limit") Integer limit,
      @Context UriInfo uri) {
    int size = Page.size(limit);
    var scope = access.listScope(Coded.uuid("organisation", organisationId));
    ProductCategory category = Coded.parse(ProductCategory.class, "category", categoryCode);
    List<Product> rows =
        new FilteredQuery<>(Product.class, "select p from Product p")
            .and("p.organisationId = :org", "org", scope.orElse(null))
            .and("p.category = :category", "category", category)
            .and("p.gtin > :after", "after", after)
            .page(em, "p.gtin", size);
    return Page.of(rows, size, uri, Product::gtin, ProductView::of);
  }

  @GET
  @Path("/{gtin}")
  @RolesAllowed({Roles.PRODUCER, Roles.AUDITOR, Roles.CUSTOMS, Roles.ADMIN})
  @Operation(
      summary = "One product",
      description = "By GTIN in any length. Producers: their own organisation's only.")
  @APIResponse(responseCode = "200", description = "The product")
  @APIResponse(
      responseCode = "400",
      description = "invalid-gs1: not a GTIN (check digit, length)",
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
      description = "not-found: no product with this GTIN",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public ProductView get(@Parameter(example = "09506000134352") @PathParam("gtin") String text) {
    return ProductView.of(readable(em, access, text));
  }

  /** The product with GTIN {@code text}, if the caller may read it. */
  static Product readable(EntityManager em, RegistryAccess access, String text) {
    Gtin gtin = RegistryAccess.gs1("gtin", Gtin::parse, text);
    Product product = em.find(Product.class, gtin.value());
    if (product == null) {
      throw RegistryAccess.notFound("product with GTIN " + gtin);
    }
    access.requireReadable(product.organisationId(), "Product " + gtin);
    return product;
  }
}
