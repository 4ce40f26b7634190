package org.tracemark.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.storage.ConflictException;
import org.tracemark.ledger.storage.LogState;
import org.tracemark.ledger.storage.PostgresLogStorage;
import org.tracemark.ledger.storage.StoredTile;

/**
 * The ledger's PostgreSQL storage against a real server, on the application's own migration, in a
 * throwaway schema so that parallel runs and the application's data never meet.
 */
class PostgresLogStorageIT {

  private ThrowawaySchema schema;
  private PostgresLogStorage storage;

  @BeforeEach
  void createSchema() throws Exception {
    schema = new ThrowawaySchema("ledger_it", "db/migration/V2__ledger.sql");
    storage = new PostgresLogStorage(schema.dataSource, schema.name);
  }

  @AfterEach
  void dropSchema() throws Exception {
    schema.close();
  }

  @Test
  void aNewLogIsTheEmptyTree() throws Exception {
    assertThat(storage.state()).isEqualTo(LogState.EMPTY);
    assertThat(storage.state().root()).isEqualTo(TreeHasher.EMPTY_ROOT);
    assertThat(storage.checkpoint()).isEmpty();
    assertThat(storage.tile(0, 0)).isEmpty();
  }

  @Test
  void aCommitWritesTilesAndStateTogether() throws Exception {
    LogState next = state(3, "a");
    storage.commit(LogState.EMPTY, next, List.of(tile(0, 0, 3), bundle(0, 3)));

    assertThat(storage.state()).isEqualTo(next);
    assertThat(storage.tile(0, 0)).hasValueSatisfying(t -> assertThat(t.width()).isEqualTo(3));
    assertThat(storage.tile(StoredTile.ENTRIES_LEVEL, 0))
        .hasValueSatisfying(t -> assertThat(t.data()).isEqualTo(bundle(0, 3).data()));
  }

  @Test
  void aWiderTileReplacesANarrowerOneButNeverTheOtherWayRound() throws Exception {
    LogState three = state(3, "a");
    LogState five = state(5, "b");
    storage.commit(LogState.EMPTY, three, List.of(tile(0, 0, 3)));
    storage.commit(three, five, List.of(tile(0, 0, 5)));
    storage.commit(five, state(6, "c"), List.of(tile(0, 0, 2)));

    StoredTile stored = storage.tile(0, 0).orElseThrow();
    assertThat(stored.width()).isEqualTo(5);
    assertThat(stored.data()).isEqualTo(tile(0, 0, 5).data());
  }

  @Test
  void aWriterWithAStaleViewIsRefusedAndWritesNothing() throws Exception {
    LogState mine = state(1, "a");
    storage.commit(LogState.EMPTY, mine, List.of(tile(0, 0, 1)));

    assertThatThrownBy(() -> storage.commit(LogState.EMPTY, state(2, "x"), List.of(tile(0, 7, 2))))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("expected");
    assertThat(storage.state()).isEqualTo(mine);
    assertThat(storage.tile(0, 7)).isEmpty();
  }

  @Test
  void checkpointsNeverGoBackwardsNorAheadOfTheTree() throws Exception {
    storage.commit(LogState.EMPTY, state(10, "a"), List.of());
    storage.publishCheckpoint(10, "ten".getBytes(StandardCharsets.UTF_8));
    storage.publishCheckpoint(4, "four".getBytes(StandardCharsets.UTF_8));
    storage.publishCheckpoint(11, "eleven".getBytes(StandardCharsets.UTF_8));

    assertThat(new String(storage.checkpoint().orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo("ten");
  }

  @Test
  void aLargeBatchIsOneCommit() throws Exception {
    List<StoredTile> tiles =
        java.util.stream.LongStream.range(0, 400).mapToObj(i -> tile(0, i, 256)).toList();
    storage.commit(LogState.EMPTY, state(400 * 256, "big"), tiles);
    assertThat(storage.tile(0, 399)).isPresent();
    assertThat(storage.state().size().value()).isEqualTo(400 * 256);
  }

  private static LogState state(long size, String seed) {
    return new LogState(
        TreeSize.of(size), TreeHasher.leafHash(seed.getBytes(StandardCharsets.UTF_8)));
  }

  private static StoredTile tile(int level, long index, int width) {
    byte[] data = new byte[width * Hash.LENGTH];
    for (int i = 0; i < width; i++) {
      byte[] h = TreeHasher.leafHash(new byte[] {(byte) index, (byte) i}).bytes();
      System.arraycopy(h, 0, data, i * Hash.LENGTH, Hash.LENGTH);
    }
    return new StoredTile(level, index, width, data);
  }

  private static StoredTile bundle(long index, int width) {
    byte[] data = new byte[width * 3];
    Arrays.fill(data, (byte) 7);
    return new StoredTile(StoredTile.ENTRIES_LEVEL, index, width, data);
  }
}
