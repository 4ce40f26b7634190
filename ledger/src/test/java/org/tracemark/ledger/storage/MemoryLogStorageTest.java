package org.tracemark.ledger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.ReferenceLog;
import org.tracemark.ledger.log.LogReader;
import org.tracemark.ledger.log.LogWriter;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.tile.EntryBundle;

class MemoryLogStorageTest {

  private static final Hash ROOT_A = TreeHasher.leafHash(new byte[] {1});
  private static final Hash ROOT_B = TreeHasher.leafHash(new byte[] {2});

  @Test
  void aNewStorageIsAnEmptyLog() {
    MemoryLogStorage storage = new MemoryLogStorage();
    assertThat(storage.state()).isEqualTo(LogState.EMPTY);
    assertThat(storage.tile(0, 0)).isEmpty();
    assertThat(storage.checkpoint()).isEmpty();
    assertThat(storage.allTiles()).isEmpty();
  }

  @Test
  void aStaleExpectedStateIsAConflictAndWritesNothing() throws Exception {
    MemoryLogStorage storage = new MemoryLogStorage();
    LogState one = state(1, ROOT_A);
    storage.commit(LogState.EMPTY, one, List.of(hashTile(0, 0, 1, 0)));

    LogState other = state(2, ROOT_B);
    assertThatThrownBy(() -> storage.commit(LogState.EMPTY, other, List.of(hashTile(0, 0, 2, 0))))
        .isInstanceOfSatisfying(
            ConflictException.class,
            e -> {
              assertThat(e.expected()).isEqualTo(LogState.EMPTY);
              assertThat(e.actual()).isEqualTo(one);
            });
    assertThat(storage.state()).isEqualTo(one);
    assertThat(storage.tile(0, 0)).map(StoredTile::width).contains(1);
  }

  @Test
  void aCommitWithOneBadTileWritesNoneOfItsTiles() throws Exception {
    MemoryLogStorage storage = new MemoryLogStorage();
    LogState three = state(3, ROOT_A);
    storage.commit(LogState.EMPTY, three, List.of(hashTile(0, 0, 3, 0), bundle(0, 3)));
    LogState five = state(5, ROOT_B);
    StoredTile good = hashTile(0, 0, 5, 0);

    List<List<StoredTile>> bad =
        List.of(
            List.of(good, hashTile(0, 0, 2, 0)), // twice in one commit
            List.of(bundle(0, 5), hashTile(0, 0, 2, 0)), // narrower than stored
            List.of(bundle(0, 5), hashTile(0, 0, 5, 9)), // rewrites stored hashes
            List.of(bundle(0, 5), new StoredTile(0, 0, 5, new byte[5 * Hash.LENGTH - 1])), // short
            List.of(good, hashTile(0, 1, 1, 0)), // beyond size 5
            List.of(good, hashTile(1, 0, 1, 0)), // level 1 needs 256 leaves
            List.of(good, new StoredTile(StoredTile.ENTRIES_LEVEL, 0, 5, new byte[] {0, 9, 1})));
    for (List<StoredTile> tiles : bad) {
      assertThatThrownBy(() -> storage.commit(three, five, tiles))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("commit refused: ");
      assertThat(storage.state()).isEqualTo(three);
      assertThat(storage.allTiles()).hasSize(2);
      assertThat(storage.tile(0, 0).orElseThrow().width()).isEqualTo(3);
    }
    assertThatThrownBy(() -> storage.commit(three, five, List.of(hashTile(0, 0, 5, 9))))
        .hasMessageContaining("tile 0/0 (width 5) changes bytes of the stored version of width 3");
    assertThatThrownBy(() -> storage.commit(three, state(2, ROOT_B), List.of()))
        .hasMessageContaining("would shrink or rewrite the log");
    assertThatThrownBy(() -> storage.commit(three, state(3, ROOT_B), List.of()))
        .hasMessageContaining("would shrink or rewrite the log");

    storage.commit(three, five, List.of(good, bundle(0, 5)));
    assertThat(storage.tile(0, 0).orElseThrow().width()).isEqualTo(5);
  }

  @Test
  void storedBytesCannotBeChangedThroughArraysTheCallerHolds() throws Exception {
    MemoryLogStorage storage = new MemoryLogStorage();
    StoredTile tile = hashTile(0, 0, 1, 0);
    storage.commit(LogState.EMPTY, state(1, ROOT_A), List.of(tile));
    tile.data()[0] ^= 1;
    storage.tile(0, 0).orElseThrow().data()[1] ^= 1;
    assertThat(storage.tile(0, 0).orElseThrow().data()).isEqualTo(hashTile(0, 0, 1, 0).data());

    byte[] note = "note".getBytes(StandardCharsets.UTF_8);
    storage.publishCheckpoint(1, note);
    note[0] = 'X';
    storage.checkpoint().orElseThrow()[1] = 'X';
    assertThat(storage.checkpoint()).contains("note".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theCheckpointNeverGoesBackwards() throws Exception {
    MemoryLogStorage storage = new MemoryLogStorage();
    LogWriter.open(storage).append(ReferenceLog.entries(1, 20, 4));
    storage.publishCheckpoint(10, note("ten"));
    storage.publishCheckpoint(5, note("five"));
    assertThat(storage.checkpoint()).contains(note("ten"));
    storage.publishCheckpoint(10, note("ten, cosigned"));
    assertThat(storage.checkpoint()).contains(note("ten, cosigned"));
    storage.publishCheckpoint(20, note("twenty"));
    assertThat(storage.checkpoint()).contains(note("twenty"));
    assertThatThrownBy(() -> storage.publishCheckpoint(21, note("ahead")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checkpoint for size 21 but the committed size is 20");
    assertThat(storage.checkpoint()).contains(note("twenty"));
  }

  @Test
  void readersRunningBesideTheWriterAlwaysSeeTilesForTheStateTheyRead() throws Exception {
    // A reader takes the state, then the tiles: since a commit is applied whole under the write
    // lock, the tiles are always there, at least as wide, and fold to the state's root.
    MemoryLogStorage storage = new MemoryLogStorage();
    LogWriter writer = LogWriter.open(storage);
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> checks = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        checks.add(
            readers.submit(
                () -> {
                  LogReader reader = new LogReader(storage);
                  int checked = 0;
                  while (!done.get() || checked == 0) {
                    LogState state = storage.state();
                    assertThat(reader.rootHash(state.size())).isEqualTo(state.root());
                    checked++;
                  }
                  return checked;
                }));
      }
      for (int batch = 0; batch < 300; batch++) {
        writer.append(ReferenceLog.entries(batch, 1 + batch % 97, 8));
      }
      done.set(true);
      for (Future<Integer> check : checks) {
        assertThat(check.get(60, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      readers.shutdownNow();
    }
  }

  private static LogState state(long size, Hash root) {
    return new LogState(TreeSize.of(size), root);
  }

  // A hash tile whose i-th hash is the leaf hash of {seed + i}.
  private static StoredTile hashTile(int level, long index, int width, int seed) {
    byte[] data = new byte[width * Hash.LENGTH];
    for (int i = 0; i < width; i++) {
      byte[] hash = TreeHasher.leafHash(new byte[] {(byte) (seed + i)}).bytes();
      System.arraycopy(hash, 0, data, i * Hash.LENGTH, Hash.LENGTH);
    }
    return new StoredTile(level, index, width, data);
  }

  private static StoredTile bundle(long index, int width) {
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      entries.add(new byte[] {(byte) i});
    }
    return new StoredTile(StoredTile.ENTRIES_LEVEL, index, width, EntryBundle.encode(entries));
  }

  private static byte[] note(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
