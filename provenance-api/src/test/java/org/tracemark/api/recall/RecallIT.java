package org.tracemark.api.recall;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.tracemark.api.TestOrganisations;
import org.tracemark.api.auth.TestTokens;
import org.tracemark.api.epcis.Vocabulary;
import org.tracemark.gs1.CheckDigit;

/**
 * The "mango test" on real captures: a recall of one farm's lot reaches the flour lot made from it,
 * every retail pack made from that and the case they were packed in — each with where it was last
 * seen — and the packs' consumer view and linkset lead with the recall. Producers recall only their
 * own goods; an authority anyone's.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class RecallIT {

  @Inject DataSource dataSource;
  @Inject ObjectMapper json;

  @ConfigProperty(name = "tracemark.db.schema")
  String schema;

  private record Party(UUID id, String prefix) {
    String location() {
      return "urn:epc:id:sgln:" + prefix + ".001.0";
    }
  }

  private Party party(String name) throws Exception {
    Party party = new Party(UUID.randomUUID(), TestOrganisations.freshPrefix());
    TestOrganisations.insert(dataSource, schema, party.id(), name, "AU", party.prefix());
    return party;
  }

  private ObjectNode event(String type, Party at, String time) {
    ObjectNode event = json.createObjectNode();
    event.put("type", type);
    event.put("eventTime", "2026-" + time + ":00:00.000+08:00");
    event.put("eventTimeZoneOffset", "+08:00");
    event.putObject("bizLocation").put("id", at.location());
    return event;
  }

  private void capture(Party by, ObjectNode event) throws Exception {
    given()
        .auth()
        .oauth2(TestTokens.producer(by.id()))
        .contentType("application/json")
        .body(json.writeValueAsString(event))
        .post("/epcis/events")
        .then()
        .statusCode(201);
  }

  private static void quantity(ArrayNode list, String epcClass) {
    list.addObject().put("epcClass", epcClass).put("quantity", 100).put("uom", "KGM");
  }

  @Test
  void aFarmLotRecallReachesEveryPackAndTheirConsumerViewsSayItFirst() throws Exception {
    Party farm = party("Recall farm");
    Party mill = party("Recall mill");
    String farmLot = "urn:epc:class:lgtin:" + farm.prefix() + ".0123.A7";
    String flourLot = "urn:epc:class:lgtin:" + mill.prefix() + ".0456.F7";
    List<String> packs =
        List.of(1, 2, 3).stream()
            .map(i -> "urn:epc:id:sgtin:" + mill.prefix() + ".0789.P" + i)
            .toList();
    String kase = "urn:epc:id:sscc:" + mill.prefix() + ".00000077";

    ObjectNode harvest = event("ObjectEvent", farm, "01-10T08");
    harvest.put("action", "ADD");
    harvest.put("bizStep", "commissioning");
    quantity(harvest.putArray("quantityList"), farmLot);
    capture(farm, harvest);
    ObjectNode milling = event("TransformationEvent", mill, "02-01T08");
    quantity(milling.putArray("inputQuantityList"), farmLot);
    quantity(milling.putArray("outputQuantityList"), flourLot);
    capture(mill, milling);
    ObjectNode packing = event("TransformationEvent", mill, "02-02T08");
    quantity(packing.putArray("inputQuantityList"), flourLot);
    ArrayNode outputs = packing.putArray("outputEPCList");
    packs.forEach(outputs::add);
    capture(mill, packing);
    ObjectNode casing = event("AggregationEvent", mill, "02-02T09");
    casing.put("action", "ADD");
    casing.put("bizStep", "packing");
    casing.put("parentID", kase);
    ArrayNode children = casing.putArray("childEPCs");
    packs.forEach(children::add);
    capture(mill, casing);
    ObjectNode shipping = event("ObjectEvent", mill, "02-03T08");
    shipping.put("action", "OBSERVE");
    shipping.put("bizStep", "shipping");
    shipping.putArray("epcList").add(kase);
    capture(mill, shipping);

    // The mill may not recall the farm's lot; the farm may.
    given()
        .auth()
        .oauth2(TestTokens.producer(mill.id()))
        .contentType("application/json")
        .body(Map.of("targets", List.of(farmLot), "reason", "not ours"))
        .post("/api/recalls")
        .then()
        .statusCode(403);
    JsonPath recall =
        given()
            .auth()
            .oauth2(TestTokens.producer(farm.id()))
            .contentType("application/json")
            .body(Map.of("targets", List.of(farmLot), "reason", "Aflatoxin above limit in lot A7"))
            .post("/api/recalls")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    List<String> affected = recall.getList("affected.id");
    assertThat(affected)
        .contains(canonical(farmLot), canonical(flourLot), canonical(kase))
        .containsAll(packs.stream().map(RecallIT::canonical).toList());
    assertThat(recall.getString("affected.find { it.id == '" + canonical(kase) + "' }.lastBizStep"))
        .isEqualTo("shipping");
    assertThat(recall.getString("affected.find { it.id == '" + canonical(kase) + "' }.lastPlace"))
        .isEqualTo(mill.location());
    String id = recall.getString("recall.id");
    given().auth().oauth2(TestTokens.customs()).get("/api/recalls/" + id).then().statusCode(200);

    // A pack's consumer view and linkset lead with the recall.
    String gtin = "0" + mill.prefix() + "789";
    String pack = "/01/" + gtin + CheckDigit.compute(gtin) + "/21/P2";
    JsonPath view = given().get("/api/consumer" + pack).then().statusCode(200).extract().jsonPath();
    assertThat(view.getList("recalls.reason")).containsExactly("Aflatoxin above limit in lot A7");
    given()
        .accept("application/linkset+json")
        .get(pack)
        .then()
        .statusCode(200)
        .body(
            "linkset[0].'https://gs1.org/voc/recallStatus'[0].title",
            org.hamcrest.Matchers.equalTo("RECALLED: Aflatoxin above limit in lot A7"));
    // An unrelated pack is not recalled.
    String other = "/01/" + gtin + CheckDigit.compute(gtin) + "/21/NOT-PACKED";
    assertThat(given().get("/api/consumer" + other).then().extract().jsonPath().getList("recalls"))
        .isEmpty();
  }

  @Test
  void anAuthorityRecallsAnyonesGtinAndBadRecallsAreTypedErrors() throws Exception {
    Party farm = party("GTIN recall farm");
    String lot = "urn:epc:class:lgtin:" + farm.prefix() + ".0123.B1";
    ObjectNode harvest = event("ObjectEvent", farm, "03-10T08");
    harvest.put("action", "ADD");
    harvest.put("bizStep", "commissioning");
    quantity(harvest.putArray("quantityList"), lot);
    capture(farm, harvest);
    String gtin = "0" + farm.prefix() + "123";
    String gtinLink = "https://id.gs1.org/01/" + gtin + CheckDigit.compute(gtin);
    JsonPath recall =
        given()
            .auth()
            .oauth2(TestTokens.customs())
            .contentType("application/json")
            .body(Map.of("targets", List.of(gtinLink), "reason", "Import ban"))
            .post("/api/recalls")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    assertThat(recall.getBoolean("recall.authority")).isTrue();
    assertThat(recall.getList("affected.id")).contains(canonical(lot));

    for (Map<String, Object> bad :
        List.<Map<String, Object>>of(
            Map.of("targets", List.of(), "reason", "x"),
            Map.of(
                "targets", List.of("urn:epc:id:sgln:" + farm.prefix() + ".001.0"), "reason", "x"),
            Map.of("targets", List.of(gtinLink), "reason", " "))) {
      given()
          .auth()
          .oauth2(TestTokens.customs())
          .contentType("application/json")
          .body(bad)
          .post("/api/recalls")
          .then()
          .statusCode(400);
    }
    given()
        .auth()
        .oauth2(TestTokens.token("auditor@x", "auditor", null))
        .contentType("application/json")
        .body(Map.of("targets", List.of(gtinLink), "reason", "no"))
        .post("/api/recalls")
        .then()
        .statusCode(403);
  }

  private static String canonical(String epc) {
    return Vocabulary.canonicalEpc(epc);
  }
}
