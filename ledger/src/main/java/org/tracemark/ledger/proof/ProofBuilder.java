package org.tracemark.ledger.proof;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tracemark.ledger.log.LogReader;
import org.tracemark.ledger.log.Subtree;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.storage.LogStorage;
import org.tracemark.ledger.storage.StorageException;

/**
 * Builds RFC 9162 inclusion proofs (§2.1.3.1) and consistency proofs (§2.1.4.1) from the tiles in
 * storage, for any tree size up to the committed one.
 *
 * <p>Each proof runs the RFC's recursion over leaf ranges only, which costs nothing; every range it
 * names is then a handful of perfect subtrees ({@link Subtree#cover}), whose hashes one {@link
 * LogReader#subtreeHashes} call fetches, reading each tile once. A proof touches at most a few
 * tiles per tile level: O(log n) tiles and O(log n) hashes out, with at most 255 hash computations
 * per tile read. {@link #reader()}{@code .tilesRead()} counts them.
 *
 * <p>Thread-safe; holds no state besides the reader.
 */
public final class ProofBuilder {

  private record Range(long start, long end) {}

  private final LogReader reader;

  public ProofBuilder(LogReader reader) {
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  public ProofBuilder(LogStorage storage) {
    this(new LogReader(storage));
  }

  /** The reader proofs are built through, and its count of tiles read. */
  public LogReader reader() {
    return reader;
  }

  /**
   * {@code PATH(index, D[size])}: the hashes that lead from the leaf at {@code index} to the root
   * of the tree of {@code size} entries, lowest first.
   *
   * @throws IllegalArgumentException {@code index} is not below {@code size}
   * @throws org.tracemark.ledger.log.MissingTileException {@code size} is beyond the stored tiles
   */
  public List<Hash> inclusionProof(LeafIndex index, TreeSize size) throws StorageException {
    if (!size.contains(index)) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is not in a tree of size " + size);
    }
    List<Range> ranges = new ArrayList<>();
    path(index.value(), 0, size.value(), ranges);
    return hashes(ranges);
  }

  /**
   * {@code PROOF(from, D[to])}: the hashes that show the tree of {@code from} entries is a prefix
   * of the tree of {@code to}. Empty when {@code from} is 0 or equals {@code to}, as verifiers
   * expect.
   *
   * @throws IllegalArgumentException {@code from} is larger than {@code to}
   * @throws org.tracemark.ledger.log.MissingTileException {@code to} is beyond the stored tiles
   */
  public List<Hash> consistencyProof(TreeSize from, TreeSize to) throws StorageException {
    if (from.compareTo(to) > 0) {
      throw new IllegalArgumentException(
          "tree size " + from + " cannot be a prefix of the smaller tree size " + to);
    }
    if (from.value() == 0 || from.equals(to)) {
      return List.of();
    }
    List<Range> ranges = new ArrayList<>();
    subproof(from.value(), 0, to.value(), true, ranges);
    return hashes(ranges);
  }

  // RFC 9162 §2.1.3.1 over D[lo:hi], appending MTH ranges in proof order.
  private static void path(long m, long lo, long hi, List<Range> out) {
    if (hi - lo == 1) {
      return;
    }
    long k = largestPowerOfTwoBelow(hi - lo);
    if (m < lo + k) {
      path(m, lo, lo + k, out);
      out.add(new Range(lo + k, hi));
    } else {
      path(m, lo + k, hi, out);
      out.add(new Range(lo, lo + k));
    }
  }

  // RFC 9162 §2.1.4.1 SUBPROOF(m - lo, D[lo:hi], b), with m an absolute size.
  private static void subproof(long m, long lo, long hi, boolean whole, List<Range> out) {
    if (m == hi) {
      if (!whole) {
        out.add(new Range(lo, hi));
      }
      return;
    }
    long k = largestPowerOfTwoBelow(hi - lo);
    if (m - lo <= k) {
      subproof(m, lo, lo + k, whole, out);
      out.add(new Range(lo + k, hi));
    } else {
      subproof(m, lo + k, hi, false, out);
      out.add(new Range(lo, lo + k));
    }
  }

  // The largest power of two smaller than n, for n >= 2: the RFC's split point k.
  private static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  private List<Hash> hashes(List<Range> ranges) throws StorageException {
    List<Subtree> subtrees = new ArrayList<>();
    int[] ends = new int[ranges.size()];
    for (int i = 0; i < ranges.size(); i++) {
      subtrees.addAll(Subtree.cover(ranges.get(i).start(), ranges.get(i).end()));
      ends[i] = subtrees.size();
    }
    List<Hash> subtreeHashes = reader.subtreeHashes(subtrees);
    List<Hash> proof = new ArrayList<>(ranges.size());
    int from = 0;
    for (int end : ends) {
      // Every range the recursions name starts at a multiple of its split, so MTH of the range is
      // its cover folded from the right.
      Hash hash = subtreeHashes.get(end - 1);
      for (int i = end - 2; i >= from; i--) {
        hash = TreeHasher.nodeHash(subtreeHashes.get(i), hash);
      }
      proof.add(hash);
      from = end;
    }
    return List.copyOf(proof);
  }
}
