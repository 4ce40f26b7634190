package org.tracemark.api.auth;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;

/**
 * The built-in issuer's users, managed by admins ({@code ./tracemark user add} calls this). The
 * password is hashed on arrival and never stored, logged or returned.
 */
@Path("/api/users")
@Tag(name = "Auth")
@RolesAllowed(Roles.ADMIN)
public class UserResource {

  private static final Logger LOG = Logger.getLogger(UserResource.class);

  private final UserStore users;
  private final Caller caller;

  public UserResource(UserStore users, Caller caller) {
    this.users = users;
    this.caller = caller;
  }

  public record NewUser(String username, String password, String role, UUID organisation) {}

  public record UserView(
      String username,
      String role,
      UUID organisation,
      boolean disabled,
      Instant createdAt,
      Instant lastLoginAt) {
    static UserView of(UserStore.User user) {
      return new UserView(
          user.username(),
          user.role(),
          user.organisation().orElse(null),
          user.disabled(),
          user.createdAt(),
          user.lastLoginAt().orElse(null));
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Add a user (admin)",
      description =
          "username: 3-100 of a-z 0-9 . _ @ - (stored lower-case); password: 12-72 characters;"
              + " role: producer (needs organisation), customs, auditor or admin.")
  @APIResponse(responseCode = "201", description = "Added")
  @APIResponse(responseCode = "400", description = "invalid-request: what is wrong")
  @APIResponse(responseCode = "409", description = "conflict (code user-exists)")
  public Response add(NewUser user) throws SQLException {
    if (user == null || user.username() == null || user.role() == null) {
      throw invalid("username, password and role are required");
    }
    String username = user.username().strip().toLowerCase(Locale.ROOT);
    if (!username.matches("^[a-z0-9][a-z0-9._@-]{2,99}$")) {
      throw invalid(
          "username: 3-100 characters of a-z 0-9 . _ @ -, starting with a letter or digit");
    }
    if (!List.of(Roles.PRODUCER, Roles.CUSTOMS, Roles.AUDITOR, Roles.ADMIN).contains(user.role())) {
      throw invalid("role is producer, customs, auditor or admin");
    }
    if (user.role().equals(Roles.PRODUCER) && user.organisation() == null) {
      throw invalid("a producer acts for an organisation: give organisation");
    }
    String weakness = Passwords.weakness(user.password());
    if (weakness != null) {
      throw invalid(weakness);
    }
    boolean added;
    try {
      added =
          users.add(
              username,
              Passwords.hash(user.password().toCharArray()),
              user.role(),
              user.organisation());
    } catch (SQLException e) {
      if ("23503".equals(e.getSQLState())) { // foreign key: no such organisation
        throw invalid("no organisation " + user.organisation());
      }
      throw e;
    }
    if (!added) {
      throw new ProblemException(
          ProblemType.CONFLICT, "User " + username + " exists.", "user-exists", null);
    }
    LOG.infof("user %s (%s) added by %s", username, user.role(), caller.subject());
    return Response.created(URI.create("/api/users/" + username))
        .entity(UserView.of(users.find(username).orElseThrow()))
        .build();
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Every user (admin)")
  public List<UserView> list() throws SQLException {
    return users.all().stream().map(UserView::of).toList();
  }

  @POST
  @Path("/{username}/disable")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Disable a user (admin): no new tokens; issued ones run out")
  @APIResponse(responseCode = "200", description = "Disabled")
  @APIResponse(responseCode = "404", description = "not-found")
  public UserView disable(@PathParam("username") String username) throws SQLException {
    String name = username.toLowerCase(Locale.ROOT);
    if (!users.disable(name)) {
      throw new ProblemException(ProblemType.NOT_FOUND, "No user " + name + ".");
    }
    LOG.infof("user %s disabled by %s", name, caller.subject());
    return UserView.of(users.find(name).orElseThrow());
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_REQUEST, detail + ".");
  }
}
