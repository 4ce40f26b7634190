package org.tracemark.api.devices;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.tracemark.api.auth.TestTokens;
import org.tracemark.api.registry.Organisation;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.DeviceCsr;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.pki.Pem;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingCheck;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.ReadingVerifier;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.SigningAlgorithm;
import org.tracemark.keys.signing.SigningKey;

/**
 * Enrolment by CSR, rotation and revocation over HTTP with real certificates, on a real PostgreSQL;
 * and a verifier fed by the registry seeing a revocation within 5 seconds.
 */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class DeviceIT {

  @Inject EntityManager entityManager;
  @Inject RegistryDeviceKeys deviceKeys;

  @org.eclipse.microprofile.config.inject.ConfigProperty(name = "tracemark.db.schema")
  String schema;

  private UUID organisation(String name) {
    UUID id = UUID.randomUUID();
    QuarkusTransaction.requiringNew()
        .run(() -> entityManager.persist(new Organisation(id, name, "ID", Set.of())));
    return id;
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String csr(String device, KeyPair keys) throws Exception {
    return DeviceCsr.create(DeviceId.of(device), keys).toPem();
  }

  private static io.restassured.response.ValidatableResponse enrol(String token, String csr) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(Map.of("csr", csr))
        .when()
        .post("/api/devices")
        .then();
  }

  @Test
  void aProducerEnrolsADeviceByCsrAndGetsACertificateForItsOrganisation() throws Exception {
    UUID org = organisation("Sumatra Coffee");
    String device = unique("silo");
    KeyPair keys = KeyPairs.generate(SigningAlgorithm.ED25519);

    String pem =
        enrol(TestTokens.producer(org), csr(device, keys))
            .statusCode(201)
            .header("Location", endsWith("/api/devices/" + device))
            .body("id", equalTo(device))
            .body("organisation", equalTo(org.toString()))
            .body("certificates", hasSize(1))
            .body("certificates[0].status", equalTo("active"))
            .body("certificates[0].algorithm", equalTo("EdDSA"))
            .body("chain", startsWith("-----BEGIN CERTIFICATE-----"))
            .extract()
            .path("certificates[0].certificate");

    X509Certificate certificate = parse(pem);
    assertThat(certificate.getSubjectX500Principal().getName())
        .contains("CN=" + device)
        .contains("O=" + org);
    assertThat(certificate.getPublicKey().getEncoded()).isEqualTo(keys.getPublic().getEncoded());
    // The chain the API serves verifies the certificate: issuing CA signed it, root signed that.
    String chain = given().get("/api/ca/chain").then().statusCode(200).extract().asString();
    List<X509Certificate> cas = parseAll(chain);
    certificate.verify(cas.get(0).getPublicKey());
    cas.get(0).verify(cas.get(1).getPublicKey());
  }

  @Test
  void enrolmentIsRefusedWithoutATokenForAnotherOrganisationAndForABadCsr() throws Exception {
    UUID org = organisation("Bali Fish");
    UUID other = organisation("Other Co");
    String device = unique("boat");
    String csr = csr(device, KeyPairs.generate(SigningAlgorithm.ES256));

    given()
        .contentType(ContentType.JSON)
        .body(Map.of("csr", csr))
        .post("/api/devices")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer");
    given()
        .auth()
        .oauth2(TestTokens.forged(org))
        .contentType(ContentType.JSON)
        .body(Map.of("csr", csr))
        .post("/api/devices")
        .then()
        .statusCode(401);
    given()
        .auth()
        .oauth2(TestTokens.producer(org))
        .contentType(ContentType.JSON)
        .body(Map.of("csr", csr, "organisation", other.toString()))
        .post("/api/devices")
        .then()
        .statusCode(403)
        .body("code", equalTo("not-your-organisation"));
    given()
        .auth()
        .oauth2(TestTokens.token("officer", "customs", org))
        .contentType(ContentType.JSON)
        .body(Map.of("csr", csr))
        .post("/api/devices")
        .then()
        .statusCode(403)
        .body("type", equalTo("https://tracemark.org/problems/forbidden"));

    // A CSR whose signature does not match its key: no proof of possession.
    byte[] der = DeviceCsr.fromPem(csr).der();
    der[der.length - 5] ^= 0x01;
    String tampered = Pem.encode(Pem.Label.CERTIFICATE_REQUEST, der);
    enrol(TestTokens.producer(org), tampered)
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://tracemark.org/problems/invalid-csr"))
        .body("code", equalTo("proof-of-possession-failed"));
    enrol(TestTokens.producer(org), "not a csr")
        .statusCode(400)
        .body("code", equalTo("malformed-csr"));

    // Nothing was stored by the refused attempts: the real enrolment still works.
    enrol(TestTokens.producer(org), csr).statusCode(201);
    enrol(TestTokens.producer(org), csr).statusCode(409).body("code", equalTo("device-exists"));
    given()
        .auth()
        .oauth2(TestTokens.producer(other))
        .get("/api/devices/{id}", device)
        .then()
        .statusCode(403)
        .body("code", equalTo("not-your-organisation"));
  }

  @Test
  void aRevocationReachesTheRegistryFedVerifierWithinFiveSeconds() throws Exception {
    UUID org = organisation("Java Rice");
    String device = unique("mill");
    KeyPair keys = KeyPairs.generate(SigningAlgorithm.ED25519);
    enrol(TestTokens.producer(org), csr(device, keys)).statusCode(201);

    SigningKey key = SigningKey.of(keys);
    ReadingVerifier verifier = new ReadingVerifier(deviceKeys);
    String topic = DeviceId.of(device).readingsTopic();
    byte[] message =
        SignedReading.sign(
                Reading.single(
                    ReadingId.of(DeviceId.of(device), 1, 0),
                    Observation.sensor(
                        Instant.now().toEpochMilli(), Map.of("mass", 1200.0), List.of())),
                key)
            .message();
    assertThat(verifier.verify(topic, message, Instant.now()).verified()).isTrue();

    // Revoke straight in the database, as another API process would: only the poll can tell.
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        "UPDATE "
                            + schema
                            + ".device_certificate SET revoked_at = now(),"
                            + " revocation_reason = 'key-compromise' WHERE device_id = ?1")
                    .setParameter(1, device)
                    .executeUpdate());
    Instant revokedAround = Instant.now();
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                verifier.verify(topic, message, Instant.now()) instanceof ReadingCheck.Rejected r
                    && r.reason() == QuarantineReason.REVOKED);
    assertThat(Duration.between(revokedAround, Instant.now())).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void rotationKeepsOldReadingsValidAndTheCrlListsTheSupersededCertificate() throws Exception {
    UUID org = organisation("Flores Tuna");
    String device = unique("reefer");
    KeyPair first = KeyPairs.generate(SigningAlgorithm.ED25519);
    enrol(TestTokens.producer(org), csr(device, first)).statusCode(201);
    long signedBefore = Instant.now().toEpochMilli() - 1000;
    KeyPair second = KeyPairs.generate(SigningAlgorithm.ES256);

    given()
        .auth()
        .oauth2(TestTokens.producer(org))
        .contentType(ContentType.JSON)
        .body(Map.of("csr", csr(device, second)))
        .post("/api/devices/{id}/rotate", device)
        .then()
        .statusCode(201)
        .body("certificates", hasSize(2))
        .body("certificates[0].status", equalTo("revoked"))
        .body("certificates[0].revocationReason", equalTo("superseded"))
        .body("certificates[1].status", equalTo("active"))
        .body("certificates[1].algorithm", equalTo("ES256"));

    ReadingVerifier verifier = new ReadingVerifier(deviceKeys);
    String topic = DeviceId.of(device).readingsTopic();
    byte[] old =
        SignedReading.sign(
                Reading.single(
                    ReadingId.of(DeviceId.of(device), 1, 5),
                    Observation.sensor(signedBefore, Map.of("temperature", -18.0), List.of())),
                SigningKey.of(first))
            .message();
    assertThat(verifier.verify(topic, old, Instant.now().plusSeconds(3600)).verified()).isTrue();

    String serial =
        given()
            .get("/api/ca/revocations")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("find { it.device == '" + device + "' }.serial");
    assertThat(serial).isNotNull();
    byte[] crlDer =
        given()
            .get("/api/ca/crl")
            .then()
            .statusCode(200)
            .contentType("application/pkix-crl")
            .extract()
            .asByteArray();
    X509CRL crl =
        (X509CRL)
            CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(crlDer));
    List<X509Certificate> chain =
        parseAll(given().get("/api/ca/chain").then().extract().asString());
    crl.verify(chain.get(0).getPublicKey());
    assertThat(crl.getRevokedCertificate(new java.math.BigInteger(serial))).isNotNull();
  }

  @Test
  void revokingSomeoneElsesDeviceIsForbidden() throws Exception {
    UUID owner = organisation("Owner");
    UUID intruder = organisation("Intruder");
    String device = unique("scanner");
    enrol(TestTokens.producer(owner), csr(device, KeyPairs.generate(SigningAlgorithm.ED25519)))
        .statusCode(201);
    given()
        .auth()
        .oauth2(TestTokens.producer(intruder))
        .contentType(ContentType.JSON)
        .body(Map.of("reason", "key-compromise"))
        .post("/api/devices/{id}/revoke", device)
        .then()
        .statusCode(403)
        .body("detail", containsString("another organisation"));
    given()
        .auth()
        .oauth2(TestTokens.producer(owner))
        .get("/api/devices/{id}", device)
        .then()
        .statusCode(200)
        .body("certificates[0].status", equalTo("active"));
  }

  private static X509Certificate parse(String pem) throws Exception {
    return parseAll(pem).get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<X509Certificate> parseAll(String pem) throws Exception {
    return (List<X509Certificate>)
        (List<?>)
            List.copyOf(
                CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes())));
  }
}
