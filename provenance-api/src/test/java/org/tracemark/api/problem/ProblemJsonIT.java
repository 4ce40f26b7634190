package org.tracemark.api.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Every error is RFC 9457 problem+json with a stable type, and never a stack trace. */
@QuarkusTest
class ProblemJsonIT {

  @Test
  void brokenJsonToAnUnknownRouteIsANotFoundProblem() {
    given()
        .contentType("application/json")
        .body("{bad")
        .when()
        .post("/api/anything")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("https://tracemark.org/problems/not-found"))
        .body("status", equalTo(404))
        .body("detail", containsString("POST /api/anything"))
        .body("instance", startsWith("urn:uuid:"));
  }

  @Test
  void unknownPagesOutsideTheApiAreProblemsToo() {
    given()
        .accept("text/html")
        .when()
        .get("/no/such/page")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body(not(containsString("<html")));
  }

  @Test
  void aWrongMethodIsA405Problem() {
    given()
        .when()
        .delete("/api/organisations/00000000-0000-0000-0000-000000000001")
        .then()
        .statusCode(405)
        .contentType("application/problem+json")
        .body("type", equalTo("https://tracemark.org/problems/method-not-allowed"));
  }

  @Test
  void aMissingEntityIsA404ProblemNamingIt() {
    given()
        .when()
        .get("/api/organisations/00000000-0000-0000-0000-000000000001")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("00000000-0000-0000-0000-000000000001"));
  }
}
