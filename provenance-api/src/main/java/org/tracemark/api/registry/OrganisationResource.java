package org.tracemark.api.registry;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.problem.Problem;

/**
 * Public facts about an organisation: who produced the goods a consumer is looking at. Writes come
 * with authentication (producer and admin roles) in the registry work.
 */
@Path("/api/organisations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Registry")
public class OrganisationResource {

  private final EntityManager entityManager;

  public OrganisationResource(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** What anyone may know about an organisation. */
  public record OrganisationView(
      UUID id, String name, String country, List<String> companyPrefixes, Instant createdAt) {
    static OrganisationView of(Organisation o) {
      return new OrganisationView(
          o.id(),
          o.name(),
          o.country(),
          o.companyPrefixes().stream().sorted().toList(),
          o.createdAt());
    }
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "An organisation's public profile")
  @APIResponse(responseCode = "200", description = "The organisation")
  @APIResponse(
      responseCode = "404",
      description = "not-found: no organisation with this id",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public OrganisationView get(@PathParam("id") UUID id) {
    Organisation organisation = entityManager.find(Organisation.class, id);
    if (organisation == null) {
      throw new NotFoundException("No organisation with id " + id);
    }
    return OrganisationView.of(organisation);
  }
}
