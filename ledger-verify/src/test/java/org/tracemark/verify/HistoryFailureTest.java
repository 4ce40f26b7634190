package org.tracemark.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tracemark.verify.Results.failure;
import static org.tracemark.verify.Results.verified;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.verify.LedgerServer.Reply;

/**
 * Failures that need history: the checkpoint verified last time (in the state file) against the one
 * served now. Every one leaves the state file as it was.
 */
class HistoryFailureTest {

  @TempDir Path dir;

  @Test
  void anOlderCheckpointAfterANewerOneIsARollback() throws Exception {
    TestLog log = TestLog.create().grow(10);
    byte[] older = log.signedCheckpoint();
    log.grow(10);
    Path state = dir.resolve("s");
    try (LedgerServer server = LedgerServer.serving(log)) {
      verified(server.monitor(state).check());
      byte[] saved = Files.readAllBytes(state);
      server.serveCheckpoint(older);

      Failure.Rollback rollback = failure(server.monitor(state).check(), Failure.Rollback.class);
      assertThat(rollback.lastSeen().size()).isEqualTo(TreeSize.of(20));
      assertThat(rollback.served().size()).isEqualTo(TreeSize.of(10));
      assertThat(rollback.servedNote()).isEqualTo(new String(older, StandardCharsets.UTF_8));
      assertThat(rollback.message())
          .startsWith("rollback: the log served size 10 (root ")
          .contains("after size 20 (root " + log.root().hex() + ") was seen");
      assertThat(Files.readAllBytes(state)).isEqualTo(saved);
      // Refused on the signed checkpoints alone, before any tile was fetched.
      assertThat(server.requests()).last().isEqualTo("checkpoint");
    }
  }

  @Test
  void anotherLogOfTheSameSizeIsAFork() throws Exception {
    TestLog log = TestLog.create().grow(50);
    TestLog fork = TestLog.forkOf(log, 30, "fork").grow(20);
    Path state = dir.resolve("s");
    try (LedgerServer server = LedgerServer.serving(log)) {
      verified(server.monitor(state).check());
      byte[] saved = Files.readAllBytes(state);
      server.switchTo(fork);

      Failure.Inconsistent fork50 =
          failure(server.monitor(state).check(), Failure.Inconsistent.class);
      assertThat(fork50.lastSeen().root()).isEqualTo(log.root());
      assertThat(fork50.served().root()).isEqualTo(fork.root());
      assertThat(fork50.served().size()).isEqualTo(TreeSize.of(50));
      assertThat(fork50.message())
          .contains("size 50 root " + log.root().hex())
          .endsWith(
              "two checkpoints of the same size with different roots, both signed by the log");
      assertThat(fork50.servedNote())
          .isEqualTo(new String(fork.signedCheckpoint(), StandardCharsets.UTF_8));
      assertThat(Files.readAllBytes(state)).isEqualTo(saved);
    }
  }

  @Test
  void aLargerLogThatDoesNotContainTheLastOneIsAFork() throws Exception {
    TestLog log = TestLog.create().grow(300);
    // Shares the first 290 entries, then rewrites history and grows past it.
    TestLog fork = TestLog.forkOf(log, 290, "fork").grow(700);
    Path state = dir.resolve("s");
    try (LedgerServer server = LedgerServer.serving(log)) {
      verified(server.monitor(state).check());
      byte[] saved = Files.readAllBytes(state);
      server.switchTo(fork);

      // The fork's own tiles and root agree: only the history gives it away.
      Failure.Inconsistent inconsistent =
          failure(server.monitor(state).check(), Failure.Inconsistent.class);
      assertThat(inconsistent.lastSeen().size()).isEqualTo(TreeSize.of(300));
      assertThat(inconsistent.served().size()).isEqualTo(TreeSize.of(990));
      assertThat(inconsistent.detail())
          .startsWith("the new tree's tiles do not contain the old tree")
          .contains("consistency proof from size 300 to size 990");
      assertThat(Files.readAllBytes(state)).isEqualTo(saved);
      // The server's proof endpoint was not needed to find it.
      assertThat(server.requests()).noneMatch(p -> p.startsWith("proof/"));
    }
  }

  @Test
  void aLyingConsistencyProofIsRejectedAlthoughTheTilesAreFine() throws Exception {
    TestLog log = TestLog.create().grow(300);
    Path state = dir.resolve("s");
    try (LedgerServer server = LedgerServer.serving(log)) {
      verified(server.monitor(state).check());
      byte[] saved = Files.readAllBytes(state);
      log.grow(700);
      server.publish();
      List<Hash> honest = log.proofs().consistencyProof(TreeSize.of(300), TreeSize.of(1000));
      List<Hash> lie = new ArrayList<>(honest);
      byte[] flipped = lie.get(1).bytes();
      flipped[0] ^= 0x01;
      lie.set(1, Hash.of(flipped));
      String path = "proof/consistency?from=300&to=1000";
      server.tamper(path, (p, h) -> Reply.ok(LedgerServer.proofJson("from", 300, "to", 1000, lie)));

      Failure.ServerProofRejected rejected =
          failure(server.monitor(state).check(), Failure.ServerProofRejected.class);
      assertThat(rejected.url()).isEqualTo(server.base() + "ledger/" + path);
      assertThat(rejected.what()).isEqualTo("consistency proof from 300 to 1000");
      assertThat(rejected.detail()).contains("consistency proof from size 300 to size 1000");
      assertThat(Files.readAllBytes(state)).isEqualTo(saved);
    }
  }

  @Test
  void aConsistencyProofOfTheWrongLengthIsRejectedWithBothLengths() throws Exception {
    TestLog log = TestLog.create().grow(300);
    Path state = dir.resolve("s");
    try (LedgerServer server = LedgerServer.serving(log)) {
      verified(server.monitor(state).check());
      log.grow(700);
      server.publish();
      List<Hash> honest = log.proofs().consistencyProof(TreeSize.of(300), TreeSize.of(1000));
      server.tamper(
          "proof/consistency?from=300&to=1000",
          (p, h) ->
              Reply.ok(
                  LedgerServer.proofJson(
                      "from", 300, "to", 1000, honest.subList(0, honest.size() - 1))));

      Failure.ServerProofRejected rejected =
          failure(server.monitor(state).check(), Failure.ServerProofRejected.class);
      assertThat(rejected.detail())
          .contains(String.valueOf(honest.size()))
          .contains(String.valueOf(honest.size() - 1));
    }
  }

  @Test
  void aProofAnsweringOtherSizesIsMalformed() throws Exception {
    TestLog log = TestLog.create().grow(300);
    Path state = dir.resolve("s");
    try (LedgerServer server = LedgerServer.serving(log)) {
      verified(server.monitor(state).check());
      log.grow(700);
      server.publish();
      // A valid proof, but for 299 -> 1000: verified against the roots asked for, it would fail;
      // it is refused for what it is.
      List<Hash> other = log.proofs().consistencyProof(TreeSize.of(299), TreeSize.of(1000));
      server.tamper(
          "proof/consistency?from=300&to=1000",
          (p, h) -> Reply.ok(LedgerServer.proofJson("from", 299, "to", 1000, other)));

      Failure.MalformedResponse malformed =
          failure(server.monitor(state).check(), Failure.MalformedResponse.class);
      assertThat(malformed.reason()).isEqualTo("answers for from=299, asked for from=300");
    }
  }

  @Test
  void aConsistencyAnswerThatIsNotJsonIsMalformed() throws Exception {
    TestLog log = TestLog.create().grow(10);
    Path state = dir.resolve("s");
    try (LedgerServer server = LedgerServer.serving(log)) {
      verified(server.monitor(state).check());
      log.grow(10);
      server.publish();
      server.tamper(
          "proof/consistency?from=10&to=20",
          (p, h) ->
              Reply.ok("{\"from\":10,\"to\":20,\"hashes\":[".getBytes(StandardCharsets.UTF_8)));

      Failure.MalformedResponse malformed =
          failure(server.monitor(state).check(), Failure.MalformedResponse.class);
      assertThat(malformed.reason()).startsWith("not JSON: Unexpected end-of-input");
    }
  }

  @Test
  void aConsistencyEndpointThatFailsIsTheHttpStatus() throws Exception {
    TestLog log = TestLog.create().grow(10);
    Path state = dir.resolve("s");
    try (LedgerServer server = LedgerServer.serving(log)) {
      verified(server.monitor(state).check());
      log.grow(10);
      server.publish();
      server.tamper("proof/consistency?from=10&to=20", (p, h) -> Reply.status(500));

      Failure.UnexpectedStatus status =
          failure(server.monitor(state).check(), Failure.UnexpectedStatus.class);
      assertThat(status.status()).isEqualTo(500);
      assertThat(status.url()).endsWith("/ledger/proof/consistency?from=10&to=20");
    }
  }
}
