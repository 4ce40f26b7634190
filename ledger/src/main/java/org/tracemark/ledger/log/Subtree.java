package org.tracemark.ledger.log;

import java.util.ArrayList;
import java.util.List;
import org.tracemark.ledger.merkle.LeafIndex;

/**
 * A perfect subtree of the log: the {@code 2^height} leaves from {@code index * 2^height}. Its hash
 * is the same in every tree that contains all of its leaves, which is what lets a reader take it
 * from tiles written for a larger tree.
 *
 * @param height 0 (a leaf) .. 62
 * @param index {@code >= 0}, small enough that the subtree ends below 2^63
 */
public record Subtree(int height, long index) {

  public Subtree {
    if (height < 0 || height > Long.SIZE - 2) {
      throw new IllegalArgumentException("subtree height must be in 0..62, got " + height);
    }
    if (index < 0 || index >= Long.MAX_VALUE >>> height) {
      throw new IllegalArgumentException(
          "subtree index must be in 0.." + ((Long.MAX_VALUE >>> height) - 1) + ", got " + index);
    }
  }

  /** The subtree that is just the leaf at {@code index}. */
  public static Subtree leaf(LeafIndex index) {
    return new Subtree(0, index.value());
  }

  /**
   * The largest aligned perfect subtrees that cover leaves {@code [start, end)}, left to right.
   * When {@code start} is a multiple of the largest power of two not above {@code end - start}, as
   * for every range RFC 9162's recursions visit, their hashes folded from the right ({@code
   * node(h1, node(h2, … hk))}) are {@code MTH(D[start:end])}.
   */
  public static List<Subtree> cover(long start, long end) {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("not a leaf range: [" + start + ", " + end + ")");
    }
    List<Subtree> cover = new ArrayList<>();
    long at = start;
    while (at < end) {
      int height = Long.SIZE - 1 - Long.numberOfLeadingZeros(end - at);
      if (at != 0) {
        height = Math.min(height, Long.numberOfTrailingZeros(at));
      }
      cover.add(new Subtree(height, at >>> height));
      at += 1L << height;
    }
    return cover;
  }

  /** The first leaf. */
  public long start() {
    return index << height;
  }

  /** One past the last leaf: the smallest tree size that contains the whole subtree. */
  public long end() {
    return (index + 1) << height;
  }
}
