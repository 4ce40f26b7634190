package org.tracemark.ledger.merkle;

/**
 * The zero-based position of an entry in the log.
 *
 * <p>Kept apart from {@link TreeSize} although both are non-negative longs: mixing them up (an
 * index where a size belongs) is the classic off-by-one in proof code, and distinct types let the
 * compiler catch it.
 */
public record LeafIndex(long value) implements Comparable<LeafIndex> {

  public LeafIndex {
    if (value < 0) {
      throw new IllegalArgumentException("leaf index must be >= 0, got " + value);
    }
  }

  public static LeafIndex of(long value) {
    return new LeafIndex(value);
  }

  @Override
  public int compareTo(LeafIndex other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
