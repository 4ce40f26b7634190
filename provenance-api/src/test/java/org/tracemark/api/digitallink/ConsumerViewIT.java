package org.tracemark.api.digitallink;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.tracemark.api.TestOrganisations;
import org.tracemark.api.auth.TestTokens;
import org.tracemark.gs1.CheckDigit;
import org.tracemark.ingest.entry.EpcisEntry;
import org.tracemark.ledger.checkpoint.CheckpointVerifier;
import org.tracemark.ledger.checkpoint.SignedCheckpoint;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.note.VerifierKey;
import org.tracemark.ledger.proof.ProofVerifier;

/**
 * What a phone gets from the pip link: anonymous, the journey across organisations upstream of the
 * scanned lot, and verification material it checks with nothing else — the checkpoint against the
 * served key, every proof against that checkpoint, every entry holding the step it proves.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class ConsumerViewIT {

  @Inject DataSource dataSource;
  @Inject ObjectMapper json;

  @ConfigProperty(name = "tracemark.db.schema")
  String schema;

  private record Party(UUID id, String prefix) {}

  private Party party(String name, String country) throws Exception {
    Party party = new Party(UUID.randomUUID(), TestOrganisations.freshPrefix());
    TestOrganisations.insert(dataSource, schema, party.id(), name, country, party.prefix());
    return party;
  }

  private void capture(Party by, ObjectNode event) throws Exception {
    event.put("eventTimeZoneOffset", "+08:00");
    event.putObject("bizLocation").put("id", "urn:epc:id:sgln:" + by.prefix() + ".001.0");
    given()
        .auth()
        .oauth2(TestTokens.producer(by.id()))
        .contentType("application/json")
        .body(json.writeValueAsString(event))
        .post("/epcis/events")
        .then()
        .statusCode(201);
  }

  private static String lot(Party party, String lot) {
    return "urn:epc:class:lgtin:" + party.prefix() + ".0123." + lot;
  }

  @Test
  void aScannedLotShowsItsJourneyWithProofsThePhoneChecksItself() throws Exception {
    Party farm = party("Kalannie Grain Farm", "AU");
    Party mill = party("Jakarta Flour Mill", "ID");
    ObjectNode harvest = json.createObjectNode();
    harvest.put("type", "ObjectEvent");
    harvest.put("eventTime", "2026-01-10T08:00:00.000+08:00");
    harvest.put("action", "ADD");
    harvest.put("bizStep", "commissioning");
    harvest
        .putArray("quantityList")
        .addObject()
        .put("epcClass", lot(farm, "W26"))
        .put("quantity", 20000)
        .put("uom", "KGM");
    capture(farm, harvest);
    ObjectNode milling = json.createObjectNode();
    milling.put("type", "TransformationEvent");
    milling.put("eventTime", "2026-03-02T08:00:00.000+08:00");
    milling.put("bizStep", "commissioning");
    milling
        .putArray("inputQuantityList")
        .addObject()
        .put("epcClass", lot(farm, "W26"))
        .put("quantity", 20000)
        .put("uom", "KGM");
    milling
        .putArray("outputQuantityList")
        .addObject()
        .put("epcClass", lot(mill, "FL9"))
        .put("quantity", 15000)
        .put("uom", "KGM");
    capture(mill, milling);

    String gtin = "0" + mill.prefix() + "123";
    String gtin14 = gtin + CheckDigit.compute(gtin);
    String path = "/01/" + gtin14 + "/10/FL9";
    registerProductPlaceAndCertificates(mill, gtin14);
    JsonPath view =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () ->
                    given().get("/api/consumer" + path).then().statusCode(200).extract().jsonPath(),
                v -> v.getList("verification.proofs").size() == 2);

    assertThat(view.getString("identifier")).isEqualTo("https://id.gs1.org" + path);
    assertThat(view.getList("journey.organisation.name"))
        .containsExactly("Kalannie Grain Farm", "Jakarta Flour Mill");
    assertThat(view.getString("origin.organisation.country")).isEqualTo("AU");
    assertThat(view.getInt("verification.unanchoredSteps")).isZero();

    // The phone's check: checkpoint signed by the key it was given, each proof to that root.
    SignedCheckpoint checkpoint =
        CheckpointVerifier.of(
                view.getString("verification.logOrigin"),
                VerifierKey.parse(view.getString("verification.verifierKey")))
            .verify(view.getString("verification.checkpoint").getBytes(UTF_8));
    List<Map<String, Object>> proofs = view.getList("verification.proofs");
    List<String> stepIds = view.getList("journey.eventId");
    for (int i = 0; i < proofs.size(); i++) {
      JsonPath proof = JsonPath.from(json.writeValueAsString(proofs.get(i)));
      byte[] entry = Base64.getDecoder().decode(proof.getString("entry"));
      ProofVerifier.verifyInclusion(
          TreeHasher.leafHash(entry),
          proof.getLong("index"),
          view.getLong("verification.treeSize"),
          proof.getList("inclusionProof", String.class).stream().map(Hash::fromBase64).toList(),
          checkpoint.checkpoint().root());
      assertThat(EpcisEntry.read(entry).orElseThrow().hash()).isEqualTo(stepIds.get(i));
    }
    // The registry's public facts: the product's public fields only, places, certificates.
    assertThat(view.getString("product.name")).isEqualTo("Wheat flour");
    assertThat(view.getString("product.category")).isEqualTo("grain");
    assertThat(view.getString("product.description")).isNull();
    assertThat(view.getString("product.producer.name")).isEqualTo("Jakarta Flour Mill");
    assertThat(view.getString("journey[1].place.name")).isEqualTo("Cilegon mill");
    assertThat(view.getDouble("journey[1].place.latitude")).isEqualTo(-6.0);
    assertThat(view.getList("certificates.type")).containsExactlyInAnyOrder("halal", "organic");
    assertThat(view.getString("certificates.find { it.type == 'organic' }.status"))
        .isEqualTo("expired");
    assertThat(view.getString("certificates.find { it.type == 'halal' }.status"))
        .isEqualTo("valid");
    // Nothing commercial leaks: no quantities, no private description in the view.
    assertThat(view.prettify()).doesNotContain("secret recipe");
    assertThat(view.prettify()).doesNotContain("20000").doesNotContain("15000");
  }

  private void registerProductPlaceAndCertificates(Party mill, String gtin) throws Exception {
    String gln = mill.prefix() + "001";
    gln = gln + CheckDigit.compute(gln);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO "
                  + schema
                  + ".product (gtin, organisation_id, name, category, description, public_fields)"
                  + " VALUES (?, ?, 'Wheat flour', 'grain', 'secret recipe', '{name,category}')")) {
        s.setString(1, gtin);
        s.setObject(2, mill.id());
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO "
                  + schema
                  + ".location (id, organisation_id, gln, name, country, latitude, longitude, kind)"
                  + " VALUES (?, ?, ?, 'Cilegon mill', 'ID', -6.0, 106.0, 'mill')")) {
        s.setObject(1, UUID.randomUUID());
        s.setObject(2, mill.id());
        s.setString(3, gln);
        s.executeUpdate();
      }
      for (String[] cert :
          new String[][] {
            {"halal", "2026-01-01", "2099-12-31"}, {"organic", "2020-01-01", "2021-01-01"}
          }) {
        UUID id = UUID.randomUUID();
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + schema
                    + ".certificate (id, organisation_id, type, issuer_name, valid_from, valid_to,"
                    + " document_sha256, status) VALUES (?, ?, ?, 'Certifier', ?::date, ?::date, ?,"
                    + " 'valid')")) {
          s.setObject(1, id);
          s.setObject(2, mill.id());
          s.setString(3, cert[0]);
          s.setString(4, cert[1]);
          s.setString(5, cert[2]);
          s.setString(6, "ab".repeat(32));
          s.executeUpdate();
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + schema
                    + ".certificate_gtin (certificate_id, gtin) VALUES (?, ?)")) {
          s.setObject(1, id);
          s.setString(2, gtin);
          s.executeUpdate();
        }
      }
    }
  }

  @Test
  void anInvalidPathIs400AndAnUnknownLotAnEmptyJourney() {
    given().get("/api/consumer/01/09506000134353").then().statusCode(400);
    given()
        .get("/api/consumer/01/09506000134352/10/NEVER-CAPTURED")
        .then()
        .statusCode(200)
        .body("journey.size()", org.hamcrest.Matchers.equalTo(0));
  }
}
