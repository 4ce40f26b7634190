package org.tracemark.api.quarantine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tracemark.api.auth.TestTokens;
import org.tracemark.api.devices.Device;
import org.tracemark.api.registry.Organisation;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingCheck;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.ReadingVerifier;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.SigningKey;

/** Quarantined messages are kept byte for byte, listed for admins only, and flag equivocators. */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class QuarantineIT {

  @Inject QuarantineStore store;
  @Inject EntityManager entityManager;

  @org.eclipse.microprofile.config.inject.ConfigProperty(name = "tracemark.db.schema")
  String schema;

  @Test
  void aRejectedMessageIsKeptWithItsReasonAndListedForAdminsOnly() throws Exception {
    String device = "q-" + UUID.randomUUID().toString().substring(0, 8);
    SigningKey stranger =
        SigningKey.of(java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    byte[] message =
        SignedReading.sign(
                Reading.single(
                    ReadingId.of(DeviceId.of(device), 4, 17),
                    Observation.sensor(
                        Instant.now().toEpochMilli(), Map.of("temperature", 3.5), List.of())),
                stranger)
            .message();
    String topic = DeviceId.of(device).readingsTopic();
    ReadingCheck check =
        new ReadingVerifier(kid -> Optional.empty()).verify(topic, message, Instant.now());
    assertThat(check).isInstanceOf(ReadingCheck.Rejected.class);
    ReadingCheck.Rejected rejected = (ReadingCheck.Rejected) check;
    long id =
        store.store(
            topic,
            message,
            Instant.now(),
            rejected.reason(),
            rejected.detail(),
            rejected.reading().map(Reading::first));
    byte[] garbage = {(byte) 0xd2, 0x01, 0x02};
    // Through the interface the ingest pipeline uses.
    org.tracemark.ingest.pipeline.QuarantineSink sink = store;
    sink.quarantine(
        topic, garbage, Instant.now(), QuarantineReason.MALFORMED, "truncated", Optional.empty());

    given()
        .auth()
        .oauth2(TestTokens.admin())
        .queryParam("device", device)
        .get("/api/quarantine")
        .then()
        .statusCode(200)
        // Newest first: the garbage names its device only by its topic, so it is listed too.
        .body("items", hasSize(2))
        .body("items[0].reason", equalTo("malformed"))
        .body("items[0].boot", nullValue())
        .body("items[1].id", equalTo((int) id))
        .body("items[1].reason", equalTo("unknown-kid"))
        .body("items[1].boot", equalTo(4))
        .body("items[1].seq", equalTo(17))
        .body("items[1].size", equalTo(message.length))
        .body("items[1].detail", notNullValue());
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .queryParam("reason", "malformed")
        .queryParam("limit", 1)
        .get("/api/quarantine")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items.reason", everyItem(equalTo("malformed")))
        .body("next", notNullValue());
    byte[] kept =
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .get("/api/quarantine/{id}/message", id)
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    assertThat(kept).isEqualTo(message);

    given().get("/api/quarantine").then().statusCode(401);
    given()
        .auth()
        .oauth2(TestTokens.producer(UUID.randomUUID()))
        .get("/api/quarantine")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .queryParam("reason", "nonsense")
        .get("/api/quarantine")
        .then()
        .statusCode(400)
        .body("type", equalTo("https://tracemark.org/problems/invalid-request"));
  }

  @Test
  void anEquivocationFlagsTheDevice() throws Exception {
    UUID org = UUID.randomUUID();
    String device = "eq-" + UUID.randomUUID().toString().substring(0, 8);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              entityManager.persist(new Organisation(org, "Flagged Farms", "AU", Set.of()));
              entityManager.flush();
              entityManager.persist(new Device(device, org));
            });
    Reading reading =
        Reading.single(
            ReadingId.of(DeviceId.of(device), 0, 9),
            Observation.sensor(Instant.now().toEpochMilli(), Map.of("mass", 10.0), List.of()));
    Instant at = Instant.parse("2026-11-25T12:00:00Z");
    store.store(
        DeviceId.of(device).readingsTopic(),
        new byte[] {1, 2, 3},
        at,
        QuarantineReason.EQUIVOCATION,
        "seq 9 already accepted with other bytes",
        Optional.of(reading.first()));
    Object flagged =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    entityManager
                        .createNativeQuery(
                            "SELECT equivocating_since FROM " + schema + ".device WHERE id = ?1")
                        .setParameter(1, device)
                        .getSingleResult());
    assertThat(flagged).isNotNull();
  }
}
