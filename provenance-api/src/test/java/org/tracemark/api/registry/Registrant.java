package org.tracemark.api.registry;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.tracemark.api.TestOrganisations;
import org.tracemark.api.auth.TestTokens;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.key.CompanyPrefix;
import org.tracemark.gs1.key.Gln;
import org.tracemark.gs1.key.Gtin;
import org.tracemark.gs1.key.Sscc;

/**
 * An organisation registered over HTTP for a test, with a fresh random 9-digit company prefix
 * ({@code 9} + 8 random digits) so that runs against the same database never collide, and fresh GS1
 * keys under it (check digits computed by the gs1 library).
 */
record Registrant(UUID id, String prefix, AtomicInteger keys) {

  /** Registers an organisation as admin and gives it a fresh prefix. */
  static Registrant create(String name) {
    String id =
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .contentType(ContentType.JSON)
            .body(Map.of("name", name, "country", "ID"))
            .post("/api/organisations")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    Registrant registrant = new Registrant(UUID.fromString(id), freshPrefix(), new AtomicInteger());
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(Map.of("prefix", registrant.prefix()))
        .post("/api/organisations/{id}/prefixes", id)
        .then()
        .statusCode(200);
    return registrant;
  }

  static String freshPrefix() {
    return TestOrganisations.freshPrefix();
  }

  String token() {
    return TestTokens.producer(id);
  }

  RequestSpecification as() {
    return given().auth().oauth2(token()).contentType(ContentType.JSON);
  }

  /** A fresh GTIN-13 under the prefix (14 digits). */
  String gtin() {
    try {
      return Gtin.of(0, CompanyPrefix.of(prefix), String.format("%03d", keys.incrementAndGet()))
          .value();
    } catch (Gs1Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh GLN under the prefix. */
  String gln() {
    try {
      return Gln.of(CompanyPrefix.of(prefix), String.format("%03d", keys.incrementAndGet()))
          .value();
    } catch (Gs1Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh SSCC under the prefix. */
  String sscc() {
    try {
      return Sscc.of(0, CompanyPrefix.of(prefix), String.format("%07d", keys.incrementAndGet()))
          .value();
    } catch (Gs1Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A location body for a fresh GLN. */
  Map<String, Object> location() {
    Map<String, Object> body = new HashMap<>();
    body.put("organisation", id.toString());
    body.put("gln", gln());
    body.put("name", "Cold store " + keys.get());
    body.put("address", "Jl. Pelabuhan Benoa, Bali");
    body.put("country", "ID");
    body.put("latitude", -8.7467);
    body.put("longitude", 115.2117);
    body.put("kind", "warehouse");
    return body;
  }

  /** A product body for a fresh GTIN. */
  Map<String, Object> product() {
    Map<String, Object> body = new HashMap<>();
    body.put("organisation", id.toString());
    body.put("gtin", gtin());
    body.put("name", "Yellowfin tuna loin");
    body.put("category", "fish");
    body.put("species", "Thunnus albacares");
    body.put("imageUrls", java.util.List.of("https://cdn.example.id/loin.jpg"));
    body.put("publicFields", java.util.List.of("name", "species"));
    return body;
  }

  /** A lot body of {@code gtin} with a fresh lot number. */
  Map<String, Object> lot(String gtin) {
    Map<String, Object> body = new HashMap<>();
    body.put("organisation", id.toString());
    body.put("gtin", gtin);
    body.put(
        "lot", "L" + keys.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6));
    body.put("productionDate", "2026-11-07");
    body.put("expiryDate", "2028-11-07");
    body.put("harvestArea", "FAO 71");
    body.put("quantity", 1250.5);
    body.put("unit", "KGM");
    body.put("public", true);
    return body;
  }

  /** A logistic unit body for a fresh SSCC. */
  Map<String, Object> logisticUnit() {
    Map<String, Object> body = new HashMap<>();
    body.put("organisation", id.toString());
    body.put("sscc", sscc());
    body.put("content", "40 cartons of frozen yellowfin loins");
    return body;
  }

  /** A certificate body covering {@code gtin}. */
  Map<String, Object> certificate(String gtin) {
    Map<String, Object> body = new HashMap<>();
    body.put("organisation", id.toString());
    body.put("type", "msc");
    body.put("issuer", Map.of("name", "Control Union Certifications"));
    body.put("gtins", java.util.List.of(gtin));
    body.put("validFrom", "2026-01-01");
    body.put("validTo", "2028-12-31");
    body.put("documentSha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    body.put("documentUrl", "https://certificates.example.org/MSC-C-12345.pdf");
    return body;
  }

  /**
   * Enrols a device of this organisation straight into the table: enrolment by CSR is DeviceIT's
   * subject, here only ownership matters.
   */
  String device(jakarta.persistence.EntityManager em) {
    String device = "logger-" + UUID.randomUUID().toString().substring(0, 13);
    io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
        .run(() -> em.persist(new org.tracemark.api.devices.Device(device, id)));
    return device;
  }

  /** Registers a body as this organisation's producer and returns the new row's key field. */
  String post(String path, Map<String, Object> body, String key) {
    return as().body(body).post(path).then().statusCode(201).extract().path(key);
  }
}
