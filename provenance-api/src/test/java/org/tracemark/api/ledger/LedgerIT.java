package org.tracemark.api.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.ledger.checkpoint.CheckpointVerifier;
import org.tracemark.ledger.checkpoint.SignedCheckpoint;
import org.tracemark.ledger.log.Appended;
import org.tracemark.ledger.log.LogReader;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.note.VerifierKey;
import org.tracemark.ledger.proof.ProofVerifier;
import org.tracemark.ledger.tile.BundleIndex;
import org.tracemark.ledger.tile.EntryBundle;
import org.tracemark.verify.EntryCheck;
import org.tracemark.verify.LogMonitor;
import org.tracemark.verify.MonitorResult;
import org.tracemark.verify.MonitoredLog;

/**
 * The ledger endpoints of DESIGN §3 on a real PostgreSQL. The log in the test schema outlives a
 * run, so every assertion is relative to the size this test finds.
 */
@QuarkusTest
class LedgerIT {

  @Inject Ledger ledger;
  @Inject DataSource dataSource;

  @org.eclipse.microprofile.config.inject.ConfigProperty(name = "tracemark.db.schema")
  String schema;

  @TestHTTPResource("/")
  URL base;

  private SignedCheckpoint checkpoint() throws Exception {
    String vkey = given().get("/ledger/vkey").then().statusCode(200).extract().asString().strip();
    byte[] note =
        given()
            .get("/ledger/checkpoint")
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-cache")
            .extract()
            .asByteArray();
    return CheckpointVerifier.of(ledger.origin(), VerifierKey.parse(vkey)).verify(note);
  }

  private Appended appendEntries(int count, String tag) throws Exception {
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      entries.add((tag + "-" + i).getBytes(StandardCharsets.UTF_8));
    }
    return ledger.append(entries);
  }

  @Test
  void appendedEntriesAreCoveredByASignedCheckpointWithinASecond() throws Exception {
    Appended appended = appendEntries(300, "checkpoint-" + System.nanoTime());
    long size = appended.state().size().value();

    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(checkpoint().checkpoint().size().value()).isEqualTo(size));
    assertThat(checkpoint().checkpoint().root()).isEqualTo(appended.state().root());
    assertThat(checkpoint().checkpoint().origin()).isEqualTo("test.tracemark.local/ledger");
  }

  @Test
  void servedProofsVerifyAgainstTheCheckpointAndTheServedEntries() throws Exception {
    Appended appended = appendEntries(70, "proof-" + System.nanoTime());
    ledger.publishCheckpoint();
    SignedCheckpoint signed = checkpoint();
    long size = signed.checkpoint().size().value();
    long index = appended.first().value() + 5;

    List<Hash> proof =
        given()
            .queryParam("index", index)
            .queryParam("size", size)
            .get("/ledger/proof/inclusion")
            .then()
            .statusCode(200)
            .body("size", equalTo((int) size))
            .extract()
            .jsonPath()
            .getList("hashes", String.class)
            .stream()
            .map(Hash::fromBase64)
            .toList();
    ProofVerifier.verifyInclusion(
        TreeHasher.leafHash(entryBytes(index, size)),
        index,
        size,
        proof,
        signed.checkpoint().root());

    long from = appended.first().value();
    if (from >= 1) {
      List<Hash> consistency =
          given()
              .queryParam("from", from)
              .queryParam("to", size)
              .get("/ledger/proof/consistency")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getList("hashes", String.class)
              .stream()
              .map(Hash::fromBase64)
              .toList();
      Hash oldRoot = rootAt(from);
      ProofVerifier.verifyConsistency(from, size, consistency, oldRoot, signed.checkpoint().root());
    }
  }

  @Test
  void fullTilesAreImmutableAndPartialOnesAreCutToTheirWidth() throws Exception {
    appendEntries(260, "tiles-" + System.nanoTime());
    ledger.publishCheckpoint();
    given()
        .get("/ledger/tile/0/000")
        .then()
        .statusCode(200)
        .header("Cache-Control", "public, max-age=31536000, immutable")
        .header("Content-Type", "application/octet-stream");
    byte[] full = given().get("/ledger/tile/0/000").then().extract().asByteArray();
    byte[] partial =
        given().get("/ledger/tile/0/000.p/7").then().statusCode(200).extract().asByteArray();
    assertThat(full).hasSize(256 * 32);
    assertThat(partial).hasSize(7 * 32);
    assertThat(full).startsWith(partial);
  }

  @Test
  void badTileRequestsAreProblems() {
    given()
        .get("/ledger/tile/0/x999/x999/999")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .get("/ledger/tile/0/0001")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://tracemark.org/problems/invalid-request"));
    given()
        .queryParam("index", 0)
        .queryParam("size", Long.MAX_VALUE)
        .get("/ledger/proof/inclusion")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given().get("/ledger/proof/consistency").then().statusCode(400);
  }

  @Test
  void anIndependentImplementationVerifiesTheServedLog() throws Exception {
    Appended appended = appendEntries(600, "interop-" + System.nanoTime());
    ledger.publishCheckpoint();
    long old = Math.max(1, appended.first().value());
    GoInterop.Result result = GoInterop.run(base.toString(), old);
    assertThat(result.output()).startsWith("OK origin=test.tracemark.local/ledger");
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void tracemarkVerifyFollowsTheServedLogAcrossGrowth(@TempDir Path dir) throws Exception {
    appendEntries(20, "verify-a-" + System.nanoTime());
    ledger.publishCheckpoint();
    VerifierKey key = VerifierKey.parse(ledger.verifierKey());
    LogMonitor monitor =
        LogMonitor.create(MonitoredLog.of(base.toURI(), key), dir.resolve("monitor.state"));
    assertThat(monitor.check()).isInstanceOf(MonitorResult.Verified.class);

    Appended grown = appendEntries(300, "verify-b-" + System.nanoTime());
    ledger.publishCheckpoint();
    MonitorResult second =
        monitor.check(Optional.of(EntryCheck.at(grown.first().value())), s -> {});
    assertThat(second).isInstanceOf(MonitorResult.Verified.class);
  }

  @Test
  void theIndependentVerifierNoticesATamperedTile() throws Exception {
    Appended appended = appendEntries(10, "tamper-" + System.nanoTime());
    if (appended.state().size().value() % 256 == 0) {
      // Keep the tampered tile partial: full tiles are immutable and served from the ledger's
      // memory once read, so a change behind its back shows only after a restart.
      appended = appendEntries(1, "tamper-" + System.nanoTime());
    }
    ledger.publishCheckpoint();
    long last = appended.state().size().value() - 1;
    long tileIndex = last / 256;
    int offset = (int) (last % 256) * 32;
    byte[] original;
    try (Connection c = dataSource.getConnection();
        PreparedStatement read =
            c.prepareStatement(
                "SELECT data FROM " + schema + ".ledger_tile WHERE level = 0 AND idx = ?")) {
      read.setLong(1, tileIndex);
      try (ResultSet rs = read.executeQuery()) {
        rs.next();
        original = rs.getBytes(1);
      }
    }
    byte[] tampered = original.clone();
    tampered[offset] ^= 1;
    try {
      writeTile(tileIndex, tampered);
      GoInterop.Result result = GoInterop.run(base.toString(), 1);
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.output()).startsWith("FAIL");
    } finally {
      writeTile(tileIndex, original);
    }
  }

  private void writeTile(long index, byte[] data) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement write =
            c.prepareStatement(
                "UPDATE " + schema + ".ledger_tile SET data = ? WHERE level = 0 AND idx = ?")) {
      write.setBytes(1, data);
      write.setLong(2, index);
      assertThat(write.executeUpdate()).isEqualTo(1);
    }
  }

  private byte[] entryBytes(long index, long size) {
    long bundle = index / 256;
    long width = Math.min(256, size - bundle * 256);
    String path =
        (width == 256 ? BundleIndex.full(bundle) : BundleIndex.partial(bundle, (int) width)).path();
    byte[] data = given().get("/ledger/" + path).then().statusCode(200).extract().asByteArray();
    try {
      return EntryBundle.decode(data).get((int) (index % 256));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Hash rootAt(long size) throws Exception {
    return new LogReader(ledger.storage()).rootHash(TreeSize.of(size));
  }
}
