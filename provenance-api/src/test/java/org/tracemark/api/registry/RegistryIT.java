package org.tracemark.api.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.auth.TestTokens;

/**
 * The registry over HTTP on a real PostgreSQL: what is registered reads back, lists page, and bad
 * input is a typed problem that stores nothing.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class RegistryIT {

  @Inject EntityManager em;

  @ConfigProperty(name = "tracemark.db.schema")
  String schema;

  /** How many rows of {@code table} have {@code column} = {@code value}: what was stored. */
  private long rows(String table, String column, String value) {
    return ((Number)
            em.createNativeQuery(
                    "SELECT count(*) FROM "
                        + schema
                        + "."
                        + table
                        + " WHERE CAST("
                        + column
                        + " AS text) = :v")
                .setParameter("v", value)
                .getSingleResult())
        .longValue();
  }

  private static ValidatableResponse problem(
      ValidatableResponse response, int status, String type) {
    return response
        .statusCode(status)
        .contentType("application/problem+json")
        .body("type", equalTo("https://tracemark.org/problems/" + type));
  }

  /** Every item of a list, following next links with pages of {@code limit}. */
  private static List<Map<String, Object>> all(String token, String path, int limit) {
    List<Map<String, Object>> items = new ArrayList<>();
    String next = path + (path.contains("?") ? "&" : "?") + "limit=" + limit;
    int pages = 0;
    while (next != null) {
      var page = given().auth().oauth2(token).get(next).then().statusCode(200).extract().jsonPath();
      List<Map<String, Object>> got = page.getList("items");
      assertThat(got).hasSizeLessThanOrEqualTo(limit);
      items.addAll(got);
      next = page.getString("next");
      assertThat(++pages).as("pages of " + path).isLessThan(100);
    }
    return items;
  }

  @Test
  void aProducerRegistersItsOrganisationWhichAnAdminVerifiesWithWhatWasChecked() {
    String subject = "founder-" + UUID.randomUUID();
    String id =
        given()
            .auth()
            .oauth2(TestTokens.token(subject, Roles.PRODUCER, null))
            .contentType(ContentType.JSON)
            .body(Map.of("name", "Laut Biru Fishery", "country", "ID"))
            .post("/api/organisations")
            .then()
            .statusCode(201)
            .body("status", equalTo("pending"))
            .body("verified", equalTo(false))
            .body("companyPrefixes", hasSize(0))
            .extract()
            .path("id");
    given()
        .get("/api/organisations/{id}", id)
        .then()
        .statusCode(200)
        .body("name", equalTo("Laut Biru Fishery"))
        .body("status", equalTo("pending"))
        .body("decision", nullValue());

    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "checked",
                List.of("business-registration", "gs1-prefix-licence"),
                "note",
                "NIB and GS1 Indonesia licence seen"))
        .post("/api/organisations/{id}/verification", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("verified"))
        .body("decision.by", equalTo("admin@tracemark"))
        .body("decision.note", equalTo("NIB and GS1 Indonesia licence seen"));

    // The public profile says that and when it was checked, and what, but not who or the note.
    given()
        .get("/api/organisations/{id}", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("verified"))
        .body("verified", equalTo(true))
        .body("decision.checked", contains("business-registration", "gs1-prefix-licence"))
        .body("decision.at", notNullValue())
        .body("decision.by", nullValue())
        .body("decision.note", nullValue());
    // Auditors see who decided.
    given()
        .auth()
        .oauth2(TestTokens.token("auditor@x", Roles.AUDITOR, null))
        .get("/api/organisations?status=verified&name=laut biru&limit=1000")
        .then()
        .statusCode(200)
        .body("items.find { it.id == '" + id + "' }.decision.by", equalTo("admin@tracemark"));

    // A rejection needs a reason, and is recorded beside the earlier verification.
    problem(
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .contentType(ContentType.JSON)
            .body(Map.of("outcome", "rejected"))
            .post("/api/organisations/{id}/verification", id)
            .then(),
        400,
        "invalid-request");
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(Map.of("outcome", "rejected", "note", "Registration number is another company's"))
        .post("/api/organisations/{id}/verification", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("rejected"))
        .body("verified", equalTo(false));
    assertThat(rows("organisation_decision", "organisation_id", id)).isEqualTo(2);
  }

  @Test
  void prefixesAreHeldByOneOrganisationOnTheWholePlatform() {
    Registrant first = Registrant.create("First Prefix Holder");
    Registrant second = Registrant.create("Second Prefix Holder");
    var admin = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON);

    problem(
            admin
                .body(Map.of("prefix", first.prefix()))
                .post("/api/organisations/{id}/prefixes", second.id())
                .then(),
            409,
            "conflict")
        .body("code", equalTo("prefix-taken"));
    // Nested prefixes would let one company register the other's keys.
    problem(
            given()
                .auth()
                .oauth2(TestTokens.admin())
                .contentType(ContentType.JSON)
                .body(Map.of("prefix", first.prefix() + "7"))
                .post("/api/organisations/{id}/prefixes", second.id())
                .then(),
            409,
            "conflict")
        .body("code", equalTo("prefix-taken"));
    // The holder adding it again changes nothing.
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(Map.of("prefix", first.prefix()))
        .post("/api/organisations/{id}/prefixes", first.id())
        .then()
        .statusCode(200)
        .body("companyPrefixes", contains(first.prefix()));
    problem(
            given()
                .auth()
                .oauth2(TestTokens.admin())
                .contentType(ContentType.JSON)
                .body(Map.of("prefix", "95A1"))
                .post("/api/organisations/{id}/prefixes", second.id())
                .then(),
            400,
            "invalid-gs1")
        .body("code", equalTo("bad-character"));
    given()
        .get("/api/organisations/{id}", second.id())
        .then()
        .statusCode(200)
        .body("companyPrefixes", contains(second.prefix()));
  }

  @Test
  void locationsProductsAndLotsReadBackAndPage() {
    Registrant org = Registrant.create("Round Trip Fishery");
    List<String> locations = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      var body = org.location();
      if (i == 2) {
        body.put("extension", "FREEZER-" + i);
        body.remove("latitude");
        body.remove("longitude");
        body.put("kind", "processing-plant");
      }
      String id =
          org.as()
              .body(body)
              .post("/api/locations")
              .then()
              .statusCode(201)
              .header("Location", containsString("/api/locations/"))
              .extract()
              .path("id");
      locations.add(id);
    }
    List<Map<String, Object>> listed = all(org.token(), "/api/locations", 2);
    assertThat(listed).extracting(m -> m.get("id")).containsExactlyElementsOf(locations);
    given()
        .auth()
        .oauth2(org.token())
        .get("/api/locations/{id}", locations.get(2))
        .then()
        .statusCode(200)
        .body("extension", equalTo("FREEZER-2"))
        .body("kind", equalTo("processing-plant"))
        .body("latitude", nullValue())
        .body("country", equalTo("ID"));
    given()
        .auth()
        .oauth2(org.token())
        .get("/api/locations/{id}", locations.get(0))
        .then()
        .statusCode(200)
        .body("latitude", equalTo(-8.7467f))
        .body("longitude", equalTo(115.2117f))
        .body("extension", nullValue());

    // Products: GTIN-13 in, 14 digits out; read by either length.
    List<String> gtins = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      var body = org.product();
      String gtin14 = (String) body.get("gtin");
      body.put("gtin", gtin14.substring(1)); // as printed on the pack: GTIN-13
      org.as()
          .body(body)
          .post("/api/products")
          .then()
          .statusCode(201)
          .header("Location", endsWith("/api/products/" + gtin14))
          .body("gtin", equalTo(gtin14))
          .body("publicFields", contains("name", "species"));
      gtins.add(gtin14);
    }
    assertThat(all(org.token(), "/api/products?organisation=" + org.id(), 2))
        .extracting(m -> m.get("gtin"))
        .containsExactlyElementsOf(gtins);
    given()
        .auth()
        .oauth2(TestTokens.customs())
        .get("/api/products/{gtin}", gtins.get(1).substring(1))
        .then()
        .statusCode(200)
        .body("name", equalTo("Yellowfin tuna loin"))
        .body("category", equalTo("fish"))
        .body("imageUrls", contains("https://cdn.example.id/loin.jpg"));

    // Lots of the first product, from the first location.
    String gln =
        given()
            .auth()
            .oauth2(org.token())
            .get("/api/locations/{id}", locations.get(0))
            .then()
            .extract()
            .path("gln");
    List<String> lots = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      var body = org.lot(gtins.get(0));
      body.put("origin", gln);
      lots.add(org.post("/api/lots", body, "id"));
    }
    assertThat(all(org.token(), "/api/lots?gtin=" + gtins.get(0), 2))
        .extracting(m -> m.get("id"))
        .containsExactlyElementsOf(lots);
    given()
        .auth()
        .oauth2(TestTokens.token("auditor@x", Roles.AUDITOR, null))
        .get("/api/lots/{id}", lots.get(0))
        .then()
        .statusCode(200)
        .body("gtin", equalTo(gtins.get(0)))
        .body("origin", equalTo(locations.get(0)))
        .body("productionDate", equalTo("2026-11-07"))
        .body("expiryDate", equalTo("2028-11-07"))
        .body("quantity", equalTo(1250.5f))
        .body("unit", equalTo("KGM"))
        .body("public", equalTo(true));
  }

  @Test
  void badInputIsATypedProblemAndStoresNothing() {
    Registrant org = Registrant.create("Bad Input Mill");
    Registrant other = Registrant.create("Someone Else");

    // Wrong check digit.
    var product = org.product();
    String gtin = (String) product.get("gtin");
    String wrong = gtin.substring(0, 13) + (char) ('0' + (gtin.charAt(13) - '0' + 1) % 10);
    product.put("gtin", wrong);
    problem(org.as().body(product).post("/api/products").then(), 400, "invalid-gs1")
        .body("code", equalTo("bad-check-digit"));
    assertThat(rows("product", "gtin", wrong)).isZero();

    // A GTIN under another organisation's prefix.
    var foreign = org.product();
    foreign.put("gtin", other.gtin());
    problem(org.as().body(foreign).post("/api/products").then(), 403, "forbidden")
        .body("code", equalTo("not-your-prefix"));
    assertThat(rows("product", "gtin", (String) foreign.get("gtin"))).isZero();

    // Latitude 91.
    var location = org.location();
    location.put("latitude", 91);
    problem(org.as().body(location).post("/api/locations").then(), 400, "validation-failed")
        .body("violations.field", hasItem("latitude"));
    assertThat(rows("location", "gln", (String) location.get("gln"))).isZero();

    // Broken JSON.
    problem(
        org.as().body("{\"gln\": \"" + org.gln() + "\", ").post("/api/locations").then(),
        400,
        "malformed-json");

    // Unknown enumeration value.
    var castle = org.location();
    castle.put("kind", "castle");
    problem(org.as().body(castle).post("/api/locations").then(), 400, "invalid-request");
    assertThat(rows("location", "gln", (String) castle.get("gln"))).isZero();
    var meat = org.product();
    meat.put("category", "meat");
    problem(org.as().body(meat).post("/api/products").then(), 400, "invalid-request");
    assertThat(rows("product", "gtin", (String) meat.get("gtin"))).isZero();

    // An image over plain http, and a field consumers cannot be shown.
    var http = org.product();
    http.put("imageUrls", List.of("http://cdn.example.id/loin.jpg"));
    problem(org.as().body(http).post("/api/products").then(), 400, "validation-failed");
    assertThat(rows("product", "gtin", (String) http.get("gtin"))).isZero();

    // An admin must say for whom; a missing name is a violation.
    var anonymousOwner = org.location();
    anonymousOwner.remove("organisation");
    problem(
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .contentType(ContentType.JSON)
            .body(anonymousOwner)
            .post("/api/locations")
            .then(),
        400,
        "invalid-request");
    var nameless = org.location();
    nameless.remove("name");
    problem(org.as().body(nameless).post("/api/locations").then(), 400, "validation-failed")
        .body("violations.field", hasItem("name"));

    // Duplicates.
    var registered = org.product();
    org.as().body(registered).post("/api/products").then().statusCode(201);
    problem(org.as().body(registered).post("/api/products").then(), 409, "conflict");
    var lot = org.lot((String) registered.get("gtin"));
    org.as().body(lot).post("/api/lots").then().statusCode(201);
    problem(org.as().body(lot).post("/api/lots").then(), 409, "conflict");

    // Lots: an unregistered product, a bad lot number, expiry before production.
    problem(org.as().body(org.lot(org.gtin())).post("/api/lots").then(), 400, "invalid-request")
        .body("code", equalTo("unknown-product"));
    var spaced = org.lot((String) registered.get("gtin"));
    spaced.put("lot", "LOT 7");
    problem(org.as().body(spaced).post("/api/lots").then(), 400, "invalid-gs1")
        .body("code", equalTo("bad-character"));
    var backwards = org.lot((String) registered.get("gtin"));
    backwards.put("expiryDate", "2026-01-01");
    problem(org.as().body(backwards).post("/api/lots").then(), 400, "validation-failed");
    assertThat(rows("lot", "lot", (String) backwards.get("lot"))).isZero();
    var nowhere = org.lot((String) registered.get("gtin"));
    nowhere.put("origin", org.gln());
    problem(org.as().body(nowhere).post("/api/lots").then(), 400, "invalid-request")
        .body("code", equalTo("unknown-location"));

    // Reads: a bad GTIN, an unknown one, an unknown id, a bad page size.
    problem(
        given().auth().oauth2(org.token()).get("/api/products/" + wrong).then(),
        400,
        "invalid-gs1");
    problem(
        given().auth().oauth2(org.token()).get("/api/products/" + org.gtin()).then(),
        404,
        "not-found");
    problem(
        given().auth().oauth2(org.token()).get("/api/lots/" + UUID.randomUUID()).then(),
        404,
        "not-found");
    problem(
        given().auth().oauth2(org.token()).get("/api/locations?limit=1001").then(),
        400,
        "invalid-request");
  }

  @Test
  void devicesRideOnLogisticUnitsOneAtATime() {
    Registrant org = Registrant.create("Cold Chain Exporter");
    Registrant other = Registrant.create("Other Exporter");
    String first = org.post("/api/logistic-units", org.logisticUnit(), "sscc");
    String second = org.post("/api/logistic-units", org.logisticUnit(), "sscc");
    String device = org.device(em);

    org.as()
        .body(Map.of("device", device, "from", "2026-11-20T06:00:00+07:00"))
        .post("/api/logistic-units/{sscc}/devices", first)
        .then()
        .statusCode(201)
        .body("from", equalTo("2026-11-19T23:00:00Z"))
        .body("to", nullValue());
    // While it rides on the first unit it cannot be on the second.
    problem(
            org.as()
                .body(Map.of("device", device, "from", "2026-11-25T00:00:00Z"))
                .post("/api/logistic-units/{sscc}/devices", second)
                .then(),
            409,
            "conflict")
        .body("code", equalTo("device-busy"));
    assertThat(rows("logistic_unit_device", "sscc", second)).isZero();

    org.as()
        .body(Map.of("to", "2026-11-28T14:30:00Z"))
        .post("/api/logistic-units/{sscc}/devices/{device}/end", first, device)
        .then()
        .statusCode(200)
        .body("to", equalTo("2026-11-28T14:30:00Z"));
    // Starting inside the ended interval still overlaps; starting after it does not.
    problem(
        org.as()
            .body(Map.of("device", device, "from", "2026-11-28T00:00:00Z"))
            .post("/api/logistic-units/{sscc}/devices", second)
            .then(),
        409,
        "conflict");
    org.as()
        .body(Map.of("device", device, "from", "2026-11-28T14:30:00Z"))
        .post("/api/logistic-units/{sscc}/devices", second)
        .then()
        .statusCode(201);
    given()
        .auth()
        .oauth2(TestTokens.customs())
        .get("/api/logistic-units/{sscc}", first)
        .then()
        .statusCode(200)
        .body("content", equalTo("40 cartons of frozen yellowfin loins"))
        .body("devices", hasSize(1))
        .body("devices[0].device", equalTo(device))
        .body("devices[0].to", equalTo("2026-11-28T14:30:00Z"));

    // Another organisation's device, an unknown one, an end before the start, a bad SSCC.
    problem(
            org.as()
                .body(Map.of("device", other.device(em), "from", "2026-11-20T06:00:00Z"))
                .post("/api/logistic-units/{sscc}/devices", first)
                .then(),
            403,
            "forbidden")
        .body("code", equalTo("not-your-organisation"));
    problem(
            org.as()
                .body(Map.of("device", "no-such-device", "from", "2026-11-20T06:00:00Z"))
                .post("/api/logistic-units/{sscc}/devices", first)
                .then(),
            400,
            "invalid-request")
        .body("code", equalTo("unknown-device"));
    problem(
        org.as()
            .body(Map.of("to", "2026-11-01T00:00:00Z"))
            .post("/api/logistic-units/{sscc}/devices/{device}/end", second, device)
            .then(),
        400,
        "invalid-request");
    String bad = first.substring(0, 17) + (char) ('0' + (first.charAt(17) - '0' + 1) % 10);
    var unit = org.logisticUnit();
    unit.put("sscc", bad);
    problem(org.as().body(unit).post("/api/logistic-units").then(), 400, "invalid-gs1")
        .body("code", equalTo("bad-check-digit"));
    assertThat(rows("logistic_unit", "sscc", bad)).isZero();
    var foreign = org.logisticUnit();
    foreign.put("sscc", other.sscc());
    problem(org.as().body(foreign).post("/api/logistic-units").then(), 403, "forbidden")
        .body("code", equalTo("not-your-prefix"));
    assertThat(all(org.token(), "/api/logistic-units", 1))
        .extracting(m -> m.get("sscc"))
        .containsExactly(first, second);
  }

  @Test
  void certificatesCoverOwnProductsAndLotsAndAreRevokedWithAReason() {
    Registrant org = Registrant.create("Certified Rice Mill");
    Registrant other = Registrant.create("Uncertified Mill");
    String gtin = org.post("/api/products", org.product(), "gtin");
    String lot = org.post("/api/lots", org.lot(gtin), "id");
    var body = org.certificate(gtin);
    body.put("type", "organic");
    body.put("lots", List.of(lot));
    body.put("issuer", Map.of("name", "Control Union", "gln", "9506000000008"));
    String id = org.post("/api/certificates", body, "id");
    given()
        .auth()
        .oauth2(TestTokens.customs())
        .get("/api/certificates/{id}", id)
        .then()
        .statusCode(200)
        .body("type", equalTo("organic"))
        .body("status", equalTo("valid"))
        .body("issuer.gln", equalTo("9506000000008"))
        .body("gtins", contains(gtin))
        .body("lots", contains(lot));
    assertThat(all(org.token(), "/api/certificates?gtin=" + gtin, 1))
        .extracting(m -> m.get("id"))
        .containsExactly(id);

    org.as()
        .body(Map.of("reason", "Suspended after the 2026 audit"))
        .post("/api/certificates/{id}/revoke", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("revoked"))
        .body("revokedAt", notNullValue())
        .body("revocationReason", equalTo("Suspended after the 2026 audit"));
    problem(
            org.as()
                .body(Map.of("reason", "again"))
                .post("/api/certificates/{id}/revoke", id)
                .then(),
            409,
            "conflict")
        .body("code", equalTo("already-revoked"));

    // A short hash, an unknown type, another's product, reversed dates: nothing stored.
    var shortHash = org.certificate(gtin);
    shortHash.put("documentSha256", "abc");
    problem(org.as().body(shortHash).post("/api/certificates").then(), 400, "validation-failed")
        .body("violations.field", hasItem("documentSha256"));
    var kosher = org.certificate(gtin);
    kosher.put("type", "kosher");
    problem(org.as().body(kosher).post("/api/certificates").then(), 400, "invalid-request");
    var foreign = org.certificate(other.post("/api/products", other.product(), "gtin"));
    problem(org.as().body(foreign).post("/api/certificates").then(), 403, "forbidden")
        .body("code", equalTo("not-your-prefix"));
    var reversed = org.certificate(gtin);
    reversed.put("validTo", "2025-01-01");
    problem(org.as().body(reversed).post("/api/certificates").then(), 400, "validation-failed");
    assertThat(rows("certificate", "organisation_id", org.id().toString())).isEqualTo(1);
  }

  @Test
  void serialsAreRegisteredInBulkAsRangesAndListsWithoutOverlap() {
    Registrant org = Registrant.create("Serialising Packer");
    String gtin = org.post("/api/products", org.product(), "gtin");
    org.as()
        .body(Map.of("from", "000001", "to", "250000"))
        .post("/api/products/{gtin}/serials", gtin)
        .then()
        .statusCode(201)
        .body("count", equalTo(250000))
        .body("status", equalTo("commissioned"));
    org.as()
        .body(Map.of("serials", List.of("A1001", "A1002", "250001"), "status", "decommissioned"))
        .post("/api/products/{gtin}/serials", gtin)
        .then()
        .statusCode(201)
        .body("count", equalTo(3));
    assertThat(rows("serial_block", "gtin", gtin)).isEqualTo(2); // 250,003 serials, 2 rows

    problem(
        org.as()
            .body(Map.of("from", "249990", "to", "260000"))
            .post("/api/products/{gtin}/serials", gtin)
            .then(),
        409,
        "conflict");
    problem(
        org.as()
            .body(Map.of("serials", List.of("B1", "000042")))
            .post("/api/products/{gtin}/serials", gtin)
            .then(),
        409,
        "conflict");
    problem(
        org.as()
            .body(Map.of("from", "250000", "to", "250010"))
            .post("/api/products/{gtin}/serials", gtin)
            .then(),
        409,
        "conflict");
    problem(
            org.as()
                .body(Map.of("serials", List.of("has space")))
                .post("/api/products/{gtin}/serials", gtin)
                .then(),
            400,
            "invalid-gs1")
        .body("code", equalTo("bad-character"));
    problem(
        org.as()
            .body(Map.of("from", "10", "to", "9"))
            .post("/api/products/{gtin}/serials", gtin)
            .then(),
        400,
        "invalid-request");
    problem(
        org.as().body(Map.of()).post("/api/products/{gtin}/serials", gtin).then(),
        400,
        "validation-failed");
    assertThat(rows("serial_block", "gtin", gtin)).isEqualTo(2);

    given()
        .auth()
        .oauth2(org.token())
        .get("/api/products/{gtin}/serials?serial=000042", gtin)
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].from", equalTo("000001"));
    given()
        .auth()
        .oauth2(org.token())
        .get("/api/products/{gtin}/serials?serial=A1002", gtin)
        .then()
        .statusCode(200)
        .body("items[0].status", equalTo("decommissioned"));
    assertThat(all(org.token(), "/api/products/" + gtin + "/serials", 1)).hasSize(2);
  }
}
