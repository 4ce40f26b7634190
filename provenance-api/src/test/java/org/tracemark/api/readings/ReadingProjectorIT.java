package org.tracemark.api.readings;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.upokecenter.cbor.CBORObject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.auth.TestTokens;
import org.tracemark.api.devices.Device;
import org.tracemark.api.ledger.Ledger;
import org.tracemark.api.registry.Organisation;
import org.tracemark.ingest.entry.ReadingEntry;
import org.tracemark.keys.cose.Cbor;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.SigningKey;
import org.tracemark.ledger.log.Appended;

/**
 * The projector follows the real ledger on a real PostgreSQL: readings signed with the
 * firmware-keys codec and anchored as reading entries become rows (a batch one row per reading),
 * other entries and a garbage reading entry are skipped, a replay adds nothing twice, and the rows
 * are served as a device timeline and as EPCIS 2.0 ObjectEvents. Other tests append to the same
 * ledger, so every assertion is about this test's own devices and EPCs.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class ReadingProjectorIT {

  private static final String INVALID_QUERY = "https://tracemark.org/problems/invalid-query";

  @Inject Ledger ledger;
  @Inject ReadingProjector projector;
  @Inject DataSource dataSource;
  @Inject EntityManager entityManager;

  @ConfigProperty(name = "tracemark.db.schema")
  String schema;

  private final Instant t0 = Instant.parse("2026-11-25T08:00:00.000Z");
  private UUID org;
  private UUID otherOrg;
  private String device;
  private String pallet;
  private String sgln;
  private SigningKey key;

  /** What one test run anchored, by ledger index. */
  private long singleIndex;

  private long batchIndex;
  private long scanIndex;
  private long epcisIndex;
  private long garbageIndex;
  private long end;

  @BeforeEach
  void anchorReadings() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    org = UUID.randomUUID();
    otherOrg = UUID.randomUUID();
    device = "proj-" + run;
    pallet = "urn:epc:id:sgtin:0614141.107346." + run;
    sgln = "urn:epc:id:sgln:0614141.07346." + run;
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              entityManager.persist(new Organisation(org, "Cold Chain Co", "NZ", Set.of()));
              entityManager.persist(new Organisation(otherOrg, "Other Co", "NZ", Set.of()));
              entityManager.flush();
              entityManager.persist(new Device(device, org));
            });
    key = SigningKey.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    DeviceId dev = DeviceId.of(device);

    Map<String, Double> single = new LinkedHashMap<>();
    single.put("temperature", 4.5);
    single.put("humidity", 81.0);
    single.put("lat", -36.85);
    single.put("lon", 174.76);
    single.put("door", 1.0); // not one of the contract's six: kept, not dropped
    byte[] singleMessage =
        SignedReading.sign(
                Reading.single(
                    ReadingId.of(dev, 3, 0),
                    Observation.sensor(t0.toEpochMilli(), single, List.of(pallet))),
                key)
            .message();
    List<Observation> hundred = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      hundred.add(
          Observation.sensor(
              t0.plusSeconds(60 + i).toEpochMilli(),
              Map.of("temperature", 2.0 + i / 100.0, "shock", 0.5),
              List.of(pallet)));
    }
    byte[] batchMessage =
        SignedReading.sign(
                Reading.batch(
                    ReadingId.of(dev, 3, 10), t0.plusSeconds(200).toEpochMilli(), hundred),
                key)
            .message();
    byte[] scanMessage =
        SignedReading.sign(
                Reading.single(
                    ReadingId.of(dev, 3, 200),
                    Observation.scan(
                        t0.plusSeconds(300).toEpochMilli(), pallet, "shipping", Optional.of(sgln))),
                key)
            .message();
    Map<String, CBORObject> epcis = new LinkedHashMap<>();
    epcis.put("t", CBORObject.FromObject("epcis"));
    epcis.put("hash", CBORObject.FromObject("ni:///sha-256;00?ver=CBV2.0"));
    epcis.put(
        "event",
        CBORObject.FromObject("{\"type\":\"ObjectEvent\"}".getBytes(StandardCharsets.UTF_8)));
    epcis.put("org", CBORObject.FromObject(org.toString()));
    epcis.put("rx", CBORObject.FromObject(1L));
    Map<String, CBORObject> garbage = new LinkedHashMap<>();
    garbage.put("t", CBORObject.FromObject("reading"));
    garbage.put("cose", CBORObject.FromObject(new byte[] {(byte) 0xd2, 0x01, 0x02}));
    garbage.put("rx", CBORObject.FromObject(1L));

    long rx = t0.plusSeconds(400).toEpochMilli();
    Appended appended =
        ledger.append(
            List.of(
                ReadingEntry.encode(singleMessage, rx),
                ReadingEntry.encode(batchMessage, rx),
                Cbor.deterministicMap(epcis).EncodeToBytes(),
                Cbor.deterministicMap(garbage).EncodeToBytes(),
                ReadingEntry.encode(scanMessage, rx)));
    long first = appended.first().value();
    singleIndex = first;
    batchIndex = first + 1;
    epcisIndex = first + 2;
    garbageIndex = first + 3;
    scanIndex = first + 4;
    end = first + 5;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> projector.projectedSize() >= end && count("device_id = ?", device) == 102);
  }

  @Test
  void readingsBecomeOneRowEachAndABatchExpandsIntoItsReadings() throws Exception {
    assertThat(count("ledger_index = ?", batchIndex)).isEqualTo(100);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT min(seq), max(seq), count(DISTINCT seq), min(pos), max(pos),"
                    + " min(temperature), max(temperature), min(device_ts), bool_and(shock = 0.5)"
                    + " FROM "
                    + schema
                    + ".reading WHERE ledger_index = ?")) {
      s.setLong(1, batchIndex);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(10);
        assertThat(rs.getLong(2)).isEqualTo(109);
        assertThat(rs.getLong(3)).isEqualTo(100);
        assertThat(rs.getInt(4)).isZero();
        assertThat(rs.getInt(5)).isEqualTo(99);
        assertThat(rs.getDouble(6)).isEqualTo(2.0);
        assertThat(rs.getDouble(7)).isEqualTo(2.99);
        assertThat(rs.getTimestamp(8).toInstant()).isEqualTo(t0.plusSeconds(60));
        assertThat(rs.getBoolean(9)).isTrue();
      }
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT seq, kind, temperature, humidity, lat, lon, extra_measurements::text, obj,"
                    + " received_at FROM "
                    + schema
                    + ".reading WHERE ledger_index = ? AND pos = 0")) {
      s.setLong(1, singleIndex);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
        assertThat(rs.getString(2)).isEqualTo("sensor");
        assertThat(rs.getDouble(3)).isEqualTo(4.5);
        assertThat(rs.getDouble(4)).isEqualTo(81.0);
        assertThat(rs.getDouble(5)).isEqualTo(-36.85);
        assertThat(rs.getDouble(6)).isEqualTo(174.76);
        assertThat(rs.getString(7)).isEqualTo("{\"door\": 1.0}");
        assertThat((String[]) rs.getArray(8).getArray()).containsExactly(pallet);
        assertThat(rs.getTimestamp(9).toInstant()).isEqualTo(t0.plusSeconds(400));
      }
    }
    assertThat(count("ledger_index = ?", scanIndex)).isEqualTo(1);
    // The epcis entry and the garbage reading entry only moved the watermark on.
    assertThat(count("ledger_index = ?", epcisIndex)).isZero();
    assertThat(count("ledger_index = ?", garbageIndex)).isZero();
  }

  @Test
  void replayingTheLogProjectsNothingTwiceAndRestoresWhatIsMissing() throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "DELETE FROM " + schema + ".reading WHERE ledger_index = ? AND pos = 42")) {
      s.setLong(1, batchIndex);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
    assertThat(count("device_id = ?", device)).isEqualTo(101);

    projector.replayFrom(singleIndex);
    assertThat(projector.projectedSize()).isLessThanOrEqualTo(singleIndex);
    projector.catchUp();

    assertThat(projector.projectedSize()).isGreaterThanOrEqualTo(end);
    assertThat(count("device_id = ?", device)).isEqualTo(102);
    assertThat(count("ledger_index = ? AND pos = 42 AND seq = 52", batchIndex)).isEqualTo(1);
    // Once more, from the same place: the same rows, none twice.
    projector.replayFrom(singleIndex);
    projector.catchUp();
    assertThat(count("device_id = ?", device)).isEqualTo(102);
  }

  @Test
  void theTimelineIsNewestFirstPagedAndScopedToTheDevicesOrganisation() {
    JsonPath page1 =
        timeline(TestTokens.producer(org), Map.of("limit", 40))
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(page1.getList("items")).hasSize(40);
    assertThat(page1.getString("items[0].kind")).isEqualTo("scan");
    assertThat(page1.getLong("items[0].seq")).isEqualTo(200);
    assertThat(page1.getString("items[0].bizStep")).isEqualTo("shipping");
    assertThat(page1.getString("items[0].location")).isEqualTo(sgln);
    assertThat(page1.getLong("items[0].ledgerIndex")).isEqualTo(scanIndex);
    assertThat(page1.getLong("items[1].seq")).isEqualTo(109);
    assertThat(page1.getLong("items[1].ledgerIndex")).isEqualTo(batchIndex);
    assertThat(page1.getInt("items[1].position")).isEqualTo(99);
    assertThat(page1.getString("items[1].device")).isEqualTo(device);
    assertThat(page1.getLong("items[1].boot")).isEqualTo(3);
    assertThat(page1.getString("items[1].deviceTime")).isEqualTo("2026-11-25T08:02:39Z");
    assertThat(page1.getDouble("items[1].measurements.temperature")).isEqualTo(2.99);

    String next = page1.getString("next");
    assertThat(next).startsWith("/api/devices/" + device + "/readings?limit=40&before=");
    JsonPath page2 =
        given()
            .auth()
            .oauth2(TestTokens.producer(org))
            .get(next)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(page2.getList("items")).hasSize(40);
    assertThat(page2.getLong("items[0].seq")).isEqualTo(70);
    JsonPath page3 =
        given()
            .auth()
            .oauth2(TestTokens.customs())
            .get(page2.getString("next"))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(page3.getList("items")).hasSize(22);
    assertThat(page3.getLong("items[21].seq")).isZero();
    assertThat(page3.getString("next")).isNull();

    timeline(
            TestTokens.producer(org),
            Map.of("from", "2026-11-25T08:01:00Z", "to", "2026-11-25T08:01:10+00:00"))
        .statusCode(200)
        .body("items", hasSize(10))
        .body("items[0].seq", equalTo(19));
    timeline(TestTokens.producer(otherOrg), Map.of())
        .statusCode(403)
        .body("type", equalTo("https://tracemark.org/problems/forbidden"))
        .body("code", equalTo("not-your-organisation"));
    timeline(TestTokens.token("auditor@x", Roles.AUDITOR, otherOrg), Map.of()).statusCode(200);
    timeline(TestTokens.admin(), Map.of("limit", 0))
        .statusCode(400)
        .body("type", equalTo("https://tracemark.org/problems/invalid-request"));
    given().get("/api/devices/{id}/readings", device).then().statusCode(401);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/devices/{id}/readings", device + "-unknown")
        .then()
        .statusCode(404);
  }

  @Test
  void readingsAreServedAsEpcisObjectEventsPagedWithALinkHeader() {
    Response first = epcis(TestTokens.customs(), Map.of("MATCH_anyEPC", pallet, "perPage", 50));
    first
        .then()
        .statusCode(200)
        .header("GS1-EPCIS-Version", "2.0.0")
        .body(
            "'@context'[0]",
            equalTo("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"))
        .body("'@context'[1].tracemark", equalTo("https://tracemark.org/epcis/"))
        .body("type", equalTo("EPCISQueryDocument"))
        .body("schemaVersion", equalTo("2.0"))
        .body("epcisBody.queryResults.queryName", equalTo("SimpleEventQuery"))
        .body("epcisBody.queryResults.resultsBody.eventList", hasSize(50));
    JsonPath doc = first.jsonPath();
    String e0 = "epcisBody.queryResults.resultsBody.eventList[0].";
    assertThat(doc.getString(e0 + "type")).isEqualTo("ObjectEvent");
    assertThat(doc.getString(e0 + "action")).isEqualTo("OBSERVE");
    assertThat(doc.getString(e0 + "eventTime")).isEqualTo("2026-11-25T08:00:00.000+00:00");
    assertThat(doc.getString(e0 + "eventTimeZoneOffset")).isEqualTo("+00:00");
    assertThat(doc.getList(e0 + "epcList")).containsExactly(pallet);
    assertThat(doc.getString(e0 + "bizStep")).isEqualTo("sensor_reporting");
    assertThat(doc.getLong(e0 + "'tracemark:ledgerIndex'")).isEqualTo(singleIndex);
    assertThat(doc.getString(e0 + "'tracemark:device'")).isEqualTo(device);
    assertThat(doc.getLong(e0 + "'tracemark:boot'")).isEqualTo(3);
    assertThat(doc.getLong(e0 + "'tracemark:seq'")).isZero();
    String sensor = e0 + "sensorElementList[0].";
    assertThat(doc.getString(sensor + "sensorMetadata.deviceID"))
        .isEqualTo("urn:tracemark:device:" + device);
    assertThat(doc.getString(sensor + "sensorMetadata.time"))
        .isEqualTo("2026-11-25T08:00:00.000+00:00");
    List<Map<String, Object>> reports = doc.getList(sensor + "sensorReport");
    assertThat(reports)
        .contains(
            Map.of("type", "Temperature", "value", 4.5f, "uom", "CEL"),
            Map.of("type", "RelativeHumidity", "value", 81.0f, "uom", "P1"),
            Map.of("type", "Angle", "value", -36.85f, "component", "latitude", "uom", "DD"),
            Map.of("type", "Angle", "value", 174.76f, "component", "longitude", "uom", "DD"),
            Map.of("type", "tracemark:door", "value", 1.0f));
    String e1 = "epcisBody.queryResults.resultsBody.eventList[1].";
    assertThat(doc.getLong(e1 + "'tracemark:ledgerIndex'")).isEqualTo(batchIndex);
    assertThat(doc.getLong(e1 + "'tracemark:seq'")).isEqualTo(10);
    assertThat(doc.getList(e1 + "sensorElementList[0].sensorReport"))
        .contains(Map.of("type", "Acceleration", "value", 0.5f, "uom", "K40"));

    String link = first.header("Link");
    Matcher next = Pattern.compile("^<(/epcis/events\\?[^>]+)>; rel=\"next\"$").matcher(link);
    assertThat(next.matches()).as(link).isTrue();
    assertThat(next.group(1)).contains("nextPageToken=").contains("perPage=50");
    Response second =
        given().auth().oauth2(TestTokens.customs()).urlEncodingEnabled(false).get(next.group(1));
    second.then().statusCode(200);
    List<Integer> seqs =
        second
            .jsonPath()
            .getList("epcisBody.queryResults.resultsBody.eventList.'tracemark:seq'", Integer.class);
    assertThat(seqs).hasSize(50).startsWith(59).endsWith(108);
    Matcher last = Pattern.compile("^<([^>]+)>").matcher(second.header("Link"));
    assertThat(last.find()).isTrue();
    Response third =
        given().auth().oauth2(TestTokens.customs()).urlEncodingEnabled(false).get(last.group(1));
    third
        .then()
        .statusCode(200)
        .header("Link", nullValue())
        .body("epcisBody.queryResults.resultsBody.eventList", hasSize(2))
        .body("epcisBody.queryResults.resultsBody.eventList[1].bizStep", equalTo("shipping"))
        .body("epcisBody.queryResults.resultsBody.eventList[1].readPoint.id", equalTo(sgln))
        .body(
            "epcisBody.queryResults.resultsBody.eventList[1].'tracemark:ledgerIndex'",
            equalTo((int) scanIndex));
  }

  @Test
  void epcisParametersFilterAndScopeTheReadings() {
    String events = "epcisBody.queryResults.resultsBody.eventList";
    epcis(
            TestTokens.producer(org),
            Map.of("MATCH_epc", pallet, "EQ_bizStep", "urn:epcglobal:cbv:bizstep:shipping"))
        .then()
        .statusCode(200)
        .body(events, hasSize(1))
        .body(events + "[0].epcList[0]", equalTo(pallet))
        .body(events + "[0]", not(hasKey("sensorElementList")));
    epcis(TestTokens.admin(), Map.of("EQ_readPoint", sgln, "eventType", "ObjectEvent"))
        .then()
        .statusCode(200)
        .body(events, hasSize(1));
    epcis(
            TestTokens.admin(),
            Map.of("EQ_readPoint", sgln, "eventType", "AggregationEvent|TransformationEvent"))
        .then()
        .statusCode(200)
        .body(events, hasSize(0));
    epcis(
            TestTokens.token("auditor@x", Roles.AUDITOR, null),
            Map.of(
                "MATCH_anyEPC",
                "urn:epc:id:sgtin:0614141.107346.nothing|" + pallet,
                "GE_eventTime",
                "2026-11-25T09:01:00+01:00",
                "LT_eventTime",
                "2026-11-25T08:01:05.000Z",
                "perPage",
                1000))
        .then()
        .statusCode(200)
        .body(events, hasSize(5))
        .body(events + "[0].eventTime", equalTo("2026-11-25T08:01:00.000+00:00"));
    // Another organisation's producer does not see this organisation's devices.
    epcis(TestTokens.producer(otherOrg), Map.of("MATCH_anyEPC", pallet))
        .then()
        .statusCode(200)
        .body(events, hasSize(0));
    given().queryParam("MATCH_anyEPC", pallet).get("/epcis/events").then().statusCode(401);
  }

  @Test
  void badEpcisParametersAreQueryParameterProblems() {
    for (Map<String, Object> bad :
        List.<Map<String, Object>>of(
            Map.of("MATCH_nothing", "x"),
            Map.of("GE_eventTime", "yesterday"),
            Map.of("LT_eventTime", "2026-11-25T08:00:00"),
            Map.of("perPage", 0),
            Map.of("perPage", 1001),
            Map.of("perPage", "ten"),
            Map.of("eventType", "SensorEvent"),
            Map.of("nextPageToken", "not-a-token"))) {
      epcis(TestTokens.admin(), bad)
          .then()
          .statusCode(400)
          .contentType(startsWith("application/problem+json"))
          .body("type", equalTo(INVALID_QUERY))
          .body("code", equalTo("QueryParameterException"));
    }
  }

  @Test
  void healthSaysHowFarTheProjectorIs() {
    given()
        .get("/q/health/well")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'reading-projector' }.status", equalTo("UP"))
        .body(
            "checks.find { it.name == 'reading-projector' }.data.projectedSize",
            greaterThanOrEqualTo((int) end));
  }

  @Test
  void theOpenApiDocumentDescribesBothQueries() {
    given()
        .accept("application/json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(
            "paths.'/epcis/events'.get.parameters.name",
            hasItems("MATCH_anyEPC", "perPage", "nextPageToken"))
        .body(
            "paths.'/epcis/events'.get.responses.'400'.content.keySet()",
            hasItem("application/problem+json"))
        .body(
            "paths.'/api/devices/{id}/readings'.get.parameters.name",
            hasItems("from", "to", "limit", "before"));
  }

  private io.restassured.response.ValidatableResponse timeline(
      String token, Map<String, Object> query) {
    return given()
        .auth()
        .oauth2(token)
        .queryParams(query)
        .get("/api/devices/{id}/readings", device)
        .then();
  }

  private static Response epcis(String token, Map<String, Object> query) {
    return given().auth().oauth2(token).queryParams(query).get("/epcis/events");
  }

  private long count(String where, Object parameter) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT count(*) FROM " + schema + ".reading WHERE " + where)) {
      s.setObject(1, parameter);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
