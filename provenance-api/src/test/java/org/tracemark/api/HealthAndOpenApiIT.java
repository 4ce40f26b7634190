package org.tracemark.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthAndOpenApiIT {

  @Test
  void readinessReallyChecksTheDatabase() {
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("Database connections health check"));
  }

  @Test
  void theOpenApiDocumentDescribesTheApi() {
    given()
        .accept("application/json")
        .when()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("info.title", equalTo("Tracemark API"))
        .body("paths.keySet()", hasItem("/api/organisations/{id}"))
        .body("paths.keySet()", hasItem("/api/gs1/parse"))
        .body("paths.keySet()", hasItem("/api/logistic-units/{sscc}/devices/{device}/end"))
        .body(
            "paths.'/api/locations'.post.responses.'403'.content.keySet()",
            hasItem("application/problem+json"))
        .body(
            "paths.'/api/gs1/parse'.post.responses.'400'.content.keySet()",
            hasItem("application/problem+json"));
  }

  @Test
  void swaggerUiAndTheLandingPageAreServed() {
    given().when().get("/q/swagger-ui/").then().statusCode(200);
    given()
        .when()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .body(containsString("Tracemark"));
  }
}
