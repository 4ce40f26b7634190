package org.tracemark.api.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracemark.api.auth.TestTokens;
import org.tracemark.api.ledger.Ledger;
import org.tracemark.api.registry.Organisation;
import org.tracemark.ingest.entry.ReadingEntry;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.device.DeviceTopic;
import org.tracemark.keys.pki.DeviceCsr;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.SigningAlgorithm;
import org.tracemark.keys.signing.SigningKey;
import org.tracemark.ledger.checkpoint.CheckpointVerifier;
import org.tracemark.ledger.log.LogReader;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.note.VerifierKey;
import org.tracemark.ledger.proof.ProofVerifier;

/**
 * Every outcome and reason code of DESIGN §2, published over MQTT the way a device does (QoS 1, its
 * own topic), through the running application — ingest, bus, sequencer, ledger, quarantine — and
 * checked through the API, the ledger and the metrics.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class IngestIT {

  @Inject EntityManager entityManager;
  @Inject Ledger ledger;
  @Inject LedgerAnchorLog anchors;
  @Inject IngestRuntime runtime;
  @Inject IngestConfig config;

  @ConfigProperty(name = "tracemark.db.schema")
  String schema;

  private UUID org;
  // One connection per device, as devices connect: the broker lets a client publish only under
  // the topic of the device it is (on plain TCP, its client id).
  private final Map<String, MqttClient> clients = new java.util.HashMap<>();

  /** An enrolled device: its id and its signing key. */
  private record Device(String id, SigningKey key) {
    byte[] reading(long boot, long seq, double temperature) {
      return SignedReading.sign(
              Reading.single(
                  ReadingId.of(DeviceId.of(id), boot, seq),
                  Observation.sensor(
                      Instant.now().toEpochMilli(), Map.of("temperature", temperature), List.of())),
              key)
          .message();
    }

    String topic() {
      return DeviceId.of(id).readingsTopic();
    }
  }

  @BeforeEach
  void connect() throws Exception {
    org = UUID.randomUUID();
    QuarkusTransaction.requiringNew()
        .run(() -> entityManager.persist(new Organisation(org, "Ingest Farms", "AU", Set.of())));
  }

  @AfterEach
  void disconnect() throws Exception {
    for (MqttClient client : clients.values()) {
      client.disconnect();
      client.close();
    }
  }

  private Device enrol() throws Exception {
    String id = "ingest-" + UUID.randomUUID().toString().substring(0, 8);
    KeyPair keys = KeyPairs.generate(SigningAlgorithm.ED25519);
    given()
        .auth()
        .oauth2(TestTokens.producer(org))
        .contentType(ContentType.JSON)
        .body(Map.of("csr", DeviceCsr.create(DeviceId.of(id), keys).toPem()))
        .post("/api/devices")
        .then()
        .statusCode(201);
    return new Device(id, SigningKey.of(keys));
  }

  private void publish(String topic, byte[] message) throws Exception {
    String device = DeviceTopic.READINGS.deviceIn(topic).orElseThrow().value();
    MqttClient client = clients.get(device);
    if (client == null) {
      client = new MqttClient(runtime.brokerUri(), device, new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setMaxInflight(1000);
      client.connect(options);
      clients.put(device, client);
    }
    client.publish(topic, message, 1, false);
  }

  /** The device's quarantined messages' reasons, newest first. */
  private List<String> quarantineReasons(String device) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .queryParam("device", device)
        .get("/api/quarantine")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items.reason", String.class);
  }

  private void awaitQuarantined(String device, String... reasons) {
    Awaitility.await("quarantine of " + device)
        .atMost(Duration.ofSeconds(20))
        .until(() -> quarantineReasons(device).size() >= reasons.length);
    assertThat(quarantineReasons(device)).containsExactlyInAnyOrder(reasons);
  }

  private long anchoredIndex(String device, long boot, long seq) {
    return Awaitility.await("anchoring of " + device + "/" + boot + "/" + seq)
        .atMost(Duration.ofSeconds(20))
        .until(() -> anchors.entryOf(device, boot, seq), Optional::isPresent)
        .orElseThrow();
  }

  private byte[] entryAt(long index) throws Exception {
    return new LogReader(ledger.storage()).entry(LeafIndex.of(index));
  }

  private double metric(String outcome, String reason) {
    return runtime.metrics().count(outcome, reason);
  }

  @Test
  void aValidReadingBecomesExactlyOneLedgerEntryHoldingTheMessageAsSent() throws Exception {
    Device device = enrol();
    byte[] message = device.reading(0, 0, 3.5);
    double accepted = metric("accepted", "none");
    publish(device.topic(), message);
    long index = anchoredIndex(device.id(), 0, 0);
    ReadingEntry.Read entry = ReadingEntry.read(entryAt(index)).orElseThrow();
    assertThat(entry.message()).isEqualTo(message);
    assertThat(entry.receivedAtMillis())
        .isBetween(Instant.now().minusSeconds(60).toEpochMilli(), Instant.now().toEpochMilli());
    assertThat(metric("accepted", "none")).isGreaterThan(accepted);
    // The projector makes it part of the device's timeline, with its ledger index.
    Awaitility.await("projection of the reading")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.producer(org))
                    .get("/api/devices/{id}/readings", device.id())
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("items.ledgerIndex", Long.class),
            indexes -> indexes.contains(index));
    // A checkpoint covering it follows within the checkpoint interval.
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> checkpointSize() > index);
  }

  private long checkpointSize() {
    String note = given().get("/ledger/checkpoint").then().statusCode(200).extract().asString();
    return Long.parseLong(note.split("\n")[1]);
  }

  @Test
  void aBatchIsOneEntryAndARedeliveryIsADuplicateNotASecondEntry() throws Exception {
    Device device = enrol();
    List<Observation> observations =
        IntStream.range(0, 100)
            .mapToObj(
                i ->
                    Observation.sensor(
                        Instant.now().toEpochMilli() + i, Map.of("temperature", 2.0), List.of()))
            .toList();
    byte[] batch =
        SignedReading.sign(
                Reading.batch(
                    ReadingId.of(DeviceId.of(device.id()), 1, 0),
                    Instant.now().toEpochMilli(),
                    observations),
                device.key())
            .message();
    double duplicates = metric("duplicate", "none");
    publish(device.topic(), batch);
    long index = anchoredIndex(device.id(), 1, 99);
    assertThat(anchoredIndex(device.id(), 1, 0)).isEqualTo(index);
    publish(device.topic(), batch); // QoS 1 redelivery or an agent's resend
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> metric("duplicate", "none") > duplicates);
    assertThat(countEntriesOf(device.id())).isEqualTo(1);
    assertThat(quarantineReasons(device.id())).isEmpty();

    // Any reading of the batch is proven by the batch's entry, checked here as a client would.
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> checkpointSize() > index);
    var proof =
        given()
            .auth()
            .oauth2(TestTokens.producer(org))
            .get("/api/proofs/readings/{device}/1/57", device.id())
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(proof.getLong("index")).isEqualTo(index);
    byte[] entry = java.util.Base64.getDecoder().decode(proof.getString("entry"));
    assertThat(ReadingEntry.read(entry).orElseThrow().message()).isEqualTo(batch);
    var checkpoint =
        CheckpointVerifier.of(ledger.origin(), VerifierKey.parse(ledger.verifierKey()))
            .verify(
                proof.getString("checkpoint").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ProofVerifier.verifyInclusion(
        TreeHasher.leafHash(entry),
        index,
        proof.getLong("treeSize"),
        proof.getList("inclusionProof", String.class).stream().map(Hash::fromBase64).toList(),
        checkpoint.checkpoint().root());
    given()
        .auth()
        .oauth2(TestTokens.producer(UUID.randomUUID()))
        .get("/api/proofs/readings/{device}/1/57", device.id())
        .then()
        .statusCode(404);
    given()
        .auth()
        .oauth2(TestTokens.customs())
        .get("/api/proofs/readings/{device}/1/100", device.id())
        .then()
        .statusCode(404);
  }

  private long countEntriesOf(String device) {
    return ((Number)
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        entityManager
                            .createNativeQuery(
                                "SELECT count(*) FROM "
                                    + schema
                                    + ".anchored_reading WHERE device_id = ?1")
                            .setParameter(1, device)
                            .getSingleResult()))
        .longValue();
  }

  @Test
  void malformedOversizeUnknownKidBadSignatureAndWrongTopicAreQuarantinedWithTheirReasons()
      throws Exception {
    Device device = enrol();
    Device other = enrol();
    publish(device.topic(), new byte[] {(byte) 0xd2, (byte) 0x84, 0x40});
    publish(device.topic(), new byte[61 * 1024]);
    SigningKey stranger = SigningKey.of(KeyPairs.generate(SigningAlgorithm.ED25519));
    publish(device.topic(), new Device(device.id(), stranger).reading(0, 1, 1.0));
    byte[] forged = device.reading(0, 2, 1.0);
    forged[forged.length - 5] ^= 0x01;
    publish(device.topic(), forged);
    publish(other.topic(), device.reading(0, 3, 1.0)); // on another device's topic
    // The mismatch is listed under the device its payload claims, with the topic it came on.
    awaitQuarantined(
        device.id(),
        "malformed",
        "oversize",
        "unknown-kid",
        "bad-signature",
        "device-topic-mismatch");
    assertThat(
            given()
                .auth()
                .oauth2(TestTokens.admin())
                .queryParam("reason", "device-topic-mismatch")
                .queryParam("device", device.id())
                .get("/api/quarantine")
                .then()
                .extract()
                .jsonPath()
                .getString("items[0].topic"))
        .isEqualTo(other.topic());
    assertThat(countEntriesOf(device.id())).isZero();
  }

  @Test
  void equivocationIsQuarantinedAndFlagsTheDevice() throws Exception {
    Device device = enrol();
    publish(device.topic(), device.reading(0, 0, 4.0));
    anchoredIndex(device.id(), 0, 0);
    publish(device.topic(), device.reading(0, 0, 9.0)); // same (dev, boot, seq), other bytes
    awaitQuarantined(device.id(), "equivocation");
    given()
        .auth()
        .oauth2(TestTokens.producer(org))
        .get("/api/devices/{id}", device.id())
        .then()
        .statusCode(200);
    Object flagged =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    entityManager
                        .createNativeQuery(
                            "SELECT equivocating_since FROM " + schema + ".device WHERE id = ?1")
                        .setParameter(1, device.id())
                        .getSingleResult());
    assertThat(flagged).isNotNull();
    assertThat(countEntriesOf(device.id())).isOne();
  }

  @Test
  void aReadingBelowTheReplayWindowIsStale() throws Exception {
    Device device = enrol();
    int window = config.sequencer().window();
    for (int seq = 0; seq <= window + 5; seq++) {
      publish(device.topic(), device.reading(0, seq, 1.0));
    }
    anchoredIndex(device.id(), 0, window + 5);
    // Forgotten by the window: another message for seq 2 can no longer be told from a replay.
    publish(device.topic(), device.reading(0, 2, 7.0));
    awaitQuarantined(device.id(), "stale");
  }

  @Test
  void aRevokedKeysReadingsAreQuarantinedWithinFiveSeconds() throws Exception {
    Device device = enrol();
    publish(device.topic(), device.reading(0, 0, 1.0));
    anchoredIndex(device.id(), 0, 0);
    given()
        .auth()
        .oauth2(TestTokens.producer(org))
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "key-compromise"))
        .post("/api/devices/{id}/revoke", device.id())
        .then()
        .statusCode(200);
    Instant revoked = Instant.now();
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              publish(device.topic(), device.reading(0, System.nanoTime() % 1_000_000 + 1, 1.0));
              return quarantineReasons(device.id()).contains("revoked");
            });
    assertThat(Duration.between(revoked, Instant.now())).isLessThan(Duration.ofSeconds(6));
  }

  @Test
  void aKeyNotValidYetIsQuarantined() throws Exception {
    Device device = enrol();
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        "UPDATE "
                            + schema
                            + ".device_certificate SET not_before = now() + interval '1 day'"
                            + " WHERE device_id = ?1")
                    .setParameter(1, device.id())
                    .executeUpdate());
    publish(device.topic(), device.reading(0, 0, 1.0));
    awaitQuarantined(device.id(), "not-yet-valid");
  }

  @Test
  void readinessSaysTheBrokerConnectionsAndTheSequencerAreUp() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'ingest' }.status", equalTo("UP"))
        .body("checks.find { it.name == 'ingest' }.data.broker", equalTo(runtime.brokerUri()));
  }

  @Test
  void theMetricsCountOutcomesByReason() {
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("tracemark_ingest_messages_total{outcome=\"accepted\""))
        .body(containsString("tracemark_sequencer_batch_entries"));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/quarantine")
        .then()
        .body("items", notNullValue());
  }
}
