package org.tracemark.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tracemark.verify.Results.failure;
import static org.tracemark.verify.Results.verified;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.tile.EntryBundle;
import org.tracemark.verify.LedgerServer.Reply;

/** Proving one entry included, by index, optionally against the bytes expected there. */
class EntryCheckTest {

  @TempDir Path dir;

  @Test
  void anEntryIsFetchedFromItsBundleAndProvenIncludedFromTiles() throws Exception {
    TestLog log = TestLog.create().grow(1000);
    try (LedgerServer server = LedgerServer.serving(log)) {
      List<String> progress = new ArrayList<>();
      MonitorResult.Verified ok =
          verified(
              server
                  .monitor(dir.resolve("s"))
                  .check(Optional.of(EntryCheck.at(300)), progress::add));

      IncludedEntry entry = ok.entry().orElseThrow();
      assertThat(entry.index()).isEqualTo(LeafIndex.of(300));
      assertThat(entry.leafHash()).isEqualTo(TreeHasher.leafHash(log.entry(300)));
      assertThat(entry.length()).isEqualTo(log.entry(300).length);
      assertThat(entry.matchedExpected()).isFalse();
      assertThat(server.tileRequests()).contains("tile/entries/001");
      assertThat(progress).contains("entry 300: the server's inclusion proof agrees");
    }
  }

  @Test
  void theExpectedBytesMatch() throws Exception {
    TestLog log = TestLog.create().grow(1000);
    try (LedgerServer server = LedgerServer.serving(log)) {
      MonitorResult.Verified ok =
          verified(
              server
                  .monitor(dir.resolve("s"))
                  .check(Optional.of(EntryCheck.at(999, log.entry(999))), l -> {}));
      assertThat(ok.entry().orElseThrow().matchedExpected()).isTrue();
      // The last entry is in the partial bundle at the right edge.
      assertThat(server.tileRequests()).contains("tile/entries/003.p/232");
    }
  }

  @Test
  void otherExpectedBytesAreAMismatchWithBothLeafHashes() throws Exception {
    TestLog log = TestLog.create().grow(1000);
    try (LedgerServer server = LedgerServer.serving(log)) {
      byte[] expected = "what I was told is at 17".getBytes(StandardCharsets.UTF_8);

      Failure.EntryMismatch mismatch =
          failure(
              server
                  .monitor(dir.resolve("s"))
                  .check(Optional.of(EntryCheck.at(17, expected)), l -> {}),
              Failure.EntryMismatch.class);
      assertThat(mismatch.index()).isEqualTo(LeafIndex.of(17));
      assertThat(mismatch.expectedLength()).isEqualTo(expected.length);
      assertThat(mismatch.expectedLeafHash()).isEqualTo(TreeHasher.leafHash(expected));
      assertThat(mismatch.servedLength()).isEqualTo(log.entry(17).length);
      assertThat(mismatch.servedLeaf()).isEqualTo(TreeHasher.leafHash(log.entry(17)));
      assertThat(dir.resolve("s")).doesNotExist();
    }
  }

  @Test
  void anIndexBeyondTheCheckpointIsOutOfRange() throws Exception {
    TestLog log = TestLog.create().grow(10);
    try (LedgerServer server = LedgerServer.serving(log)) {
      Failure.EntryOutOfRange out =
          failure(
              server.monitor(dir.resolve("s")).check(Optional.of(EntryCheck.at(10)), l -> {}),
              Failure.EntryOutOfRange.class);
      assertThat(out.size()).isEqualTo(TreeSize.of(10));
      assertThat(out.message())
          .isEqualTo("entry 10 is not in the log: the checkpoint covers entries 0..9");
    }
  }

  @Test
  void aBundleServingOtherBytesIsNotIncluded() throws Exception {
    TestLog log = TestLog.create().grow(1000);
    try (LedgerServer server = LedgerServer.serving(log)) {
      // A well-formed bundle in which entry 300 (position 44 of bundle 1) was swapped.
      List<byte[]> entries = new ArrayList<>(log.entries().subList(256, 512));
      byte[] swapped = "swapped".getBytes(StandardCharsets.UTF_8);
      entries.set(44, swapped);
      server.tamper("tile/entries/001", (p, honest) -> Reply.ok(EntryBundle.encode(entries)));

      Failure.EntryNotIncluded notIncluded =
          failure(
              server.monitor(dir.resolve("s")).check(Optional.of(EntryCheck.at(300)), l -> {}),
              Failure.EntryNotIncluded.class);
      assertThat(notIncluded.leafHash()).isEqualTo(TreeHasher.leafHash(swapped));
      assertThat(notIncluded.detail())
          .contains("inclusion proof for index 300 in tree size 1000")
          .contains("expected " + log.root().hex());
    }
  }

  @Test
  void aTamperedTileOffTheRightEdgeIsCaughtByTheInclusionProof() throws Exception {
    // Tile 0/000 is not on the right edge of a 1,000-entry tree: the root never reads it, but a
    // proof for an entry in it does.
    TestLog log = TestLog.create().grow(1000);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.tamper(
          "tile/0/000",
          (p, honest) -> {
            byte[] tile = honest.body().clone();
            tile[5 * 32] ^= 0x01;
            return honest.withBody(tile);
          });

      Failure.EntryNotIncluded notIncluded =
          failure(
              server.monitor(dir.resolve("s")).check(Optional.of(EntryCheck.at(4)), l -> {}),
              Failure.EntryNotIncluded.class);
      assertThat(notIncluded.index()).isEqualTo(LeafIndex.of(4));
      assertThat(notIncluded.leafHash()).isEqualTo(TreeHasher.leafHash(log.entry(4)));
    }
  }

  @Test
  void aTruncatedBundleIsMalformed() throws Exception {
    TestLog log = TestLog.create().grow(20);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.tamper(
          "tile/entries/000.p/20",
          (p, honest) -> honest.withBody(Arrays.copyOf(honest.body(), honest.body().length - 3)));

      Failure.MalformedResponse malformed =
          failure(
              server.monitor(dir.resolve("s")).check(Optional.of(EntryCheck.at(2)), l -> {}),
              Failure.MalformedResponse.class);
      assertThat(malformed.url()).endsWith("/ledger/tile/entries/000.p/20");
      assertThat(malformed.reason()).startsWith("entry bundle tile/entries/000.p/20: ");
    }
  }

  @Test
  void aBundleOverTheLargestPossibleIsRefused() throws Exception {
    TestLog log = TestLog.create().grow(20);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.tamper(
          "tile/entries/000.p/20", (p, honest) -> Reply.ok(new byte[256 * 65_537 + 1]).asChunked());

      Failure.ResponseTooLarge tooLarge =
          failure(
              server.monitor(dir.resolve("s")).check(Optional.of(EntryCheck.at(2)), l -> {}),
              Failure.ResponseTooLarge.class);
      assertThat(tooLarge.limit()).isEqualTo(256L * 65_537);
    }
  }

  @Test
  void aLyingInclusionProofFromTheServerIsRejected() throws Exception {
    TestLog log = TestLog.create().grow(1000);
    try (LedgerServer server = LedgerServer.serving(log)) {
      List<Hash> proof =
          new ArrayList<>(log.proofs().inclusionProof(LeafIndex.of(300), log.size()));
      proof.set(0, proof.get(1));
      server.tamper(
          "proof/inclusion?index=300&size=1000",
          (p, honest) -> Reply.ok(LedgerServer.proofJson("index", 300, "size", 1000, proof)));

      Failure.ServerProofRejected rejected =
          failure(
              server.monitor(dir.resolve("s")).check(Optional.of(EntryCheck.at(300)), l -> {}),
              Failure.ServerProofRejected.class);
      assertThat(rejected.what()).isEqualTo("inclusion proof of entry 300 in size 1000");
    }
  }

  @Test
  void expectedBytesLongerThanAnyEntryAreRefusedUpFront() {
    assertThatThrownBy(() -> EntryCheck.at(0, new byte[65_536]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65536");
  }
}
