package org.tracemark.api.epcis;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.tracemark.api.TestOrganisations;
import org.tracemark.api.auth.TestTokens;
import org.tracemark.gs1.CheckDigit;

/**
 * The authorisation matrix of the EPCIS, trace, proof, recall, user and public endpoints: every
 * endpoint × anonymous, a producer of the owning organisation, a producer of another, customs,
 * auditor and admin, each cell with its exact status. (The registry has its own matrix,
 * RegistryAccessIT.)
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class ProvenanceAccessIT {

  @Inject DataSource dataSource;
  @Inject ObjectMapper json;

  @ConfigProperty(name = "tracemark.db.schema")
  String schema;

  private static final List<String> CALLERS =
      List.of("anonymous", "own producer", "other producer", "customs", "auditor", "admin");

  private final AtomicInteger serials = new AtomicInteger();
  private UUID own;
  private UUID other;
  private String prefix;

  /** One row: what to send, and the status each caller gets, in {@link #CALLERS} order. */
  private record Row(String name, Function<RequestSpecification, Response> call, int... expected) {}

  private UUID organisation(String name, String prefix) throws Exception {
    UUID id = UUID.randomUUID();
    TestOrganisations.insert(dataSource, schema, id, name, "AU", prefix);
    return id;
  }

  private String event() throws Exception {
    ObjectNode event = json.createObjectNode();
    event.put("type", "ObjectEvent");
    event.put("eventTime", "2026-05-01T08:00:00.000+08:00");
    event.put("eventTimeZoneOffset", "+08:00");
    event
        .putArray("epcList")
        .add("urn:epc:id:sgtin:" + prefix + ".0123.M" + serials.incrementAndGet());
    event.put("action", "ADD");
    event.put("bizStep", "commissioning");
    event.putObject("bizLocation").put("id", "urn:epc:id:sgln:" + prefix + ".001.0");
    return json.writeValueAsString(event);
  }

  private String document() throws Exception {
    return "{\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\","
        + "\"creationDate\":\"2026-05-01T08:00:00.000Z\",\"epcisBody\":{\"eventList\":["
        + event()
        + "]}}";
  }

  private RequestSpecification as(String caller) {
    RequestSpecification request = given().urlEncodingEnabled(false);
    return switch (caller) {
      case "anonymous" -> request;
      case "own producer" -> request.auth().oauth2(TestTokens.producer(own));
      case "other producer" -> request.auth().oauth2(TestTokens.producer(other));
      case "customs" -> request.auth().oauth2(TestTokens.customs());
      case "auditor" -> request.auth().oauth2(TestTokens.token("auditor@x", "auditor", null));
      case "admin" -> request.auth().oauth2(TestTokens.admin());
      default -> throw new IllegalArgumentException(caller);
    };
  }

  @Test
  void everyEndpointGivesEachCallerExactlyItsStatus() throws Exception {
    prefix = TestOrganisations.freshPrefix();
    own = organisation("Matrix own", prefix);
    other = organisation("Matrix other", TestOrganisations.freshPrefix());

    // What the rows read: one captured event (anchored), its job, one recall.
    Response captured =
        as("own producer").contentType("application/json").body(document()).post("/epcis/capture");
    assertThat(captured.statusCode()).isEqualTo(202);
    String job = captured.jsonPath().getString("captureID");
    String eventId = EpcisEventsResource.encodePath(captured.jsonPath().getString("eventIDs[0]"));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> as("customs").get("/api/proofs/events/" + eventId).statusCode() == 200);
    String gtin = "0" + prefix + "123";
    String item = "/01/" + gtin + CheckDigit.compute(gtin) + "/21/M1";
    String recallBody = "{\"targets\":[\"https://id.gs1.org" + item + "\"],\"reason\":\"matrix\"}";
    String recall =
        as("admin")
            .contentType("application/json")
            .body(recallBody)
            .post("/api/recalls")
            .jsonPath()
            .getString("recall.id");
    String trace = "/api/trace?epc=" + EpcisEventsResource.encodePath("https://id.gs1.org" + item);

    List<Row> rows =
        List.of(
            new Row(
                "POST /epcis/capture",
                r ->
                    r.contentType("application/json")
                        .body(safe(this::document))
                        .post("/epcis/capture"),
                401,
                202,
                403,
                403,
                403,
                403),
            new Row(
                "GET /epcis/capture/{id}",
                r -> r.get("/epcis/capture/" + job),
                401,
                200,
                404,
                403,
                403,
                200),
            new Row(
                "POST /epcis/events",
                r ->
                    r.contentType("application/json").body(safe(this::event)).post("/epcis/events"),
                401,
                201,
                403,
                403,
                403,
                403),
            new Row(
                "GET /epcis/events",
                r -> r.get("/epcis/events?perPage=1"),
                401,
                200,
                200,
                200,
                200,
                200),
            new Row(
                "GET /epcis/events/{id}",
                r -> r.get("/epcis/events/" + eventId),
                401,
                200,
                404,
                200,
                200,
                200),
            new Row("GET /api/trace", r -> r.get(trace), 401, 200, 200, 200, 200, 200),
            new Row(
                "GET /api/proofs/events/{id}",
                r -> r.get("/api/proofs/events/" + eventId),
                401,
                200,
                404,
                200,
                200,
                200),
            new Row(
                "POST /api/recalls",
                r -> r.contentType("application/json").body(recallBody).post("/api/recalls"),
                401,
                201,
                403,
                201,
                403,
                201),
            new Row(
                "GET /api/recalls/{id}",
                r -> r.get("/api/recalls/" + recall),
                401,
                200,
                200,
                200,
                200,
                200),
            new Row("GET /api/users", r -> r.get("/api/users"), 401, 403, 403, 403, 403, 200),
            new Row(
                "GET /api/consumer/…",
                r -> r.get("/api/consumer" + item),
                200,
                200,
                200,
                200,
                200,
                200),
            new Row(
                "GET /01/… (linkset)",
                r -> r.accept("application/linkset+json").get(item),
                200,
                200,
                200,
                200,
                200,
                200));

    Map<String, String> wrong = new LinkedHashMap<>();
    int cells = 0;
    for (Row row : rows) {
      for (int c = 0; c < CALLERS.size(); c++) {
        int status = row.call().apply(as(CALLERS.get(c))).statusCode();
        cells++;
        if (status != row.expected()[c]) {
          wrong.put(
              row.name() + " as " + CALLERS.get(c),
              status + " (expected " + row.expected()[c] + ")");
        }
      }
    }
    assertThat(wrong).as("cells with another status").isEmpty();
    assertThat(cells).isEqualTo(rows.size() * CALLERS.size());
  }

  private interface Body {
    String get() throws Exception;
  }

  private static String safe(Body body) {
    try {
      return body.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
