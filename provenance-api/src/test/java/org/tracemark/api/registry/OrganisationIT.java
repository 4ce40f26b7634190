package org.tracemark.api.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Flyway's schema and the Hibernate mapping agree, on a real PostgreSQL. */
@QuarkusTest
class OrganisationIT {

  @Inject EntityManager entityManager;

  @Test
  void aStoredOrganisationIsServedWithItsPrefixes() {
    UUID id = UUID.randomUUID();
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager.persist(
                    new Organisation(
                        id, "Nusantara Tuna", "ID", Set.of(unique("8991"), unique("8992")))));

    given()
        .when()
        .get("/api/organisations/{id}", id)
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("name", equalTo("Nusantara Tuna"))
        .body("country", equalTo("ID"))
        .body("companyPrefixes.size()", equalTo(2))
        .body("createdAt", notNullValue());
  }

  @Test
  void theDatabaseRejectsAMalformedCompanyPrefix() {
    UUID id = UUID.randomUUID();
    assertThatThrownBy(
            () ->
                QuarkusTransaction.requiringNew()
                    .run(
                        () ->
                            entityManager.persist(
                                new Organisation(id, "Bad prefix", "NO", Set.of("12AB")))))
        .hasStackTraceContaining("gs1_company_prefix_prefix_check");
  }

  /** Prefixes are unique across runs against the same database. */
  private static String unique(String start) {
    long n = Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000L);
    return start + String.format("%08d", n);
  }
}
