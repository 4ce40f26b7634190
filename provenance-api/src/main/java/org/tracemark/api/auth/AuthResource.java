package org.tracemark.api.auth;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;

/**
 * {@code POST /api/auth/token}: the built-in issuer's sign-in. A username and password become a
 * Bearer token with the user's role and organisation. Unknown user, wrong password and disabled
 * user all get the same 401 in the same time; attempts are limited per username and per client
 * address (429 with {@code Retry-After}).
 */
@Path("/api/auth/token")
@Tag(name = "Auth")
public class AuthResource {

  private static final Logger LOG = Logger.getLogger(AuthResource.class);

  /** Sign-in attempts per username, and per client address, in {@link #WINDOW}. */
  static final int PER_USER = 10;

  static final int PER_ADDRESS = 30;
  static final Duration WINDOW = Duration.ofMinutes(5);

  private static final RateLimiter USERS = new RateLimiter(PER_USER, WINDOW);
  private static final RateLimiter ADDRESSES = new RateLimiter(PER_ADDRESS, WINDOW);

  private final UserStore users;
  private final TokenIssuer issuer;

  public AuthResource(UserStore users, TokenIssuer issuer) {
    this.users = users;
    this.issuer = issuer;
  }

  public record SignIn(String username, String password) {}

  /** OAuth 2.0's token response shape (RFC 6749 §5.1), plus who the token is for. */
  public record TokenResponse(
      String access_token, String token_type, long expires_in, String role, UUID organisation) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Sign in (built-in issuer)",
      description =
          "Exchanges a username and password for a Bearer token (ES256 JWT, 8 hours by default)"
              + " with the user's role in groups and organisation in org. Limited to "
              + PER_USER
              + " attempts per username and "
              + PER_ADDRESS
              + " per client address in 5 minutes. Deployments with an external OIDC provider"
              + " answer 404: get tokens from the provider.")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              examples =
                  @ExampleObject(
                      name = "producer",
                      value = "{\"username\": \"farm@example.org\", \"password\": \"…\"}")))
  @APIResponse(responseCode = "200", description = "The token")
  @APIResponse(
      responseCode = "401",
      description =
          "unauthorized (code invalid-credentials): no such user, wrong password, or disabled",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "429",
      description = "too-many-requests: too many attempts; Retry-After says when to try again",
      headers = @Header(name = "Retry-After", description = "seconds"))
  public TokenResponse token(SignIn request, @Context HttpServerRequest http)
      throws SQLException, IOException, GeneralSecurityException {
    if (!issuer.available()) {
      throw new ProblemException(
          ProblemType.NOT_FOUND,
          "This deployment has no built-in issuer; get tokens from its identity provider.");
    }
    if (request == null || request.username() == null || request.password() == null) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST, "username and password are required.");
    }
    String username = request.username().strip().toLowerCase(Locale.ROOT);
    String address = RateLimiter.clientAddress(http);
    ADDRESSES.check(address, "Too many sign-in attempts from this address; try again later.");
    USERS.check(username, "Too many sign-in attempts for this username; try again later.");

    Optional<UserStore.User> user = users.find(username);
    boolean matches =
        Passwords.matches(
            request.password().toCharArray(), user.map(UserStore.User::passwordHash).orElse(null));
    if (!matches || user.get().disabled()) {
      LOG.infof("sign-in refused for %s from %s", Problem.echo(username, 100), address);
      throw new ProblemException(
          ProblemType.UNAUTHORIZED,
          "The username or password is not right, or the user is disabled.",
          "invalid-credentials",
          null);
    }
    UserStore.User signedIn = user.get();
    users.signedIn(signedIn.username(), Instant.now());
    String token = issuer.issue(signedIn.username(), signedIn.role(), signedIn.organisation());
    return new TokenResponse(
        token,
        "Bearer",
        issuer.lifetime().toSeconds(),
        signedIn.role(),
        signedIn.organisation().orElse(null));
  }
}
