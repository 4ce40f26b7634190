package org.tracemark.api.epcis;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tracemark.api.TestOrganisations;
import org.tracemark.api.auth.TestTokens;
import org.tracemark.api.ledger.Ledger;
import org.tracemark.epcis.EventHash;
import org.tracemark.epcis.JsonLdPrefixes;
import org.tracemark.gs1.CheckDigit;
import org.tracemark.ingest.entry.EpcisEntry;
import org.tracemark.ledger.checkpoint.CheckpointVerifier;
import org.tracemark.ledger.checkpoint.SignedCheckpoint;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.note.VerifierKey;
import org.tracemark.ledger.proof.ProofVerifier;

/**
 * EPCIS 2.0 capture against the running application and a real PostgreSQL: documents in, events
 * stored all or nothing, each anchored once in the ledger with a proof a client checks itself,
 * queried back by every identifier form; bad documents refused whole with every violation listed.
 *
 * <p>Each run registers a producer with a fresh random GS1 company prefix, so runs against the same
 * database never collide; GS1's own example documents are captured by one long-lived example
 * organisation that owns their prefixes, and capturing them again (another run) is harmless.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class EpcisCaptureIT {

  private static final String LD = "application/ld+json";
  private static final String PROBLEMS = "https://tracemark.org/problems/";

  /** The organisation that owns the GS1 company prefixes GS1's examples use. */
  private static final UUID GS1_EXAMPLES = UUID.fromString("00000000-0000-4000-8000-0000000e9c15");

  private static final List<String> EXAMPLE_PREFIXES =
      List.of("0012345", "0037000", "0614141", "4012345", "952005385", "9524567");

  @Inject DataSource dataSource;
  @Inject Ledger ledger;
  @Inject ObjectMapper json;

  @ConfigProperty(name = "tracemark.db.schema")
  String schema;

  private UUID org;
  private String prefix;
  private String producer;

  @BeforeEach
  void registerProducer() throws Exception {
    org = UUID.randomUUID();
    prefix = TestOrganisations.freshPrefix();
    TestOrganisations.insert(dataSource, schema, org, "Capture Test Farm", "AU", prefix);
    TestOrganisations.insert(
        dataSource,
        schema,
        GS1_EXAMPLES,
        "GS1 example company",
        "AU",
        EXAMPLE_PREFIXES.toArray(String[]::new));
    producer = TestTokens.producer(org);
  }

  // ---- identifiers under this run's prefix (9 digits) ----

  private String sgln(String location) {
    return "urn:epc:id:sgln:" + prefix + "." + location + ".0"; // location: 3 digits
  }

  private String sgtinUrn(String item, String serial) {
    return "urn:epc:id:sgtin:" + prefix + "." + item + "." + serial; // item: indicator + 3 digits
  }

  /** The Digital Link of {@link #sgtinUrn}: GTIN = indicator, prefix, item ref, check digit. */
  private String sgtinLink(String item, String serial) throws Exception {
    String digits = item.charAt(0) + prefix + item.substring(1);
    return "https://id.gs1.org/01/" + digits + CheckDigit.compute(digits) + "/21/" + serial;
  }

  private ObjectNode shipping(String serial) {
    ObjectNode event = json.createObjectNode();
    event.put("type", "ObjectEvent");
    event.put("eventTime", "2026-03-01T08:00:00.000+08:00");
    event.put("eventTimeZoneOffset", "+08:00");
    event.putArray("epcList").add(sgtinUrn("0123", serial));
    event.put("action", "OBSERVE");
    event.put("bizStep", "shipping");
    event.put("disposition", "in_transit");
    event.putObject("readPoint").put("id", sgln("001"));
    return event;
  }

  private ObjectNode document(JsonNode... events) {
    ObjectNode document = json.createObjectNode();
    document
        .putArray("@context")
        .add("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld")
        .addObject()
        .put("example", "https://ns.example.com/epcis/");
    document.put("type", "EPCISDocument");
    document.put("schemaVersion", "2.0");
    document.put("creationDate", "2026-03-01T08:05:00.000+08:00");
    var list = document.putObject("epcisBody").putArray("eventList");
    for (JsonNode event : events) {
      list.add(event);
    }
    return document;
  }

  private JsonPath capture(String token, JsonNode document, int status) throws Exception {
    return given()
        .auth()
        .oauth2(token)
        .contentType(LD)
        .body(json.writeValueAsString(document))
        .post("/epcis/capture")
        .then()
        .statusCode(status)
        .extract()
        .jsonPath();
  }

  private int storedEvents() throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM " + schema + ".epcis_event WHERE organisation_id = ?")) {
      s.setObject(1, org);
      var rs = s.executeQuery();
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String path(String eventId) {
    return EpcisEventsResource.encodePath(eventId);
  }

  @Test
  void aDocumentIsCapturedAnchoredOnceProvenAndFoundByEitherIdentifierForm() throws Exception {
    ObjectNode withId = shipping("1001");
    withId.put("eventID", "urn:uuid:" + UUID.randomUUID());
    withId.put("example:carrier", "MV Tasman");
    ObjectNode withoutId = shipping("1002");
    ObjectNode document = document(withId, withoutId);

    var response =
        given()
            .auth()
            .oauth2(producer)
            .contentType(LD)
            .body(json.writeValueAsString(document))
            .post("/epcis/capture")
            .then()
            .statusCode(202)
            .header("Location", containsString("/epcis/capture/"))
            .extract();
    String location = response.header("Location");
    JsonPath job =
        given().auth().oauth2(producer).get(location).then().statusCode(200).extract().jsonPath();
    assertThat(job.getBoolean("success")).isTrue();
    assertThat(job.getBoolean("running")).isFalse();
    assertThat(job.getInt("eventCount")).isEqualTo(2);
    List<String> ids = job.getList("eventIDs");
    String expectedHash = EventHash.of(withoutId, JsonLdPrefixes.ofDocument(document));
    assertThat(ids).containsExactly(withId.get("eventID").asText(), expectedHash);
    assertThat(expectedHash).startsWith("ni:///sha-256;").endsWith("?ver=CBV2.0");

    // Read back: as captured, plus eventID, recordTime and, once anchored, the ledger index.
    String hashId = ids.get(1);
    JsonPath event =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () ->
                    given()
                        .auth()
                        .oauth2(producer)
                        .urlEncodingEnabled(false)
                        .get("/epcis/events/" + path(hashId))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath(),
                e -> e.get("'tracemark:ledgerIndex'") != null);
    assertThat(event.getString("eventID")).isEqualTo(hashId);
    assertThat(event.getString("bizStep")).isEqualTo("shipping");
    assertThat(event.getString("recordTime")).isNotBlank();
    assertThat(event.getList("epcList")).containsExactly(sgtinUrn("0123", "1002"));

    // The proof: the entry holds this event; the proof leads to the signed checkpoint's root.
    JsonPath proof =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () ->
                    given()
                        .auth()
                        .oauth2(producer)
                        .urlEncodingEnabled(false)
                        .get("/api/proofs/events/" + path(hashId)),
                r -> r.statusCode() == 200)
            .then()
            .extract()
            .jsonPath();
    long index = proof.getLong("index");
    assertThat(index).isEqualTo(event.getLong("'tracemark:ledgerIndex'"));
    byte[] entry = Base64.getDecoder().decode(proof.getString("entry"));
    EpcisEntry.Read read = EpcisEntry.read(entry).orElseThrow();
    assertThat(read.hash()).isEqualTo(expectedHash);
    assertThat(read.org()).isEqualTo(org.toString());
    JsonNode logged = json.readTree(new String(read.event().orElseThrow(), UTF_8));
    assertThat(logged.get("epcList").get(0).asText()).isEqualTo(sgtinUrn("0123", "1002"));
    assertThat(EventHash.of(logged, JsonLdPrefixes.ofDocument(logged))).isEqualTo(expectedHash);
    SignedCheckpoint checkpoint =
        CheckpointVerifier.of(ledger.origin(), VerifierKey.parse(ledger.verifierKey()))
            .verify(proof.getString("checkpoint").getBytes(UTF_8));
    assertThat(checkpoint.checkpoint().size().value()).isEqualTo(proof.getLong("treeSize"));
    ProofVerifier.verifyInclusion(
        TreeHasher.leafHash(entry),
        index,
        proof.getLong("treeSize"),
        proof.getList("inclusionProof", String.class).stream().map(Hash::fromBase64).toList(),
        checkpoint.checkpoint().root());

    // Query by the Digital Link of an EPC captured as a URN, and by bizStep and eventID.
    JsonPath found =
        given()
            .auth()
            .oauth2(producer)
            .queryParam("MATCH_epc", sgtinLink("0123", "1001") + "|" + sgtinLink("0123", "1002"))
            .queryParam("EQ_bizStep", "urn:epcglobal:cbv:bizstep:shipping")
            .get("/epcis/events")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(found.getList("epcisBody.queryResults.resultsBody.eventList.eventID"))
        .containsExactlyElementsOf(ids);
    given()
        .auth()
        .oauth2(producer)
        .queryParam("EQ_eventID", ids.get(0))
        .queryParam("EQ_disposition", "in_transit")
        .get("/epcis/events")
        .then()
        .statusCode(200)
        .body("epcisBody.queryResults.resultsBody.eventList", hasSize(1))
        .body(
            "epcisBody.queryResults.resultsBody.eventList[0].'example:carrier'",
            equalTo("MV Tasman"));

    // The same document again stores nothing and anchors nothing new.
    JsonPath again = capture(producer, document, 202);
    assertThat(again.getInt("eventCount")).isZero();
    assertThat(again.getInt("duplicateCount")).isEqualTo(2);
    assertThat(storedEvents()).isEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(anchoredIndexes()).hasSize(2).doesNotHaveDuplicates());
  }

  private List<Long> anchoredIndexes() throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT ledger_index FROM "
                    + schema
                    + ".epcis_event WHERE organisation_id = ? AND ledger_index IS NOT NULL")) {
      s.setObject(1, org);
      var rs = s.executeQuery();
      List<Long> indexes = new java.util.ArrayList<>();
      while (rs.next()) {
        indexes.add(rs.getLong(1));
      }
      return indexes;
    }
  }

  @Test
  void pagingWalksEveryEventOnceInEventTimeOrder() throws Exception {
    ObjectNode[] events = new ObjectNode[7];
    for (int i = 0; i < events.length; i++) {
      events[i] = shipping("20" + i);
      events[i].put("eventTime", "2026-03-0" + (events.length - i) + "T08:00:00.000+08:00");
    }
    capture(producer, document(events), 202);
    String url =
        "/epcis/events?perPage=3&MATCH_anyEPC="
            + EpcisEventsResource.encodePath(String.join("|", serials(events)));
    List<String> times = new java.util.ArrayList<>();
    int pages = 0;
    while (url != null) {
      var page =
          given()
              .auth()
              .oauth2(producer)
              .urlEncodingEnabled(false)
              .get(url)
              .then()
              .statusCode(200)
              .extract();
      times.addAll(
          page.jsonPath().getList("epcisBody.queryResults.resultsBody.eventList.eventTime"));
      String link = page.header("Link");
      url = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(times).hasSize(7).isSorted().doesNotHaveDuplicates();
  }

  private List<String> serials(ObjectNode[] events) {
    return java.util.Arrays.stream(events).map(e -> e.get("epcList").get(0).asText()).toList();
  }

  @Test
  void aSingleEventIsCapturedWith201AndItsLocation() throws Exception {
    ObjectNode event = shipping("3001");
    String location =
        given()
            .auth()
            .oauth2(producer)
            .contentType("application/json")
            .body(json.writeValueAsString(event))
            .post("/epcis/events")
            .then()
            .statusCode(201)
            .header("Location", containsString("/epcis/events/ni%3A%2F%2F%2Fsha-256%3B"))
            .body("eventID", startsWith("ni:///sha-256;"))
            .extract()
            .header("Location");
    given().auth().oauth2(producer).urlEncodingEnabled(false).get(location).then().statusCode(200);
    // Again: 200 with the stored event, not a second one.
    given()
        .auth()
        .oauth2(producer)
        .contentType("application/json")
        .body(json.writeValueAsString(event))
        .post("/epcis/events")
        .then()
        .statusCode(200);
    assertThat(storedEvents()).isEqualTo(1);
  }

  @Test
  void aSchemaViolationRefusesTheWholeDocumentListingEveryError() throws Exception {
    ObjectNode good = shipping("4001");
    ObjectNode bad = shipping("4002");
    bad.remove("eventTimeZoneOffset");
    bad.put("action", "SHIP");
    JsonPath problem = capture(producer, document(good, bad), 400);
    assertThat(problem.getString("type")).isEqualTo(PROBLEMS + "validation-failed");
    assertThat(problem.getList("violations.field", String.class))
        .contains("/epcisBody/eventList/1", "/epcisBody/eventList/1/action")
        .allSatisfy(f -> assertThat(f).startsWith("/epcisBody/eventList/1"));
    assertThat(problem.getList("violations.message").toString()).contains("eventTimeZoneOffset");
    assertThat(storedEvents()).isZero();
  }

  @Test
  void aWrongCheckDigitIsRefusedWithItsPointer() throws Exception {
    ObjectNode event = shipping("5001");
    String link = sgtinLink("0123", "5001");
    int check = link.charAt(link.indexOf("/21/") - 1) - '0';
    String wrong =
        link.substring(0, link.indexOf("/21/") - 1)
            + ((check + 1) % 10)
            + link.substring(link.indexOf("/21/"));
    event.putArray("epcList").add(wrong);
    JsonPath problem = capture(producer, document(event), 400);
    assertThat(problem.getList("violations.field"))
        .containsExactly("/epcisBody/eventList/0/epcList/0");
    assertThat(problem.getString("violations[0].message")).containsIgnoringCase("check digit");
    assertThat(storedEvents()).isZero();
  }

  @Test
  void anotherOrganisationsLocationIsForbiddenUnlessTheEventIsShippedToUs() throws Exception {
    ObjectNode theirs = shipping("6001");
    theirs.putObject("readPoint").put("id", "urn:epc:id:sgln:4012345.00001.0");
    JsonPath problem = capture(producer, document(shipping("6000"), theirs), 403);
    assertThat(problem.getList("violations.field"))
        .containsExactly("/epcisBody/eventList/1/readPoint/id");
    assertThat(storedEvents()).isZero();

    // Receiving what was shipped to us is ours to record, wherever the reader stood.
    theirs.put("bizStep", "receiving");
    theirs
        .putArray("destinationList")
        .addObject()
        .put("type", "owning_party")
        .put("destination", "urn:epc:id:pgln:" + prefix + ".000");
    capture(producer, document(theirs), 202);
    assertThat(storedEvents()).isEqualTo(1);
  }

  @Test
  void brokenJsonRolesAndOwnershipGetTypedErrors() throws Exception {
    given()
        .auth()
        .oauth2(producer)
        .contentType(LD)
        .body("{\"type\": \"EPCISDocument\", ")
        .post("/epcis/capture")
        .then()
        .statusCode(400)
        .body("type", equalTo(PROBLEMS + "malformed-json"));
    given()
        .auth()
        .oauth2(TestTokens.customs())
        .contentType(LD)
        .body(json.writeValueAsString(document(shipping("7001"))))
        .post("/epcis/capture")
        .then()
        .statusCode(403);
    given()
        .contentType(LD)
        .body(json.writeValueAsString(document(shipping("7002"))))
        .post("/epcis/capture")
        .then()
        .statusCode(401);
    // Another producer sees neither our job nor our events.
    String location =
        given()
            .auth()
            .oauth2(producer)
            .contentType(LD)
            .body(json.writeValueAsString(document(shipping("7003"))))
            .post("/epcis/capture")
            .then()
            .statusCode(202)
            .extract()
            .header("Location");
    String stranger = TestTokens.producer(UUID.randomUUID());
    given().auth().oauth2(stranger).get(location).then().statusCode(404);
    String id =
        given()
            .auth()
            .oauth2(producer)
            .get(location)
            .then()
            .extract()
            .jsonPath()
            .getString("eventIDs[0]");
    given()
        .auth()
        .oauth2(stranger)
        .urlEncodingEnabled(false)
        .get("/epcis/events/" + path(id))
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(TestTokens.customs())
        .urlEncodingEnabled(false)
        .get("/epcis/events/" + path(id))
        .then()
        .statusCode(200);
    assertThat(storedEvents()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Example_9.6.1-ObjectEvent.jsonld",
        "Example_9.6.2-ObjectEvent.jsonld",
        "Example_9.6.3-AggregationEvent.jsonld",
        "Example_9.6.4-TransformationEvent.jsonld",
        "Example-TransactionEvents-2020_07_03y.jsonld",
        "AssociationEvent-a.jsonld",
        "SensorDataExample1.jsonld",
        "object_event_all_possible_fields.jsonld",
        "aggregation_event_all_possible_fields.jsonld",
        "transaction_event_all_possible_fields.jsonld",
        "transformation_event_all_possible_fields.jsonld",
        "association_event_all_possible_fields.jsonld"
      })
  void gs1ExampleDocumentsOfEveryEventTypeRoundTrip(String name) throws Exception {
    JsonNode document;
    try (InputStream in = getClass().getResourceAsStream("/epcis/gs1-examples/" + name)) {
      document = json.readTree(in);
    }
    JsonPath job = capture(TestTokens.producer(GS1_EXAMPLES), document, 202);
    List<String> ids = job.getList("eventIDs");
    JsonNode events = document.get("epcisBody").get("eventList");
    assertThat(ids).hasSize(events.size());
    for (int i = 0; i < events.size(); i++) {
      JsonNode original = events.get(i);
      JsonNode back =
          json.readTree(
              given()
                  .auth()
                  .oauth2(TestTokens.customs())
                  .urlEncodingEnabled(false)
                  .get("/epcis/events/" + path(ids.get(i)))
                  .then()
                  .statusCode(200)
                  .contentType(containsString("json"))
                  .extract()
                  .asString());
      // Every field captured comes back unchanged (extensions included); the repository adds
      // eventID (if absent), recordTime and tracemark:ledgerIndex, and the document's @context.
      int n = i;
      original
          .fields()
          .forEachRemaining(
              field ->
                  assertThat(back.get(field.getKey()))
                      .as("%s event %d field %s", name, n, field.getKey())
                      .isEqualTo(field.getValue()));
      String expected =
          Optional.ofNullable(original.get("eventID"))
              .map(JsonNode::asText)
              .orElse(EventHash.of(original, JsonLdPrefixes.ofDocument(document)));
      assertThat(back.get("eventID").asText()).isEqualTo(expected);
    }
    String type = events.get(0).get("type").asText();
    given()
        .auth()
        .oauth2(TestTokens.customs())
        .queryParam("eventType", type)
        .queryParam("EQ_eventID", ids.get(0))
        .get("/epcis/events")
        .then()
        .statusCode(200)
        .body("epcisBody.queryResults.resultsBody.eventList.type", hasItem(type))
        .body("epcisBody.queryResults.resultsBody.eventList", not(hasSize(0)));
    assertThat(job.getBoolean("success")).isTrue();
  }
}
