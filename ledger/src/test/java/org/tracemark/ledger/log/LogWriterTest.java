package org.tracemark.ledger.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.ReferenceLog;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.storage.ConflictException;
import org.tracemark.ledger.storage.FaultyLogStorage;
import org.tracemark.ledger.storage.FaultyLogStorage.CommitFault;
import org.tracemark.ledger.storage.ForwardingLogStorage;
import org.tracemark.ledger.storage.LogState;
import org.tracemark.ledger.storage.MemoryLogStorage;
import org.tracemark.ledger.storage.StorageException;
import org.tracemark.ledger.storage.StoredTile;
import org.tracemark.ledger.tile.EntryBundle;
import org.tracemark.ledger.tile.EntryTooLargeException;
import org.tracemark.ledger.tile.TileIndex;
import org.tracemark.ledger.tile.Tiling;

class LogWriterTest {

  @Test
  void rootAndTilesMatchAFromScratchComputationForRandomBatches() {
    // Batch sizes 1..600 cross tile boundaries in every way (inside one tile, ending on one,
    // spanning several); reopening between batches exercises loading the right edge.
    qt().withExamples(80)
        .forAll(
            lists().of(integers().between(1, 600)).ofSizeBetween(1, 12),
            longs().all(),
            integers().between(0, 3))
        .checkAssert(
            (batchSizes, seed, reopenEvery) -> {
              MemoryLogStorage storage = new MemoryLogStorage();
              LogWriter writer = open(storage);
              List<byte[]> all = new ArrayList<>();
              List<Hash> leaves = new ArrayList<>();
              for (int b = 0; b < batchSizes.size(); b++) {
                List<byte[]> batch = ReferenceLog.entries(seed + b, batchSizes.get(b), 40);
                Appended appended = append(writer, batch);
                assertThat(appended.first()).isEqualTo(LeafIndex.of(all.size()));
                assertThat(appended.count()).isEqualTo(batch.size());
                all.addAll(batch);
                leaves.addAll(ReferenceLog.leafHashes(batch));
                assertThat(appended.state())
                    .isEqualTo(
                        new LogState(
                            TreeSize.of(all.size()), TreeHasher.rootHashOfLeafHashes(leaves)));
                assertThat(writer.state()).isEqualTo(appended.state());
                if (reopenEvery > 0 && b % reopenEvery == 0) {
                  writer = open(storage);
                  assertThat(writer.state()).isEqualTo(appended.state());
                }
              }
              ReferenceLog.assertHolds(storage, all);
            });
  }

  @Test
  void aLogCrossing65536EntriesGrowsALevel2TileAndStaysRight() throws Exception {
    // 65,536 = 256^2: the first level-1 tile fills and its root is the first level-2 hash.
    int[] batches = {1, 254, 1, 256, 257, 1000, 30000, 33766, 1, 1, 255, 4463, 61000};
    MemoryLogStorage storage = new MemoryLogStorage();
    LogWriter writer = LogWriter.open(storage);
    List<byte[]> all = new ArrayList<>();
    List<Hash> leaves = new ArrayList<>();
    for (int i = 0; i < batches.length; i++) {
      List<byte[]> batch = ReferenceLog.entries(i, batches[i], 8);
      Appended appended = writer.append(batch);
      all.addAll(batch);
      leaves.addAll(ReferenceLog.leafHashes(batch));
      assertThat(appended.state().root())
          .as("root at size %d", all.size())
          .isEqualTo(TreeHasher.rootHashOfLeafHashes(leaves));
      if (all.size() == 65_536) {
        assertThat(storage.tile(2, 0)).map(StoredTile::width).contains(1);
        assertThat(storage.tile(1, 0)).map(StoredTile::width).contains(Tiling.WIDTH);
        assertThat(storage.tile(1, 1)).isEmpty();
        assertThat(storage.tile(0, 256)).isEmpty();
        ReferenceLog.assertHolds(storage, all);
      }
      // A fresh writer rebuilds the same edge from storage at every size.
      writer = LogWriter.open(storage);
    }
    assertThat(all.size()).isEqualTo(131_255);
    assertThat(storage.tile(2, 0)).map(StoredTile::width).contains(2);
    ReferenceLog.assertHolds(storage, all);
  }

  @Test
  void everyTileOfTheStoredTilingExistsAtTheRightWidth() throws Exception {
    MemoryLogStorage storage = new MemoryLogStorage();
    LogWriter writer = LogWriter.open(storage);
    writer.append(ReferenceLog.entries(1, 70_000, 4));
    List<String> stored =
        storage.allTiles().stream()
            .filter(tile -> !tile.isBundle())
            .map(tile -> new TileIndex(tile.level(), tile.index(), tile.width()).path())
            .toList();
    assertThat(stored)
        .containsExactlyElementsOf(Tiling.tiles(TreeSize.of(70_000)).map(TileIndex::path).toList());
  }

  @Test
  void entriesUpTo65535BytesAreStoredWhole() throws Exception {
    MemoryLogStorage storage = new MemoryLogStorage();
    LogWriter writer = LogWriter.open(storage);
    List<byte[]> batch = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[] entry = new byte[i % 3 == 0 ? EntryBundle.MAX_ENTRY_LENGTH : i];
      new SplittableRandom(i).nextBytes(entry);
      batch.add(entry);
    }
    writer.append(batch);
    ReferenceLog.assertHolds(storage, batch);
  }

  @Test
  void anOversizedEntryRefusesTheWholeBatchBeforeAnythingIsWritten() throws Exception {
    MemoryLogStorage storage = new MemoryLogStorage();
    LogWriter writer = LogWriter.open(storage);
    writer.append(ReferenceLog.entries(1, 10, 8));
    LogState before = storage.state();
    List<byte[]> batch = new ArrayList<>(ReferenceLog.entries(2, 5, 8));
    batch.add(new byte[EntryBundle.MAX_ENTRY_LENGTH + 1]);

    assertThatThrownBy(() -> writer.append(batch))
        .isInstanceOfSatisfying(
            EntryTooLargeException.class,
            e -> {
              assertThat(e.position()).isEqualTo(5);
              assertThat(e.length()).isEqualTo(65_536);
            })
        .hasMessageContaining("entry 5 of the batch is 65536 bytes");
    assertThat(storage.state()).isEqualTo(before);
    assertThat(writer.state()).isEqualTo(before);
    // The writer is still usable and continues from where it was.
    List<byte[]> all = new ArrayList<>(ReferenceLog.entries(1, 10, 8));
    List<byte[]> next = ReferenceLog.entries(3, 300, 8);
    writer.append(next);
    all.addAll(next);
    ReferenceLog.assertHolds(storage, all);
  }

  @Test
  void aNullEntryIsNamed() throws Exception {
    LogWriter writer = LogWriter.open(new MemoryLogStorage());
    List<byte[]> batch = new ArrayList<>(List.of(new byte[1], new byte[2]));
    batch.add(null);
    assertThatThrownBy(() -> writer.append(batch)).hasMessageContaining("entry 2 of the batch");
    assertThat(writer.state()).isEqualTo(LogState.EMPTY);
  }

  @Test
  void anEmptyBatchCommitsNothing() throws Exception {
    MemoryLogStorage storage = new MemoryLogStorage();
    LogWriter writer = LogWriter.open(storage);
    writer.append(ReferenceLog.entries(1, 3, 8));
    Appended appended = writer.append(List.of());
    assertThat(appended.first()).isEqualTo(LeafIndex.of(3));
    assertThat(appended.count()).isZero();
    assertThat(appended.state()).isEqualTo(storage.state());
  }

  @Test
  void aBatchThatFailedBeforeItWasAppliedIsRefusedAndTheWriterContinues() throws Exception {
    MemoryLogStorage memory = new MemoryLogStorage();
    FaultyLogStorage storage = new FaultyLogStorage(memory);
    LogWriter writer = LogWriter.open(storage);
    List<byte[]> first = ReferenceLog.entries(1, 300, 8);
    writer.append(first);
    LogState before = memory.state();

    storage.failNextCommit(CommitFault.FAIL_BEFORE);
    assertThatThrownBy(() -> writer.append(ReferenceLog.entries(2, 700, 8)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("injected");
    assertThat(memory.state()).isEqualTo(before);
    assertThat(writer.state()).isEqualTo(before);

    // The writer's edge had moved on in memory; the next batch must build on storage's edge.
    List<byte[]> second = ReferenceLog.entries(3, 100, 8);
    Appended appended = writer.append(second);
    assertThat(appended.first()).isEqualTo(LeafIndex.of(300));
    List<byte[]> all = new ArrayList<>(first);
    all.addAll(second);
    ReferenceLog.assertHolds(memory, all);
  }

  @Test
  void aBatchThatWasAppliedBeforeTheFailureIsAcknowledged() throws Exception {
    MemoryLogStorage memory = new MemoryLogStorage();
    FaultyLogStorage storage = new FaultyLogStorage(memory);
    LogWriter writer = LogWriter.open(storage);
    List<byte[]> batch = ReferenceLog.entries(1, 300, 8);

    storage.failNextCommit(CommitFault.FAIL_AFTER);
    Appended appended = writer.append(batch);

    assertThat(storage.injected(CommitFault.FAIL_AFTER)).isEqualTo(1);
    assertThat(appended.count()).isEqualTo(300);
    assertThat(appended.state()).isEqualTo(memory.state());
    List<byte[]> all = new ArrayList<>(batch);
    List<byte[]> next = ReferenceLog.entries(2, 10, 8);
    writer.append(next);
    all.addAll(next);
    ReferenceLog.assertHolds(memory, all);
  }

  @Test
  void whenTheStateCannotBeReadBackTheOutcomeIsUnknownAndTheWriterStops() throws Exception {
    MemoryLogStorage memory = new MemoryLogStorage();
    FaultyLogStorage faulty = new FaultyLogStorage(memory);
    // The commit lands, its reply is lost, and the state read that would settle it fails too.
    boolean[] failStateReads = {false};
    ForwardingLogStorage storage =
        new ForwardingLogStorage(faulty) {
          @Override
          public LogState state() throws StorageException {
            if (failStateReads[0]) {
              throw new StorageException("injected: state() failed");
            }
            return super.state();
          }
        };
    LogWriter writer = LogWriter.open(storage);
    LogState before = writer.state();
    List<byte[]> batch = ReferenceLog.entries(1, 5, 8);
    faulty.failNextCommit(CommitFault.FAIL_AFTER);
    failStateReads[0] = true;

    assertThatThrownBy(() -> writer.append(batch))
        .isInstanceOfSatisfying(
            CommitOutcomeUnknownException.class,
            e -> {
              assertThat(e.expected()).isEqualTo(before);
              assertThat(e.attempted()).isEqualTo(memory.state());
            });
    failStateReads[0] = false;
    assertThatThrownBy(() -> writer.append(batch))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("reload() first");

    assertThat(writer.reload()).isEqualTo(memory.state());
    writer.append(ReferenceLog.entries(2, 5, 8));
    List<byte[]> all = new ArrayList<>(batch);
    all.addAll(ReferenceLog.entries(2, 5, 8));
    ReferenceLog.assertHolds(memory, all);
  }

  @Test
  void aSecondWriterIsRefusedAndStaysStoppedUntilReloaded() throws Exception {
    MemoryLogStorage storage = new MemoryLogStorage();
    LogWriter deposed = LogWriter.open(storage);
    LogWriter current = LogWriter.open(storage);
    List<byte[]> mine = ReferenceLog.entries(1, 20, 8);
    current.append(mine);

    assertThatThrownBy(() -> deposed.append(ReferenceLog.entries(2, 20, 8)))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.expected()).isEqualTo(LogState.EMPTY);
              assertThat(e.actual()).isEqualTo(storage.state());
            });
    assertThatThrownBy(() -> deposed.append(ReferenceLog.entries(3, 20, 8)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another writer committed");
    ReferenceLog.assertHolds(storage, mine);

    assertThat(deposed.reload()).isEqualTo(storage.state());
    List<byte[]> after = ReferenceLog.entries(4, 20, 8);
    assertThat(deposed.append(after).first()).isEqualTo(LeafIndex.of(20));
    List<byte[]> all = new ArrayList<>(mine);
    all.addAll(after);
    ReferenceLog.assertHolds(storage, all);
  }

  @Test
  void aWriterWhoseBatchFailedNoticesAnotherWriterBeforeBuildingOnIt() throws Exception {
    MemoryLogStorage memory = new MemoryLogStorage();
    FaultyLogStorage storage = new FaultyLogStorage(memory);
    LogWriter first = LogWriter.open(storage);
    storage.failNextCommit(CommitFault.FAIL_BEFORE);
    assertThatThrownBy(() -> first.append(ReferenceLog.entries(1, 5, 8)))
        .isInstanceOf(StorageException.class);
    LogWriter.open(memory).append(ReferenceLog.entries(2, 5, 8));

    assertThatThrownBy(() -> first.append(ReferenceLog.entries(3, 5, 8)))
        .isInstanceOf(ConflictException.class);
    ReferenceLog.assertHolds(memory, ReferenceLog.entries(2, 5, 8));
  }

  @Test
  void openingOverAnInconsistentEdgeFailsWithEvidence() throws Exception {
    MemoryLogStorage memory = new MemoryLogStorage();
    LogWriter.open(memory).append(ReferenceLog.entries(1, 70_000, 4));
    for (int level = 0; level <= 2; level++) {
      long index = (70_000L >>> (8 * level)) / 256;
      int tileLevel = level;
      ForwardingLogStorage flipped =
          new ForwardingLogStorage(memory) {
            @Override
            public Optional<StoredTile> tile(int l, long i) throws StorageException {
              Optional<StoredTile> tile = super.tile(l, i);
              if (l == tileLevel && i == index) {
                tile.get().data()[5] ^= 1;
              }
              return tile;
            }
          };
      assertThatThrownBy(() -> LogWriter.open(flipped))
          .as("flipped a byte of tile %d/%d", level, index)
          .isInstanceOf(CorruptLogException.class)
          .hasMessageContaining(level == 0 ? "tile 0/" + index + " says" : "has root");
    }
    ForwardingLogStorage missing =
        new ForwardingLogStorage(memory) {
          @Override
          public Optional<StoredTile> tile(int l, long i) throws StorageException {
            return l == 1 ? Optional.empty() : super.tile(l, i);
          }
        };
    assertThatThrownBy(() -> LogWriter.open(missing))
        .isInstanceOf(CorruptLogException.class)
        .hasMessageContaining("needs tile 1/1 at width 17, storage has none");
  }

  private static LogWriter open(MemoryLogStorage storage) {
    try {
      return LogWriter.open(storage);
    } catch (StorageException e) {
      throw new AssertionError(e);
    }
  }

  private static Appended append(LogWriter writer, List<byte[]> batch) {
    try {
      return writer.append(batch);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
