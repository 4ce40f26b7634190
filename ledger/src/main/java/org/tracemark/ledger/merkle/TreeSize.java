package org.tracemark.ledger.merkle;

/**
 * The number of entries in a log, as in a checkpoint's second line.
 *
 * <p>RFC 9162 sizes are uint64; this type holds them in a {@code long}, so sizes of 2^63 and above
 * are rejected rather than wrapped to negative numbers.
 */
public record TreeSize(long value) implements Comparable<TreeSize> {

  public static final TreeSize ZERO = new TreeSize(0);

  public TreeSize {
    if (value < 0) {
      throw new IllegalArgumentException("tree size must be >= 0, got " + value);
    }
  }

  public static TreeSize of(long value) {
    return new TreeSize(value);
  }

  /** Whether {@code index} names an entry of a tree of this size. */
  public boolean contains(LeafIndex index) {
    return index.value() < value;
  }

  @Override
  public int compareTo(TreeSize other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
