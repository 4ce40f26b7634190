package org.tracemark.ledger.tile;

/**
 * Bytes that are not a well-formed entry bundle.
 *
 * <p>Checked, because bundles arrive from storage or from another log over the network, and a
 * caller must decide what a bad one means (corrupt storage, a misbehaving log) rather than let it
 * escape as a generic runtime failure.
 */
public final class MalformedBundleException extends Exception {

  /** What is wrong with the bundle. */
  public enum Problem {
    /** Zero bytes: tlog-tiles never serves an empty bundle. */
    EMPTY,
    /** The bundle ends one byte into a two-byte length prefix. */
    TRUNCATED_LENGTH,
    /** A length prefix promises more bytes than the bundle has left. */
    TRUNCATED_ENTRY,
    /** More than 256 entries. */
    TOO_MANY_ENTRIES,
    /** Well formed, but not the number of entries the caller expected. */
    WRONG_COUNT
  }

  private final Problem problem;
  private final int entry;
  private final int offset;

  MalformedBundleException(Problem problem, int entry, int offset, String detail) {
    super(problem + " at entry " + entry + ", byte offset " + offset + ": " + detail);
    this.problem = problem;
    this.entry = entry;
    this.offset = offset;
  }

  public Problem problem() {
    return problem;
  }

  /** Zero-based number of the entry being read when the problem was found. */
  public int entry() {
    return entry;
  }

  /** Byte offset in the bundle where that entry (its length prefix) starts. */
  public int offset() {
    return offset;
  }
}
