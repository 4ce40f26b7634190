package org.tracemark.api.digitallink;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracemark.api.TestOrganisations;
import org.tracemark.api.auth.TestTokens;
import org.tracemark.gs1.CheckDigit;

/**
 * Anti-counterfeit in the consumer view of serialised items: commissioned items are genuine;
 * serials never commissioned, decommissioned ones and cloned codes (consumer scans in places and
 * times that cannot both be true) are flagged with the reason; scans are anonymous and coarse.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class AuthenticityIT {

  @Inject DataSource dataSource;
  @Inject ObjectMapper json;

  @ConfigProperty(name = "tracemark.db.schema")
  String schema;

  private UUID org;
  private String prefix;
  private String gtin;

  @BeforeEach
  void producer() throws Exception {
    org = UUID.randomUUID();
    prefix = TestOrganisations.freshPrefix();
    String digits = "0" + prefix + "555";
    gtin = digits + CheckDigit.compute(digits);
    TestOrganisations.insert(dataSource, schema, org, "Tuna Co", "ID", prefix);
  }

  private String item(String serial) {
    return "urn:epc:id:sgtin:" + prefix + ".0555." + serial;
  }

  private String link(String serial) {
    return "/01/" + gtin + "/21/" + serial;
  }

  private void objectEvent(String serial, String action, String bizStep) throws Exception {
    ObjectNode event = json.createObjectNode();
    event.put("type", "ObjectEvent");
    event.put("eventTime", "2026-04-01T08:00:00.000+07:00");
    event.put("eventTimeZoneOffset", "+07:00");
    event.putArray("epcList").add(item(serial));
    event.put("action", action);
    event.put("bizStep", bizStep);
    event.putObject("bizLocation").put("id", "urn:epc:id:sgln:" + prefix + ".001.0");
    given()
        .auth()
        .oauth2(TestTokens.producer(org))
        .contentType("application/json")
        .body(json.writeValueAsString(event))
        .post("/epcis/events")
        .then()
        .statusCode(201);
  }

  private JsonPath view(String serial) {
    return given().get("/api/consumer" + link(serial)).then().statusCode(200).extract().jsonPath();
  }

  private void scan(String serial, double lat, double lon) {
    given()
        .contentType("application/json")
        .body(
            Map.of(
                "link",
                "https://example.com" + link(serial) + "?utm=x",
                "latitude",
                lat,
                "longitude",
                lon))
        .post("/api/consumer/scans")
        .then()
        .statusCode(204);
  }

  @Test
  void aCommissionedItemIsGenuineAndAnUnknownSerialIsNot() throws Exception {
    objectEvent("1001", "ADD", "commissioning");
    assertThat(view("1001").getString("authenticity.status")).isEqualTo("genuine");
    assertThat(view("1001").getList("authenticity.flags")).isEmpty();

    JsonPath unknown = view("9999");
    assertThat(unknown.getString("authenticity.status")).isEqualTo("suspect");
    assertThat(unknown.getList("authenticity.flags.reason")).containsExactly("never-commissioned");

    // A serial its producer registered counts as commissioned without an event.
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + schema
                    + ".product (gtin, organisation_id, name, category) VALUES (?, ?, 'Tuna loin', 'fish')")) {
      s.setString(1, gtin);
      s.setObject(2, org);
      s.executeUpdate();
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + schema
                    + ".serial_block (id, organisation_id, gtin, first_serial, last_serial, count,"
                    + " status) VALUES (?, ?, ?, '5000', '5999', 1000, 'commissioned')")) {
      s.setObject(1, UUID.randomUUID());
      s.setObject(2, org);
      s.setString(3, gtin);
      s.executeUpdate();
    }
    assertThat(view("5123").getString("authenticity.status")).isEqualTo("genuine");
    // A lot or a GTIN has no authenticity verdict: only serialised items do.
    assertThat(
            given()
                .get("/api/consumer/01/" + gtin)
                .then()
                .extract()
                .jsonPath()
                .getString("authenticity"))
        .isNull();
  }

  @Test
  void aDecommissionedItemIsSuspect() throws Exception {
    objectEvent("2001", "ADD", "commissioning");
    objectEvent("2001", "OBSERVE", "decommissioning");
    JsonPath view = view("2001");
    assertThat(view.getString("authenticity.status")).isEqualTo("suspect");
    assertThat(view.getList("authenticity.flags.reason")).containsExactly("decommissioned");
  }

  @Test
  void scansInPlacesAndTimesThatCannotBothBeTrueFlagAClonedCode() throws Exception {
    objectEvent("3001", "ADD", "commissioning");
    scan("3001", -6.2088, 106.8456); // Jakarta
    scan("3001", -6.2, 106.82); // the same town again: fine
    assertThat(view("3001").getString("authenticity.status")).isEqualTo("genuine");
    scan("3001", -33.8688, 151.2093); // Sydney, seconds later
    JsonPath view = view("3001");
    assertThat(view.getString("authenticity.status")).isEqualTo("suspect");
    assertThat(view.getList("authenticity.flags.reason")).containsExactly("cloned-code");
    assertThat(view.getString("authenticity.flags[0].detail")).contains("km apart");

    // Stored coarse: 0.1°, nothing else about the phone.
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT latitude, longitude FROM "
                    + schema
                    + ".consumer_scan WHERE identifier = ? ORDER BY id")) {
      s.setString(1, "https://id.gs1.org" + link("3001"));
      var rs = s.executeQuery();
      List<String> stored = new java.util.ArrayList<>();
      while (rs.next()) {
        stored.add(rs.getBigDecimal(1).toPlainString() + "," + rs.getBigDecimal(2).toPlainString());
      }
      assertThat(stored).containsExactly("-6.2,106.8", "-6.2,106.8", "-33.9,151.2");
    }
  }

  @Test
  void badScansAreTypedErrors() {
    for (Map<String, Object> bad :
        List.<Map<String, Object>>of(
            Map.of("link", "https://id.gs1.org/01/" + gtin, "latitude", 1.0, "longitude", 1.0),
            Map.of(
                "link",
                "https://id.gs1.org/01/09506000134353/21/1",
                "latitude",
                1.0,
                "longitude",
                1.0),
            Map.of("link", "https://id.gs1.org" + link("1"), "latitude", 91.0, "longitude", 1.0),
            Map.of("link", "https://id.gs1.org" + link("1")))) {
      given()
          .contentType("application/json")
          .body(bad)
          .post("/api/consumer/scans")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
  }
}
