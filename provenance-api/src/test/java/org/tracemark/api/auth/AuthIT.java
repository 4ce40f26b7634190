package org.tracemark.api.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The built-in issuer against the running application and PostgreSQL: an admin adds users, they
 * sign in for tokens that the API then accepts with their role and organisation; wrong passwords,
 * unknown and disabled users get one indistinguishable 401; attempts are rate-limited; passwords
 * are stored only as bcrypt hashes.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class AuthIT {

  private static final String PROBLEMS = "https://tracemark.org/problems/";

  @Inject DataSource dataSource;

  @ConfigProperty(name = "tracemark.db.schema")
  String schema;

  private UUID organisation() throws Exception {
    UUID id = UUID.randomUUID();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + schema
                    + ".organisation (id, name, country) VALUES (?, ?, 'ID')")) {
      s.setObject(1, id);
      s.setString(2, "Auth test fishery");
      s.executeUpdate();
    }
    return id;
  }

  private static String username() {
    return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  private static void addUser(String username, String password, String role, UUID org) {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(
            org == null
                ? Map.of("username", username, "password", password, "role", role)
                : Map.of(
                    "username", username, "password", password, "role", role, "organisation", org))
        .post("/api/users")
        .then()
        .statusCode(201)
        .body("username", equalTo(username))
        .body("$", not(hasKey("password")));
  }

  private static io.restassured.response.ValidatableResponse signIn(
      String username, String password) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("username", username, "password", password))
        .post("/api/auth/token")
        .then();
  }

  @Test
  void aProducerSignsInAndTheTokenActsForItsOrganisation() throws Exception {
    UUID org = organisation();
    String username = username();
    addUser(username, "correct horse battery", "producer", org);

    String token =
        signIn(username.toUpperCase(), "correct horse battery")
            .statusCode(200)
            .body("token_type", equalTo("Bearer"))
            .body("role", equalTo("producer"))
            .body("organisation", equalTo(org.toString()))
            .extract()
            .path("access_token");
    assertThat((Integer) signIn(username, "correct horse battery").extract().path("expires_in"))
        .isEqualTo(8 * 3600);
    // The API accepts it: the producer's own (empty) device list, and not the admin's user list.
    given().auth().oauth2(token).get("/api/devices").then().statusCode(200);
    given().auth().oauth2(token).get("/api/users").then().statusCode(403);

    // Only a bcrypt hash is stored.
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT password_hash, last_login_at FROM "
                    + schema
                    + ".app_user WHERE username = ?")) {
      s.setString(1, username);
      var rs = s.executeQuery();
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).startsWith("$2y$12$").doesNotContain("horse");
      assertThat(rs.getTimestamp(2)).isNotNull();
    }
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/users")
        .then()
        .statusCode(200)
        .body("username", hasItem(username));
  }

  @Test
  void wrongUnknownAndDisabledAllGetTheSame401() throws Exception {
    String username = username();
    addUser(username, "another long password", "customs", null);
    for (String[] attempt :
        new String[][] {
          {username, "wrong password!!"}, {"nobody-" + username, "another long password"}
        }) {
      signIn(attempt[0], attempt[1])
          .statusCode(401)
          .contentType("application/problem+json")
          .body("type", equalTo(PROBLEMS + "unauthorized"))
          .body("code", equalTo("invalid-credentials"));
    }
    signIn(username, "another long password").statusCode(200);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .post("/api/users/{u}/disable", username)
        .then()
        .statusCode(200)
        .body("disabled", equalTo(true));
    signIn(username, "another long password")
        .statusCode(401)
        .body("code", equalTo("invalid-credentials"));
  }

  @Test
  void attemptsBeyondTheLimitAre429WithRetryAfter() throws Exception {
    String username = username();
    addUser(username, "rate limited password", "auditor", null);
    for (int i = 0; i < AuthResource.PER_USER; i++) {
      signIn(username, "not the password " + i).statusCode(401);
    }
    signIn(username, "rate limited password")
        .statusCode(429)
        .header("Retry-After", matchesPattern("[1-9][0-9]*"))
        .body("type", equalTo(PROBLEMS + "too-many-requests"));
  }

  @Test
  void badNewUsersAreTypedErrorsAndOnlyAdminsAddUsers() throws Exception {
    String username = username();
    for (Map<String, Object> bad :
        java.util.List.<Map<String, Object>>of(
            Map.of("username", username, "password", "short", "role", "customs"),
            Map.of("username", "x", "password", "long enough password", "role", "customs"),
            Map.of("username", username, "password", "long enough password", "role", "king"),
            Map.of("username", username, "password", "long enough password", "role", "producer"),
            Map.of(
                "username",
                username,
                "password",
                "long enough password",
                "role",
                "producer",
                "organisation",
                UUID.randomUUID().toString()))) {
      given()
          .auth()
          .oauth2(TestTokens.admin())
          .contentType(ContentType.JSON)
          .body(bad)
          .post("/api/users")
          .then()
          .statusCode(400)
          .body("type", equalTo(PROBLEMS + "invalid-request"));
    }
    addUser(username, "long enough password", "customs", null);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(Map.of("username", username, "password", "long enough password", "role", "customs"))
        .post("/api/users")
        .then()
        .statusCode(409)
        .body("code", equalTo("user-exists"));
    given()
        .auth()
        .oauth2(TestTokens.customs())
        .contentType(ContentType.JSON)
        .body(Map.of("username", username(), "password", "long enough password", "role", "admin"))
        .post("/api/users")
        .then()
        .statusCode(403);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("username", username(), "password", "long enough password", "role", "admin"))
        .post("/api/users")
        .then()
        .statusCode(401);
  }
}
