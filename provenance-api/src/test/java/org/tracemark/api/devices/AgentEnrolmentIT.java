package org.tracemark.api.devices;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.api.auth.TestTokens;
import org.tracemark.api.registry.Organisation;
import org.tracemark.edge.config.AgentConfig;
import org.tracemark.edge.enrol.Enrolment;
import org.tracemark.edge.enrol.EnrolmentException;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.EncryptedPrivateKey;

/** The edge agent's enrolment against the real API over HTTP: key on the device, CSR out. */
@QuarkusTest
@QuarkusTestResource(TestTokens.class)
class AgentEnrolmentIT {

  private static final char[] PASSPHRASE = "agent-test-passphrase".toCharArray();

  @Inject EntityManager entityManager;

  @TestHTTPResource("/")
  URL api;

  @Test
  void anAgentEnrolsThenRotatesItsKeyAndNeverSendsThePrivateKey(@TempDir Path dir)
      throws Exception {
    UUID org = UUID.randomUUID();
    QuarkusTransaction.requiringNew()
        .run(() -> entityManager.persist(new Organisation(org, "Ambon Tuna", "ID", Set.of())));
    String device = "reefer-" + UUID.randomUUID().toString().substring(0, 8);
    Path file = dir.resolve("agent.properties");
    Files.writeString(
        file, "device.id=" + device + "\napi.url=" + api.toString().replaceAll("/$", "") + "\n");
    AgentConfig config = AgentConfig.load(file);
    Enrolment enrolment = new Enrolment(config);

    Enrolment.Result first = enrolment.enrol(TestTokens.producer(org), PASSPHRASE, false);

    DeviceCertificate certificate =
        DeviceCertificate.fromPem(Files.readString(first.certificate()));
    assertThat(certificate.deviceId().value()).isEqualTo(device);
    assertThat(certificate.organisation()).isEqualTo(org.toString());
    assertThat(certificate.keyId().hex()).isEqualTo(first.kid());
    // The key on disk is encrypted, readable by its owner only, and is the certified key.
    assertThat(Files.readString(first.key())).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.key())))
        .isEqualTo("rw-------");
    assertThat(EncryptedPrivateKey.fromPem(Files.readString(first.key()), PASSPHRASE)).isNotNull();

    assertThatThrownBy(() -> enrolment.enrol(TestTokens.producer(org), PASSPHRASE, false))
        .isInstanceOf(EnrolmentException.class)
        .hasMessageContaining("already enrolled");
    UUID stranger = UUID.randomUUID();
    assertThatThrownBy(() -> enrolment.enrol(TestTokens.producer(stranger), PASSPHRASE, true))
        .isInstanceOf(EnrolmentException.class)
        .hasMessageContaining("403 not-your-organisation");
    // The refused rotation left the enrolled key in place.
    assertThat(DeviceCertificate.fromPem(Files.readString(config.certificate())).keyId().hex())
        .isEqualTo(first.kid());

    Enrolment.Result second = enrolment.enrol(TestTokens.producer(org), PASSPHRASE, true);
    assertThat(second.kid()).isNotEqualTo(first.kid());
    given()
        .auth()
        .oauth2(TestTokens.producer(org))
        .get("/api/devices/{id}", device)
        .then()
        .statusCode(200)
        .body("certificates.size()", equalTo(2))
        .body("certificates[0].kid", equalTo(first.kid()))
        .body("certificates[0].revocationReason", equalTo("superseded"))
        .body("certificates[1].kid", equalTo(second.kid()))
        .body("certificates[1].status", equalTo("active"));
  }
}
