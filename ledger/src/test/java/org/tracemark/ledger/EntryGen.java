package org.tracemark.ledger;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.quicktheories.core.Gen;

/** QuickTheories generators for log entries (QuickTheories has no byte-array source). */
public final class EntryGen {

  private EntryGen() {}

  /** Random entries of 0..maxLength bytes; shrinks toward short entries. */
  public static Gen<byte[]> entries(int maxLength) {
    return integers()
        .between(0, maxLength)
        .zip(
            longs().all(),
            (length, seed) -> {
              byte[] entry = new byte[length];
              new SplittableRandom(seed).nextBytes(entry);
              return entry;
            })
        .describedAs(entry -> HexFormat.of().formatHex(entry));
  }

  /** Lists of minSize..maxSize random entries of 0..maxLength bytes each. */
  public static Gen<List<byte[]>> entryLists(int minSize, int maxSize, int maxLength) {
    return lists()
        .of(entries(maxLength))
        .ofSizeBetween(minSize, maxSize)
        .describedAs(
            list ->
                list.size()
                    + " entries "
                    + list.stream()
                        .map(entry -> HexFormat.of().formatHex(entry))
                        .collect(Collectors.joining(",", "[", "]")));
  }
}
