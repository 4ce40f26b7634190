package org.tracemark.ledger;

import java.util.ArrayList;
import java.util.List;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeHasher;

/**
 * RFC 9162 straight from its text, over a list of leaf hashes, for checking tile-based code: {@code
 * MTH} by the recursive definition, {@code PATH} (§2.1.3.1) and {@code PROOF} (§2.1.4.1). Every
 * perfect subtree hash is computed once up front with {@link TreeHasher#nodeHash}, so recursions
 * over a large tree stay cheap.
 */
public final class RfcTree {

  // perfect.get(h).get(i): the root of the 2^h leaves from i * 2^h.
  private final List<List<Hash>> perfect = new ArrayList<>();

  public RfcTree(List<Hash> leafHashes) {
    perfect.add(List.copyOf(leafHashes));
    for (List<Hash> below = perfect.get(0);
        below.size() >= 2;
        below = perfect.get(perfect.size() - 1)) {
      List<Hash> above = new ArrayList<>();
      for (int i = 0; i + 1 < below.size(); i += 2) {
        above.add(TreeHasher.nodeHash(below.get(i), below.get(i + 1)));
      }
      perfect.add(above);
    }
  }

  public int size() {
    return perfect.get(0).size();
  }

  /** {@code MTH(D[lo:hi])}. */
  public Hash mth(int lo, int hi) {
    int n = hi - lo;
    if (n == 0) {
      return TreeHasher.EMPTY_ROOT;
    }
    if (Integer.bitCount(n) == 1 && lo % n == 0) {
      return perfect.get(Integer.numberOfTrailingZeros(n)).get(lo / n);
    }
    int k = largestPowerOfTwoBelow(n);
    return TreeHasher.nodeHash(mth(lo, lo + k), mth(lo + k, hi));
  }

  /** The root of the first {@code n} leaves. */
  public Hash root(int n) {
    return mth(0, n);
  }

  /** {@code PATH(m, D[n])}. */
  public List<Hash> inclusionProof(int m, int n) {
    List<Hash> proof = new ArrayList<>();
    path(m, 0, n, proof);
    return proof;
  }

  /** {@code PROOF(m, D[n])}, empty for {@code m == 0} and {@code m == n}. */
  public List<Hash> consistencyProof(int m, int n) {
    List<Hash> proof = new ArrayList<>();
    if (m > 0 && m < n) {
      subproof(m, 0, n, true, proof);
    }
    return proof;
  }

  private void path(int m, int lo, int hi, List<Hash> out) {
    if (hi - lo <= 1) {
      return;
    }
    int k = largestPowerOfTwoBelow(hi - lo);
    if (m - lo < k) {
      path(m, lo, lo + k, out);
      out.add(mth(lo + k, hi));
    } else {
      path(m, lo + k, hi, out);
      out.add(mth(lo, lo + k));
    }
  }

  private void subproof(int m, int lo, int hi, boolean b, List<Hash> out) {
    if (m == hi - lo) {
      if (!b) {
        out.add(mth(lo, hi));
      }
      return;
    }
    int k = largestPowerOfTwoBelow(hi - lo);
    if (m <= k) {
      subproof(m, lo, lo + k, b, out);
      out.add(mth(lo + k, hi));
    } else {
      subproof(m - k, lo + k, hi, false, out);
      out.add(mth(lo, lo + k));
    }
  }

  private static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }
}
