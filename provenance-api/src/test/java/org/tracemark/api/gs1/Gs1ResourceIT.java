package org.tracemark.api.gs1;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class Gs1ResourceIT {

  @Test
  void anElementStringIsSplitIntoItsPartsAndADigitalLink() {
    given()
        .contentType("application/json")
        .body(Map.of("data", "(01)09506000134352(17)201225(10)ABC123"))
        .when()
        .post("/api/gs1/parse")
        .then()
        .statusCode(200)
        .body("elements.ai", hasItem("01"))
        .body("elements.find { it.ai == '17' }.date", equalTo("2020-12-25"))
        .body("digitalLink", containsString("/01/09506000134352/10/ABC123"));
  }

  @Test
  void aDigitalLinkIsReadToo() {
    given()
        .contentType("application/json")
        .body(Map.of("data", "https://example.com/01/09506000134352/10/ABC123"))
        .when()
        .post("/api/gs1/parse")
        .then()
        .statusCode(200)
        .body("elementString", equalTo("(01)09506000134352(10)ABC123"));
  }

  @Test
  void aWrongCheckDigitIsAnInvalidGs1ProblemWithItsCode() {
    given()
        .contentType("application/json")
        .body(Map.of("data", "(01)09506000134353"))
        .when()
        .post("/api/gs1/parse")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://tracemark.org/problems/invalid-gs1"))
        .body("code", equalTo("bad-check-digit"));
  }

  @Test
  void brokenJsonIsAMalformedJsonProblem() {
    given()
        .contentType("application/json")
        .body("{bad")
        .when()
        .post("/api/gs1/parse")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://tracemark.org/problems/malformed-json"))
        .body("detail", containsString("line 1"));
  }

  @Test
  void aWrongJsonShapeIsAnInvalidRequestProblem() {
    given()
        .contentType("application/json")
        .body("{\"data\": [1, 2]}")
        .when()
        .post("/api/gs1/parse")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://tracemark.org/problems/invalid-request"))
        .body("detail", containsString("data"));
  }

  @Test
  void aMissingFieldIsAValidationProblemNamingTheField() {
    given()
        .contentType("application/json")
        .body("{}")
        .when()
        .post("/api/gs1/parse")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://tracemark.org/problems/validation-failed"))
        .body("violations.field", hasItem("data"));
  }

  @Test
  void aNonJsonBodyIsAnUnsupportedMediaTypeProblem() {
    given()
        .contentType("text/plain")
        .body("(01)09506000134352")
        .when()
        .post("/api/gs1/parse")
        .then()
        .statusCode(415)
        .contentType("application/problem+json")
        .body("type", equalTo("https://tracemark.org/problems/unsupported-media-type"));
  }

  @Test
  void anOversizeBodyIsRefusedBeforeItIsRead() {
    given()
        .contentType("application/json")
        .body("{\"data\":\"" + "1".repeat(11 * 1024 * 1024) + "\"}")
        .when()
        .post("/api/gs1/parse")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("type", equalTo("https://tracemark.org/problems/payload-too-large"));
  }
}
