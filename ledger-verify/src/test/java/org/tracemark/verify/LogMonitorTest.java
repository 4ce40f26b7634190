package org.tracemark.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tracemark.verify.Results.verified;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.tile.TileIndex;
import org.tracemark.ledger.tile.Tiling;

class LogMonitorTest {

  @TempDir Path dir;

  @Test
  void firstRunVerifiesAndSavesTheCheckpointAsServed() throws Exception {
    TestLog log = TestLog.create().grow(1000);
    try (LedgerServer server = LedgerServer.serving(log)) {
      List<String> progress = new ArrayList<>();
      MonitorResult.Verified ok =
          verified(server.monitor(dir.resolve("log.state")).check(Optional.empty(), progress::add));

      assertThat(ok.checkpoint()).isEqualTo(Checkpoint.of(TestLog.ORIGIN, log.state()));
      assertThat(ok.previous()).isEmpty();
      assertThat(ok.stateUpdated()).isTrue();
      assertThat(Files.readAllBytes(dir.resolve("log.state"))).isEqualTo(log.signedCheckpoint());
      assertThat(progress)
          .anyMatch(l -> l.startsWith("state: none yet"))
          .anyMatch(l -> l.startsWith("checkpoint: size 1000 root " + log.root().hex()))
          .anyMatch(l -> l.startsWith("root: recomputed from"))
          .anyMatch(l -> l.equals("state: saved size 1000"));
    }
  }

  @Test
  void followsAGrowingLogOverManyRunsWithTheStateFile() throws Exception {
    TestLog log = TestLog.create();
    Path state = dir.resolve("grow.state");
    try (LedgerServer server = LedgerServer.serving(log)) {
      // Sizes across tile and level boundaries, starting from the empty log.
      long[] sizes = {0, 1, 2, 255, 256, 257, 511, 513, 1000, 65_535, 65_536, 65_537, 70_000};
      Checkpoint last = null;
      for (long size : sizes) {
        log.growTo(size);
        server.publish();
        List<String> progress = new ArrayList<>();
        MonitorResult.Verified ok =
            verified(server.monitor(state).check(Optional.empty(), progress::add));

        assertThat(ok.checkpoint().size()).isEqualTo(TreeSize.of(size));
        assertThat(ok.checkpoint().root()).isEqualTo(log.root());
        assertThat(ok.previous()).isEqualTo(Optional.ofNullable(last));
        if (last != null && last.size().value() > 0) {
          String proven = "consistency: size " + last.size().value() + " -> " + size + " proven";
          assertThat(progress)
              .contains("consistency: the server's proof agrees")
              .anyMatch(l -> l.startsWith(proven));
        }
        assertThat(Files.readAllBytes(state)).isEqualTo(log.signedCheckpoint());
        last = ok.checkpoint();
      }
    }
  }

  @Test
  void anUnchangedLogVerifiesAgainWithoutRewritingTheState() throws Exception {
    TestLog log = TestLog.create().grow(300);
    Path state = dir.resolve("same.state");
    try (LedgerServer server = LedgerServer.serving(log)) {
      LogMonitor monitor = server.monitor(state);
      verified(monitor.check());
      List<String> progress = new ArrayList<>();
      MonitorResult.Verified again = verified(monitor.check(Optional.empty(), progress::add));

      assertThat(again.stateUpdated()).isFalse();
      assertThat(again.previous()).contains(again.checkpoint());
      assertThat(progress)
          .contains("consistency: same checkpoint as last run")
          .contains("state: unchanged, the log has not grown");
    }
  }

  @Test
  void fetchesOnlyTheRightEdgeTilesForTheRoot() throws Exception {
    // 70,000 = 65,536 + 4,096 + 256 + 112: one hash of level 2, 17 of level 1, 112 of level 0.
    TestLog log = TestLog.create().grow(70_000);
    try (LedgerServer server = LedgerServer.serving(log)) {
      MonitorResult.Verified ok = verified(server.monitor(dir.resolve("edge.state")).check());

      assertThat(server.tileRequests())
          .containsExactlyInAnyOrder("tile/0/273.p/112", "tile/1/001.p/17", "tile/2/000.p/1");
      assertThat(ok.requests()).isEqualTo(4);
    }
  }

  @Test
  void consistencyFromTilesReadsAtMostTwoTilesPerLevel() throws Exception {
    TestLog log = TestLog.create().grow(69_000);
    Path state = dir.resolve("proof.state");
    try (LedgerServer server = LedgerServer.serving(log)) {
      verified(server.monitor(state).check());
      log.grow(1_000);
      server.publish();
      server.clearRequests();

      verified(server.monitor(state).check());

      List<String> tiles = server.tileRequests();
      Map<Integer, Integer> perLevel = new HashMap<>();
      for (String path : tiles) {
        TileIndex tile = TileIndex.parse(path);
        perLevel.merge(tile.level(), 1, Integer::sum);
        // Always the widest version the checkpoint covers, so it is fetched once.
        long full = Tiling.fullTileCount(log.size(), tile.level());
        TileIndex widest =
            tile.index() < full
                ? TileIndex.full(tile.level(), tile.index())
                : Tiling.partialTile(log.size(), tile.level()).orElseThrow();
        assertThat(tile).isEqualTo(widest);
      }
      assertThat(tiles).doesNotHaveDuplicates().noneMatch(p -> p.startsWith("tile/entries/"));
      assertThat(perLevel.values()).allMatch(n -> n <= 2);
    }
  }

  @Test
  void theEmptyLogVerifiesAndIsAPrefixOfWhatFollows() throws Exception {
    TestLog log = TestLog.create();
    Path state = dir.resolve("empty.state");
    try (LedgerServer server = LedgerServer.serving(log)) {
      MonitorResult.Verified empty = verified(server.monitor(state).check());
      assertThat(empty.checkpoint().root()).isEqualTo(TreeHasher.EMPTY_ROOT);
      assertThat(server.tileRequests()).isEmpty();

      log.grow(3);
      server.publish();
      MonitorResult.Verified three = verified(server.monitor(state).check());
      assertThat(three.previous().orElseThrow().size()).isEqualTo(TreeSize.ZERO);
      // The server's consistency endpoint refuses from=0; it is not asked.
      assertThat(server.requests()).noneMatch(p -> p.startsWith("proof/"));
    }
  }

  @Test
  void aBaseUrlWithAPathPrefixIsFollowed() throws Exception {
    TestLog log = TestLog.create().grow(20);
    try (LedgerServer server = LedgerServer.serving(log, "/mirror/tracemark")) {
      assertThat(server.base().toString()).endsWith("/mirror/tracemark");
      verified(server.monitor(dir.resolve("prefix.state")).check());
    }
  }

  @Test
  void aRedirectOnTheSameHostIsFollowed() throws Exception {
    TestLog log = TestLog.create().grow(20);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.tamper(
          (path, honest) ->
              path.equals("checkpoint")
                  ? LedgerServer.Reply.redirect("/ledger/checkpoint-moved")
                  : path.equals("checkpoint-moved")
                      ? LedgerServer.Reply.ok(log.signedCheckpoint())
                      : honest);

      verified(server.monitor(dir.resolve("redirect.state")).check());
      assertThat(server.requests()).startsWith("checkpoint", "checkpoint-moved");
    }
  }

  @Test
  void withoutServerProofsThePlainTlogTilesEndpointsSuffice() throws Exception {
    TestLog log = TestLog.create().grow(100);
    Path state = dir.resolve("plain.state");
    try (LedgerServer server = LedgerServer.serving(log)) {
      // A plain C2SP tlog-tiles log has no proof endpoints.
      server.tamper(
          (path, honest) -> path.startsWith("proof/") ? LedgerServer.Reply.status(404) : honest);
      MonitorSettings plain = MonitorSettings.DEFAULT.withCrossCheckServerProofs(false);
      verified(server.monitor(state, plain).check());
      log.grow(50);
      server.publish();

      verified(server.monitor(state, plain).check(Optional.of(EntryCheck.at(120)), l -> {}));
      assertThat(server.requests()).noneMatch(p -> p.startsWith("proof/"));
    }
  }
}
