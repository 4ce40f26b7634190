package org.tracemark.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tracemark.verify.Results.failure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.verify.LedgerServer.Reply;

/** Failures found in the hash tiles the root is recomputed from. */
class TileFailureTest {

  @TempDir Path dir;

  @Test
  void aTruncatedTileIsMalformedAndNamesItsLength() throws Exception {
    TestLog log = TestLog.create().grow(20);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.tamper(
          "tile/0/000.p/20",
          (p, honest) -> honest.withBody(Arrays.copyOf(honest.body(), honest.body().length - 1)));

      Failure.MalformedResponse malformed =
          failure(server.monitor(dir.resolve("s")).check(), Failure.MalformedResponse.class);
      assertThat(malformed.url()).isEqualTo(server.base() + "ledger/tile/0/000.p/20");
      assertThat(malformed.reason())
          .isEqualTo("hash tile tile/0/000.p/20 is 20 hashes wide, so 640 bytes, got 639 bytes");
    }
  }

  @Test
  void aFlippedByteInALeafTileIsARootMismatchWithBothRoots() throws Exception {
    TestLog log = TestLog.create().grow(20);
    try (LedgerServer server = LedgerServer.serving(log)) {
      int leaf = 7;
      server.tamper(
          "tile/0/000.p/20",
          (p, honest) -> {
            byte[] tile = honest.body().clone();
            tile[leaf * 32 + 31] ^= 0x01;
            return honest.withBody(tile);
          });

      Failure.RootMismatch mismatch =
          failure(server.monitor(dir.resolve("s")).check(), Failure.RootMismatch.class);
      // What the tampered tile hashes to, computed independently of the monitor.
      List<Hash> leaves = new ArrayList<>();
      for (byte[] entry : log.entries()) {
        leaves.add(TreeHasher.leafHash(entry));
      }
      byte[] flipped = leaves.get(leaf).bytes();
      flipped[31] ^= 0x01;
      leaves.set(leaf, Hash.of(flipped));
      assertThat(mismatch.size()).isEqualTo(TreeSize.of(20));
      assertThat(mismatch.expected()).isEqualTo(log.root());
      assertThat(mismatch.computed()).isEqualTo(TreeHasher.rootHashOfLeafHashes(leaves));
      assertThat(mismatch.message())
          .isEqualTo(
              "root mismatch at size 20: the checkpoint signs "
                  + log.root().hex()
                  + ", the 1 tiles fetched hash to "
                  + mismatch.computed().hex());
    }
  }

  @Test
  void aFlippedByteInAnUpperLevelTileIsARootMismatch() throws Exception {
    TestLog log = TestLog.create().grow(1000);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.tamper(
          "tile/1/000.p/3",
          (p, honest) -> {
            byte[] tile = honest.body().clone();
            tile[40] ^= (byte) 0x80;
            return honest.withBody(tile);
          });

      Failure.RootMismatch mismatch =
          failure(server.monitor(dir.resolve("s")).check(), Failure.RootMismatch.class);
      assertThat(mismatch.expected()).isEqualTo(log.root());
      assertThat(mismatch.computed()).isNotEqualTo(log.root());
      assertThat(mismatch.tilesUsed()).isEqualTo(2);
    }
  }

  @Test
  void aSignedRootTheTilesDoNotSupportIsARootMismatch() throws Exception {
    // The log signs a root of its own invention: the signature is fine, the tiles say otherwise.
    TestLog log = TestLog.create().grow(300);
    try (LedgerServer server = LedgerServer.serving(log)) {
      Hash invented = TreeHasher.leafHash("not the root".getBytes());
      server.serveCheckpoint(
          TestLog.sign(Checkpoint.of(TestLog.ORIGIN, log.size(), invented), TestLog.KEY));

      Failure.RootMismatch mismatch =
          failure(server.monitor(dir.resolve("s")).check(), Failure.RootMismatch.class);
      assertThat(mismatch.expected()).isEqualTo(invented);
      assertThat(mismatch.computed()).isEqualTo(log.root());
    }
  }

  @Test
  void aTileNotServedIsMissingWithItsPathAndStatus() throws Exception {
    TestLog log = TestLog.create().grow(1000);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.tamper("tile/0/003.p/232", (p, honest) -> Reply.status(404));

      Failure.MissingTile missing =
          failure(server.monitor(dir.resolve("s")).check(), Failure.MissingTile.class);
      assertThat(missing.tilePath()).isEqualTo("tile/0/003.p/232");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.message())
          .isEqualTo(
              "missing tile tile/0/003.p/232: GET "
                  + server.base()
                  + "ledger/tile/0/003.p/232 answered HTTP 404, but the checkpoint covers it");
    }
  }

  @Test
  void aServerErrorOnATileIsReportedWithItsStatus() throws Exception {
    TestLog log = TestLog.create().grow(1000);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.tamper("tile/1/000.p/3", (p, honest) -> Reply.status(503));

      Failure.MissingTile missing =
          failure(server.monitor(dir.resolve("s")).check(), Failure.MissingTile.class);
      assertThat(missing.tilePath()).isEqualTo("tile/1/000.p/3");
      assertThat(missing.status()).isEqualTo(503);
    }
  }

  @Test
  void aLogThatServesTilesOnlyForAnOlderSizeIsMissingTheNewOnes() throws Exception {
    // Signed a checkpoint ahead of what it stored: the tiles for that size do not exist.
    TestLog log = TestLog.create().grow(100);
    TestLog ahead = TestLog.create().grow(300);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.serveCheckpoint(ahead.signedCheckpoint());

      Failure.MissingTile missing =
          failure(server.monitor(dir.resolve("s")).check(), Failure.MissingTile.class);
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.tilePath()).isIn("tile/1/000.p/1", "tile/0/001.p/44");
    }
  }

  @Test
  void aTileOverEightKibibytesIsRefused() throws Exception {
    TestLog log = TestLog.create().grow(20);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.tamper("tile/0/000.p/20", (p, honest) -> Reply.ok(new byte[8 * 1024 + 1]).asChunked());

      Failure.ResponseTooLarge tooLarge =
          failure(server.monitor(dir.resolve("s")).check(), Failure.ResponseTooLarge.class);
      assertThat(tooLarge.url()).isEqualTo(server.base() + "ledger/tile/0/000.p/20");
      assertThat(tooLarge.limit()).isEqualTo(8192);
    }
  }
}
