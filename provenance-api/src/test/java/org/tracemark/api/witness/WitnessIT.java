package org.tracemark.api.witness;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracemark.api.ledger.CheckpointWitness;
import org.tracemark.api.ledger.HttpCheckpointWitness;
import org.tracemark.api.ledger.Ledger;
import org.tracemark.ledger.checkpoint.CheckpointVerifier;
import org.tracemark.ledger.checkpoint.SignedCheckpoint;
import org.tracemark.ledger.cosignature.Cosignature;
import org.tracemark.ledger.cosignature.CosignatureVerifier;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.note.VerifierKey;
import org.tracemark.ledger.witness.AddCheckpointRequest;

/** The witness role against the log of the same deployment, over real HTTP and storage. */
@QuarkusTest
class WitnessIT {

  @Inject Ledger ledger;
  @Inject LocalWitness witness;

  @TestHTTPResource("/witness")
  URL witnessUrl;

  private SignedCheckpoint served() throws Exception {
    byte[] note = given().get("/ledger/checkpoint").then().statusCode(200).extract().asByteArray();
    return CheckpointVerifier.of(ledger.origin(), VerifierKey.parse(ledger.verifierKey()))
        .verify(note);
  }

  @Test
  void theServedCheckpointCarriesAValidCosignatureOfTheWitness() throws Exception {
    ledger.append(List.of(("witnessed-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8)));
    ledger.publishCheckpoint();

    SignedCheckpoint checkpoint = served();
    Cosignature cosignature =
        CosignatureVerifier.of(witness.verifierKey()).find(checkpoint).orElseThrow();
    assertThat(cosignature.cosigner().toString()).isEqualTo("test.tracemark.local/witness");
    assertThat(cosignature.time()).isBeforeOrEqualTo(java.time.Instant.now());
  }

  @Test
  void aRolledBackOldSizeIsAConflictCarryingTheWitnessesSize() throws Exception {
    ledger.append(List.of(("conflict-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8)));
    ledger.publishCheckpoint();
    SignedCheckpoint checkpoint = served();
    long size = checkpoint.checkpoint().size().value();

    byte[] request =
        new AddCheckpointRequest(TreeSize.of(0), List.of(), checkpoint.note().bytes()).encode();
    given()
        .body(request)
        .post("/witness/add-checkpoint")
        .then()
        .statusCode(409)
        .contentType("text/x.tlog.size")
        .body(equalTo(size + "\n"));
  }

  @Test
  void aRemoteWitnessIsReachedOverHttp() throws Exception {
    ledger.append(List.of(("remote-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8)));
    ledger.publishCheckpoint();
    SignedCheckpoint checkpoint = served();
    HttpCheckpointWitness remote = new HttpCheckpointWitness(witnessUrl.toURI());

    CheckpointWitness.Reply reply =
        remote.addCheckpoint(
            new AddCheckpointRequest(TreeSize.of(0), List.of(), checkpoint.note().bytes())
                .encode());

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.body().strip())
        .isEqualTo(Long.toString(checkpoint.checkpoint().size().value()));
  }

  @Test
  void garbageIsABadRequest() {
    given().body("not a request").post("/witness/add-checkpoint").then().statusCode(400);
  }
}
