package org.tracemark.ledger.proof;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeHasher;

/**
 * A test-only Merkle tree whose proofs follow the recursive definitions of RFC 9162 §2.1.3.1
 * ({@code PATH}) and §2.1.4.1 ({@code PROOF}/{@code SUBPROOF}) line by line: slow and obviously
 * right, so that the iterative verifier is checked against the text rather than against itself.
 */
public final class ReferenceTree {

  private final List<Hash> leaves;

  public ReferenceTree(List<Hash> leafHashes) {
    this.leaves = List.copyOf(leafHashes);
  }

  /**
   * A tree of {@code size} pairwise distinct leaves derived from {@code seed}. Distinct leaves
   * matter: in a tree of equal leaves, a proof for one index is also a proof for another.
   */
  public static ReferenceTree random(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Hash> leaves = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      byte[] entry = new byte[4 + random.nextInt(12)];
      random.nextBytes(entry);
      ByteBuffer.wrap(entry).putInt(i);
      leaves.add(TreeHasher.leafHash(entry));
    }
    return new ReferenceTree(leaves);
  }

  public int size() {
    return leaves.size();
  }

  public Hash leaf(int index) {
    return leaves.get(index);
  }

  /** MTH of the first {@code size} leaves. */
  public Hash root(int size) {
    return mth(leaves.subList(0, size));
  }

  /** PATH(m, D[n]) with D the first {@code size} leaves. */
  public List<Hash> inclusionProof(int index, int size) {
    return path(index, leaves.subList(0, size));
  }

  /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) with D the first {@code size2} leaves. */
  public List<Hash> consistencyProof(int size1, int size2) {
    return subproof(size1, leaves.subList(0, size2), true);
  }

  private static List<Hash> path(int m, List<Hash> d) {
    int n = d.size();
    List<Hash> result = new ArrayList<>();
    if (n == 1) {
      return result;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m < k) {
      result.addAll(path(m, d.subList(0, k)));
      result.add(mth(d.subList(k, n)));
    } else {
      result.addAll(path(m - k, d.subList(k, n)));
      result.add(mth(d.subList(0, k)));
    }
    return result;
  }

  private static List<Hash> subproof(int m, List<Hash> d, boolean b) {
    int n = d.size();
    List<Hash> result = new ArrayList<>();
    if (m == n) {
      if (!b) {
        result.add(mth(d));
      }
      return result;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      result.addAll(subproof(m, d.subList(0, k), b));
      result.add(mth(d.subList(k, n)));
    } else {
      result.addAll(subproof(m - k, d.subList(k, n), false));
      result.add(mth(d.subList(0, k)));
    }
    return result;
  }

  /** MTH by the recursive definition of RFC 9162 §2.1.1. */
  private static Hash mth(List<Hash> d) {
    int n = d.size();
    if (n == 0) {
      return TreeHasher.EMPTY_ROOT;
    }
    if (n == 1) {
      return d.get(0);
    }
    int k = largestPowerOfTwoBelow(n);
    return TreeHasher.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, n)));
  }

  /** The k of RFC 9162 §2.1.1: the largest power of two smaller than n, for n > 1. */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }

  /** Length of PATH(m, D[n]) by the same recursion, without hashing: works for any long size. */
  static int pathLength(long m, long n) {
    if (n == 1) {
      return 0;
    }
    long k = largestPowerOfTwoBelow(n);
    return 1 + (m < k ? pathLength(m, k) : pathLength(m - k, n - k));
  }

  /** Length of SUBPROOF(m, D[n], b) by the same recursion, without hashing. */
  static int subproofLength(long m, long n, boolean b) {
    if (m == n) {
      return b ? 0 : 1;
    }
    long k = largestPowerOfTwoBelow(n);
    return 1 + (m <= k ? subproofLength(m, k, b) : subproofLength(m - k, n - k, false));
  }
}
