package org.tracemark.api.trace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracemark.api.TestOrganisations;
import org.tracemark.api.auth.TestTokens;
import org.tracemark.api.epcis.Vocabulary;

/**
 * The trace graph over real captures by several organisations: a grain blend (two farms → an
 * elevator's blend → a mill's flour → an exporter's pallet in a container) and a fish split (a
 * catch → two fillet lots → cases), walked up- and downstream in PostgreSQL, with a cycle in the
 * data, bad parameters and a producer's own-organisation scope.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class TraceIT {

  private static final String LD = "application/ld+json";

  @Inject DataSource dataSource;
  @Inject ObjectMapper json;

  @ConfigProperty(name = "tracemark.db.schema")
  String schema;

  /** One organisation of the chain: its id and a random 9-digit company prefix. */
  private record Party(UUID id, String prefix) {
    String token() {
      return TestTokens.producer(id);
    }

    String location() {
      return "urn:epc:id:sgln:" + prefix + ".001.0";
    }

    /** A lot of this party's product: a class-level EPC. */
    String lot(String lot) {
      return "urn:epc:class:lgtin:" + prefix + ".0123." + lot;
    }

    String sscc(String serial) {
      return "urn:epc:id:sscc:" + prefix + "." + serial; // prefix 9 + serial 8 = 17 digits
    }

    String item(String serial) {
      return "urn:epc:id:sgtin:" + prefix + ".0123." + serial;
    }
  }

  private Party farmA;
  private Party farmB;
  private Party elevator;
  private Party mill;
  private Party exporter;
  private Party fishery;
  private Party processor;

  @BeforeEach
  void registerParties() throws Exception {
    farmA = party("Wheatbelt Farm A");
    farmB = party("Wheatbelt Farm B");
    elevator = party("CBH-style elevator");
    mill = party("Flour mill");
    exporter = party("Exporter");
    fishery = party("Fishing vessel");
    processor = party("Fish processor");
  }

  private Party party(String name) throws Exception {
    Party party = new Party(UUID.randomUUID(), TestOrganisations.freshPrefix());
    TestOrganisations.insert(dataSource, schema, party.id(), name, "AU", party.prefix());
    return party;
  }

  private ObjectNode event(String type, Party at, String time) {
    ObjectNode event = json.createObjectNode();
    event.put("type", type);
    event.put("eventTime", "2026-0" + time + ":00:00.000+08:00");
    event.put("eventTimeZoneOffset", "+08:00");
    event.putObject("bizLocation").put("id", at.location());
    return event;
  }

  private ObjectNode harvest(Party farm, String lot) {
    ObjectNode event = event("ObjectEvent", farm, "1-10T08");
    event.put("action", "ADD");
    event.put("bizStep", "commissioning");
    quantities(event.putArray("quantityList"), farm.lot(lot));
    return event;
  }

  private ObjectNode transform(Party at, String time, List<String> inputs, List<String> outputs) {
    ObjectNode event = event("TransformationEvent", at, time);
    event.put("bizStep", "commissioning");
    quantities(event.putArray("inputQuantityList"), inputs.toArray(String[]::new));
    quantities(event.putArray("outputQuantityList"), outputs.toArray(String[]::new));
    return event;
  }

  private ObjectNode aggregate(Party at, String time, String parent, String... children) {
    ObjectNode event = event("AggregationEvent", at, time);
    event.put("action", "ADD");
    event.put("bizStep", "packing");
    event.put("parentID", parent);
    ArrayNode epcs = event.putArray("childEPCs");
    ArrayNode classes = event.putArray("childQuantityList");
    for (String child : children) {
      if (child.startsWith("urn:epc:class:")) {
        classes.addObject().put("epcClass", child).put("quantity", 100).put("uom", "KGM");
      } else {
        epcs.add(child);
      }
    }
    if (classes.isEmpty()) {
      event.remove("childQuantityList");
    }
    if (epcs.isEmpty()) {
      event.remove("childEPCs");
    }
    return event;
  }

  private static void quantities(ArrayNode list, String... classes) {
    for (String epcClass : classes) {
      list.addObject().put("epcClass", epcClass).put("quantity", 1000).put("uom", "KGM");
    }
  }

  private void capture(Party by, ObjectNode... events) throws Exception {
    ObjectNode document = json.createObjectNode();
    document
        .putArray("@context")
        .add("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
    document.put("type", "EPCISDocument");
    document.put("schemaVersion", "2.0");
    document.put("creationDate", "2026-05-01T00:00:00.000Z");
    ArrayNode list = document.putObject("epcisBody").putArray("eventList");
    for (ObjectNode event : events) {
      list.add(event);
    }
    given()
        .auth()
        .oauth2(by.token())
        .contentType(LD)
        .body(json.writeValueAsString(document))
        .post("/epcis/capture")
        .then()
        .statusCode(202);
  }

  private JsonPath trace(String token, String epc, String direction, Integer depth) {
    var request = given().auth().oauth2(token).queryParam("epc", epc);
    if (direction != null) {
      request = request.queryParam("direction", direction);
    }
    if (depth != null) {
      request = request.queryParam("depth", depth);
    }
    return request.get("/api/trace").then().statusCode(200).extract().jsonPath();
  }

  /** Grain: farms A and B → elevator blend → mill flour → exporter pallet → container. */
  private String grainChain() throws Exception {
    capture(farmA, harvest(farmA, "A1"));
    capture(farmB, harvest(farmB, "B1"));
    capture(
        elevator,
        transform(
            elevator,
            "2-01T08",
            List.of(farmA.lot("A1"), farmB.lot("B1")),
            List.of(elevator.lot("BL1"))));
    capture(
        mill, transform(mill, "3-01T08", List.of(elevator.lot("BL1")), List.of(mill.lot("F1"))));
    String pallet = exporter.sscc("00000001");
    String container = exporter.sscc("00000099");
    capture(
        exporter,
        aggregate(exporter, "4-01T08", pallet, mill.lot("F1")),
        aggregate(exporter, "4-01T09", container, pallet));
    return container;
  }

  @Test
  void upstreamFromAContainerReachesBothFarmsThroughFiveOrganisations() throws Exception {
    String container = grainChain();
    JsonPath graph = trace(TestTokens.customs(), container, "upstream", null);

    List<String> nodes = graph.getList("nodes.id");
    assertThat(nodes)
        .contains(
            canonical(container),
            canonical(exporter.sscc("00000001")),
            canonical(mill.lot("F1")),
            canonical(elevator.lot("BL1")),
            canonical(farmA.lot("A1")),
            canonical(farmB.lot("B1")));
    assertThat(graph.getInt("nodes.find { it.id == '" + canonical(farmA.lot("A1")) + "' }.depth"))
        .isEqualTo(4);
    List<Map<String, Object>> edges = graph.getList("edges");
    assertThat(edges).hasSize(5);
    assertThat(graph.getList("edges.kind")).containsOnly("aggregation", "transformation");
    // Edges run the way the goods moved: farm lot → blend.
    assertThat(
            graph.getList(
                "edges.findAll { it.to == '" + canonical(elevator.lot("BL1")) + "' }.from"))
        .containsExactlyInAnyOrder(canonical(farmA.lot("A1")), canonical(farmB.lot("B1")));
    Set<String> organisations = new HashSet<>(graph.getList("edges.event.organisation"));
    organisations.addAll(graph.getList("nodes.events.flatten().organisation"));
    assertThat(organisations)
        .contains(
            farmA.id().toString(),
            farmB.id().toString(),
            elevator.id().toString(),
            mill.id().toString(),
            exporter.id().toString());
    // The farm lot's harvest is its custody record.
    assertThat(
            graph.getList(
                "nodes.find { it.id == '" + canonical(farmA.lot("A1")) + "' }.events.bizStep"))
        .containsExactly("commissioning");
    assertThat(graph.getBoolean("truncated")).isFalse();
  }

  @Test
  void downstreamFromAFarmLotReachesTheContainerAndDepthLimitsTheWalk() throws Exception {
    String container = grainChain();
    JsonPath all = trace(TestTokens.customs(), farmA.lot("A1"), "downstream", null);
    assertThat(all.getList("nodes.id")).contains(canonical(container));
    assertThat(all.getList("nodes.id")).doesNotContain(canonical(farmB.lot("B1")));

    JsonPath two = trace(TestTokens.customs(), farmA.lot("A1"), "downstream", 2);
    assertThat(two.getList("nodes.id"))
        .containsExactlyInAnyOrder(
            canonical(farmA.lot("A1")), canonical(elevator.lot("BL1")), canonical(mill.lot("F1")));

    JsonPath both = trace(TestTokens.customs(), elevator.lot("BL1"), "both", null);
    assertThat(both.getList("nodes.id"))
        .contains(canonical(farmA.lot("A1")), canonical(farmB.lot("B1")), canonical(container));
  }

  @Test
  void aFishSplitIsTracedFromEveryCaseBackToTheCatch() throws Exception {
    capture(fishery, harvest(fishery, "CATCH7"));
    capture(
        processor,
        transform(
            processor,
            "1-11T08",
            List.of(fishery.lot("CATCH7")),
            List.of(processor.lot("FIL1"), processor.lot("FIL2"))),
        aggregate(processor, "1-11T09", processor.item("9001"), processor.lot("FIL1")),
        aggregate(processor, "1-11T10", processor.item("9002"), processor.lot("FIL2")));
    for (String box : List.of(processor.item("9001"), processor.item("9002"))) {
      assertThat(trace(TestTokens.customs(), box, null, null).getList("nodes.id"))
          .contains(canonical(fishery.lot("CATCH7")));
    }
    JsonPath down = trace(TestTokens.customs(), fishery.lot("CATCH7"), "downstream", null);
    assertThat(down.getList("nodes.id"))
        .contains(canonical(processor.item("9001")), canonical(processor.item("9002")));
  }

  @Test
  void aCycleInTheDataEndsTheWalkAndAProducerSeesOnlyItsOwnEvents() throws Exception {
    String a = exporter.sscc("00000011");
    String b = exporter.sscc("00000012");
    capture(exporter, aggregate(exporter, "5-01T08", a, b), aggregate(exporter, "5-01T09", b, a));
    JsonPath cycle = trace(TestTokens.customs(), a, "both", 1000);
    assertThat(cycle.getList("nodes.id")).containsExactlyInAnyOrder(canonical(a), canonical(b));

    String container = grainChain();
    JsonPath own = trace(exporter.token(), container, "upstream", null);
    assertThat(own.getList("nodes.id"))
        .containsExactlyInAnyOrder(
            canonical(container), canonical(exporter.sscc("00000001")), canonical(mill.lot("F1")));
  }

  @Test
  void badParametersAreTypedErrors() {
    for (Map<String, Object> query :
        List.<Map<String, Object>>of(
            Map.of(),
            Map.of("epc", "x", "direction", "sideways"),
            Map.of("epc", "x", "depth", 0),
            Map.of("epc", "x", "depth", 1001))) {
      given()
          .auth()
          .oauth2(TestTokens.customs())
          .queryParams(query)
          .get("/api/trace")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    given().queryParam("epc", "x").get("/api/trace").then().statusCode(401);
  }

  private static String canonical(String epc) {
    return Vocabulary.canonicalEpc(epc);
  }
}
