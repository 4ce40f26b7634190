package org.tracemark.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.storage.LogState;
import org.tracemark.ledger.storage.MemoryLogStorage;
import org.tracemark.ledger.storage.StoredTile;
import org.tracemark.ledger.tile.EntryBundle;
import org.tracemark.ledger.tile.Tiling;

/**
 * What storage must hold for a log of given entries, computed from scratch with {@link TreeHasher}
 * and {@link EntryBundle} only (no code of the writer or the reader): level-0 tiles are the leaf
 * hashes, each level above holds {@code MTH} of every full group of 256 hashes below.
 */
public final class ReferenceLog {

  private ReferenceLog() {}

  /** {@code count} entries of 0..maxLength random bytes, the same for the same seed. */
  public static List<byte[]> entries(long seed, int count, int maxLength) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] entry = new byte[random.nextInt(maxLength + 1)];
      random.nextBytes(entry);
      entries.add(entry);
    }
    return entries;
  }

  public static List<Hash> leafHashes(List<byte[]> entries) {
    return entries.stream().map(TreeHasher::leafHash).toList();
  }

  /** The hashes at tile level {@code level} (tree height 8 * level). */
  public static List<Hash> hashesAtLevel(List<Hash> leafHashes, int level) {
    List<Hash> hashes = leafHashes;
    for (int l = 0; l < level; l++) {
      List<Hash> above = new ArrayList<>();
      for (int i = 0; i + Tiling.WIDTH <= hashes.size(); i += Tiling.WIDTH) {
        above.add(TreeHasher.rootHashOfLeafHashes(hashes.subList(i, i + Tiling.WIDTH)));
      }
      hashes = above;
    }
    return hashes;
  }

  /** Every tile and bundle of the log, ordered as {@link MemoryLogStorage#allTiles()} orders. */
  public static List<StoredTile> tiles(List<byte[]> entries) {
    List<StoredTile> tiles = new ArrayList<>();
    for (int i = 0; i < entries.size(); i += Tiling.WIDTH) {
      List<byte[]> chunk = entries.subList(i, Math.min(entries.size(), i + Tiling.WIDTH));
      tiles.add(
          new StoredTile(
              StoredTile.ENTRIES_LEVEL, i / Tiling.WIDTH, chunk.size(), EntryBundle.encode(chunk)));
    }
    List<Hash> hashes = leafHashes(entries);
    for (int level = 0; !hashes.isEmpty(); level++) {
      for (int i = 0; i < hashes.size(); i += Tiling.WIDTH) {
        List<Hash> chunk = hashes.subList(i, Math.min(hashes.size(), i + Tiling.WIDTH));
        byte[] data = new byte[chunk.size() * Hash.LENGTH];
        for (int j = 0; j < chunk.size(); j++) {
          System.arraycopy(chunk.get(j).bytes(), 0, data, j * Hash.LENGTH, Hash.LENGTH);
        }
        tiles.add(new StoredTile(level, i / Tiling.WIDTH, chunk.size(), data));
      }
      hashes = hashesAtLevel(hashes, 1);
    }
    tiles.sort(Comparator.comparingInt(StoredTile::level).thenComparingLong(StoredTile::index));
    return tiles;
  }

  /**
   * Asserts that {@code storage} holds exactly the log of {@code entries}: its state, and every
   * tile and bundle byte for byte, with nothing more.
   */
  public static void assertHolds(MemoryLogStorage storage, List<byte[]> entries) {
    assertThat(storage.state())
        .isEqualTo(new LogState(TreeSize.of(entries.size()), TreeHasher.rootHash(entries)));
    assertSameTiles(storage.allTiles(), tiles(entries));
  }

  public static void assertSameTiles(List<StoredTile> actual, List<StoredTile> expected) {
    assertThat(actual.stream().map(ReferenceLog::name).toList())
        .containsExactlyElementsOf(expected.stream().map(ReferenceLog::name).toList());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(HexFormat.of().formatHex(actual.get(i).data()))
          .as("bytes of %s", name(expected.get(i)))
          .isEqualTo(HexFormat.of().formatHex(expected.get(i).data()));
    }
  }

  /** {@code tile/L/N.p/W} or {@code entries/N.p/W}, for messages and comparisons. */
  public static String name(StoredTile tile) {
    return (tile.isBundle() ? "entries" : Integer.toString(tile.level()))
        + "/"
        + tile.index()
        + ".p/"
        + tile.width();
  }
}
