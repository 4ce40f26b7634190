package org.tracemark.api.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.auth.TestTokens;

/**
 * The authorisation matrix of the registry: every endpoint × every kind of caller, each cell the
 * exact status (and, for a 403, the problem code) a client gets. Organisation {@code owner} owns
 * the rows the requests name; {@code other} is a second producer organisation.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class RegistryAccessIT {

  /** Who calls. Producers act for the owning organisation or for another one. */
  enum Who {
    ANONYMOUS,
    PRODUCER_OWN,
    PRODUCER_OTHER,
    CUSTOMS,
    AUDITOR,
    ADMIN
  }

  /** What a cell expects: a status and, for problems that have one, the code. */
  record Outcome(int status, String code) {
    static Outcome of(int status) {
      return new Outcome(status, null);
    }

    @Override
    public String toString() {
      return code == null ? String.valueOf(status) : status + " " + code;
    }
  }

  static final Outcome OK = Outcome.of(200);
  static final Outcome CREATED = Outcome.of(201);
  static final Outcome UNAUTHORIZED = Outcome.of(401);
  static final Outcome ROLE = Outcome.of(403); // forbidden by role: no code
  static final Outcome NOT_YOURS = new Outcome(403, "not-your-organisation");
  static final Outcome HAS_ORG = new Outcome(403, "has-organisation");

  /** The rows every request may refer to: owned by {@code owner}. */
  record Fixture(
      Registrant owner,
      Registrant other,
      String location,
      String gtin,
      String lot,
      String sscc,
      String device,
      String certificate) {}

  /**
   * One endpoint: how to send it (a fresh body per cell, so cells that succeed never collide) and
   * the expected outcome for each caller, in {@link Who} order.
   */
  record Row(
      String endpoint,
      Function<Fixture, Function<RequestSpecification, Response>> request,
      Outcome... expected) {}

  @Inject EntityManager em;

  private Fixture fixture;

  @BeforeEach
  void registerTheOwnersRows() {
    Registrant owner = Registrant.create("Owner Fishery");
    Registrant other = Registrant.create("Other Mill");
    String location = owner.post("/api/locations", owner.location(), "id");
    String gtin = owner.post("/api/products", owner.product(), "gtin");
    String lot = owner.post("/api/lots", owner.lot(gtin), "id");
    String sscc = owner.post("/api/logistic-units", owner.logisticUnit(), "sscc");
    String device = owner.device(em);
    String certificate = owner.post("/api/certificates", owner.certificate(gtin), "id");
    fixture = new Fixture(owner, other, location, gtin, lot, sscc, device, certificate);
  }

  /** A device of the owner on the fixture's unit since now, for a request to end. */
  private String associated(Fixture f) {
    String device = f.owner().device(em);
    f.owner()
        .as()
        .body(Map.of("device", device, "from", "2026-11-20T06:00:00Z"))
        .post("/api/logistic-units/" + f.sscc() + "/devices")
        .then()
        .statusCode(201);
    return device;
  }

  private static String token(Who who, Fixture f) {
    return switch (who) {
      case ANONYMOUS -> null;
      case PRODUCER_OWN -> f.owner().token();
      case PRODUCER_OTHER -> f.other().token();
      case CUSTOMS -> TestTokens.customs();
      case AUDITOR -> TestTokens.token("auditor@registry", Roles.AUDITOR, null);
      case ADMIN -> TestTokens.admin();
    };
  }

  List<Row> rows() {
    return List.of(
        new Row(
            "POST /api/organisations",
            f ->
                r ->
                    r.body(Map.of("name", "Matrix Co", "country", "NO")).post("/api/organisations"),
            UNAUTHORIZED,
            HAS_ORG,
            HAS_ORG,
            ROLE,
            ROLE,
            CREATED),
        new Row(
            "GET /api/organisations",
            f -> r -> r.get("/api/organisations"),
            UNAUTHORIZED,
            OK,
            OK,
            OK,
            OK,
            OK),
        new Row(
            "GET /api/organisations?status=pending&limit=5",
            f -> r -> r.get("/api/organisations?status=pending&limit=5"),
            UNAUTHORIZED,
            OK,
            OK,
            OK,
            OK,
            OK),
        new Row(
            "GET /api/organisations/{id}",
            f -> r -> r.get("/api/organisations/" + f.owner().id()),
            OK,
            OK,
            OK,
            OK,
            OK,
            OK),
        new Row(
            "POST /api/organisations/{id}/verification",
            f ->
                r ->
                    r.body(Map.of("checked", List.of("business-registration")))
                        .post("/api/organisations/" + f.owner().id() + "/verification"),
            UNAUTHORIZED,
            ROLE,
            ROLE,
            ROLE,
            ROLE,
            OK),
        new Row(
            "POST /api/organisations/{id}/prefixes",
            f ->
                r ->
                    r.body(Map.of("prefix", Registrant.freshPrefix()))
                        .post("/api/organisations/" + f.owner().id() + "/prefixes"),
            UNAUTHORIZED,
            ROLE,
            ROLE,
            ROLE,
            ROLE,
            OK),
        new Row(
            "POST /api/locations",
            f -> r -> r.body(f.owner().location()).post("/api/locations"),
            UNAUTHORIZED,
            CREATED,
            NOT_YOURS,
            ROLE,
            ROLE,
            CREATED),
        new Row(
            "GET /api/locations",
            f -> r -> r.get("/api/locations"),
            UNAUTHORIZED,
            OK,
            OK,
            OK,
            OK,
            OK),
        new Row(
            "GET /api/locations?organisation={owner}",
            f -> r -> r.get("/api/locations?organisation=" + f.owner().id()),
            UNAUTHORIZED,
            OK,
            NOT_YOURS,
            OK,
            OK,
            OK),
        new Row(
            "GET /api/locations/{id}",
            f -> r -> r.get("/api/locations/" + f.location()),
            UNAUTHORIZED,
            OK,
            NOT_YOURS,
            OK,
            OK,
            OK),
        new Row(
            "POST /api/products",
            f -> r -> r.body(f.owner().product()).post("/api/products"),
            UNAUTHORIZED,
            CREATED,
            NOT_YOURS,
            ROLE,
            ROLE,
            CREATED),
        new Row(
            "GET /api/products",
            f -> r -> r.get("/api/products?category=fish"),
            UNAUTHORIZED,
            OK,
            OK,
            OK,
            OK,
            OK),
        new Row(
            "GET /api/products?organisation={owner}",
            f -> r -> r.get("/api/products?organisation=" + f.owner().id()),
            UNAUTHORIZED,
            OK,
            NOT_YOURS,
            OK,
            OK,
            OK),
        new Row(
            "GET /api/products/{gtin}",
            f -> r -> r.get("/api/products/" + f.gtin()),
            UNAUTHORIZED,
            OK,
            NOT_YOURS,
            OK,
            OK,
            OK),
        new Row(
            "POST /api/lots",
            f -> r -> r.body(f.owner().lot(f.gtin())).post("/api/lots"),
            UNAUTHORIZED,
            CREATED,
            NOT_YOURS,
            ROLE,
            ROLE,
            CREATED),
        new Row(
            "GET /api/lots",
            f -> r -> r.get("/api/lots?gtin=" + f.gtin()),
            UNAUTHORIZED,
            OK,
            OK,
            OK,
            OK,
            OK),
        new Row(
            "GET /api/lots?organisation={owner}",
            f -> r -> r.get("/api/lots?organisation=" + f.owner().id()),
            UNAUTHORIZED,
            OK,
            NOT_YOURS,
            OK,
            OK,
            OK),
        new Row(
            "GET /api/lots/{id}",
            f -> r -> r.get("/api/lots/" + f.lot()),
            UNAUTHORIZED,
            OK,
            NOT_YOURS,
            OK,
            OK,
            OK),
        new Row(
            "POST /api/products/{gtin}/serials",
            f ->
                r ->
                    r.body(
                            Map.of(
                                "organisation",
                                f.owner().id().toString(),
                                "serials",
                                List.of(
                                    "S-"
                                        + java.util.UUID.randomUUID().toString().substring(0, 12))))
                        .post("/api/products/" + f.gtin() + "/serials"),
            UNAUTHORIZED,
            CREATED,
            NOT_YOURS,
            ROLE,
            ROLE,
            CREATED),
        new Row(
            "GET /api/products/{gtin}/serials",
            f -> r -> r.get("/api/products/" + f.gtin() + "/serials"),
            UNAUTHORIZED,
            OK,
            NOT_YOURS,
            OK,
            OK,
            OK),
        new Row(
            "POST /api/logistic-units",
            f -> r -> r.body(f.owner().logisticUnit()).post("/api/logistic-units"),
            UNAUTHORIZED,
            CREATED,
            NOT_YOURS,
            ROLE,
            ROLE,
            CREATED),
        new Row(
            "GET /api/logistic-units",
            f -> r -> r.get("/api/logistic-units"),
            UNAUTHORIZED,
            OK,
            OK,
            OK,
            OK,
            OK),
        new Row(
            "GET /api/logistic-units?organisation={owner}",
            f -> r -> r.get("/api/logistic-units?organisation=" + f.owner().id()),
            UNAUTHORIZED,
            OK,
            NOT_YOURS,
            OK,
            OK,
            OK),
        new Row(
            "GET /api/logistic-units/{sscc}",
            f -> r -> r.get("/api/logistic-units/" + f.sscc()),
            UNAUTHORIZED,
            OK,
            NOT_YOURS,
            OK,
            OK,
            OK),
        new Row(
            "POST /api/logistic-units/{sscc}/devices",
            f ->
                r ->
                    r.body(Map.of("device", f.owner().device(em), "from", "2026-11-20T06:00:00Z"))
                        .post("/api/logistic-units/" + f.sscc() + "/devices"),
            UNAUTHORIZED,
            CREATED,
            NOT_YOURS,
            ROLE,
            ROLE,
            CREATED),
        new Row(
            "POST /api/logistic-units/{sscc}/devices/{device}/end",
            f ->
                r ->
                    r.body(Map.of("to", "2026-11-28T14:30:00Z"))
                        .post(
                            "/api/logistic-units/"
                                + f.sscc()
                                + "/devices/"
                                + associated(f)
                                + "/end"),
            UNAUTHORIZED,
            OK,
            NOT_YOURS,
            ROLE,
            ROLE,
            OK),
        new Row(
            "POST /api/certificates",
            f -> r -> r.body(f.owner().certificate(f.gtin())).post("/api/certificates"),
            UNAUTHORIZED,
            CREATED,
            NOT_YOURS,
            ROLE,
            ROLE,
            CREATED),
        new Row(
            "GET /api/certificates",
            f -> r -> r.get("/api/certificates?type=msc&status=valid"),
            UNAUTHORIZED,
            OK,
            OK,
            OK,
            OK,
            OK),
        new Row(
            "GET /api/certificates?organisation={owner}",
            f -> r -> r.get("/api/certificates?organisation=" + f.owner().id()),
            UNAUTHORIZED,
            OK,
            NOT_YOURS,
            OK,
            OK,
            OK),
        new Row(
            "GET /api/certificates/{id}",
            f -> r -> r.get("/api/certificates/" + f.certificate()),
            UNAUTHORIZED,
            OK,
            NOT_YOURS,
            OK,
            OK,
            OK),
        new Row(
            "POST /api/certificates/{id}/revoke",
            f ->
                r ->
                    r.body(Map.of("reason", "suspended"))
                        .post(
                            "/api/certificates/"
                                + f.owner()
                                    .post(
                                        "/api/certificates", f.owner().certificate(f.gtin()), "id")
                                + "/revoke"),
            UNAUTHORIZED,
            OK,
            NOT_YOURS,
            ROLE,
            ROLE,
            OK));
  }

  @Test
  void everyRegistryEndpointAnswersEveryCallerExactlyAsSpecified() {
    List<String> wrong = new ArrayList<>();
    int cells = 0;
    for (Row row : rows()) {
      assertThat(row.expected()).as(row.endpoint()).hasSize(Who.values().length);
      Map<Who, Outcome> expected = new EnumMap<>(Who.class);
      for (Who who : Who.values()) {
        expected.put(who, row.expected()[who.ordinal()]);
      }
      for (Who who : Who.values()) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        String token = token(who, fixture);
        if (token != null) {
          request = request.auth().oauth2(token);
        }
        Response response = row.request().apply(fixture).apply(request);
        Outcome got =
            new Outcome(
                response.statusCode(), response.statusCode() >= 400 ? response.path("code") : null);
        cells++;
        if (!got.equals(expected.get(who))) {
          wrong.add(
              row.endpoint()
                  + " as "
                  + who
                  + ": expected "
                  + expected.get(who)
                  + ", got "
                  + got
                  + " "
                  + response.asString());
        } else if (got.status() >= 400) {
          assertThat(response.contentType())
              .as(row.endpoint())
              .contains("application/problem+json");
        }
      }
    }
    assertThat(wrong).as("cells that answered otherwise (of %d)", cells).isEmpty();
  }
}
