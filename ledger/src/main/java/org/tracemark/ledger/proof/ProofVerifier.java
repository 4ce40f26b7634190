package org.tracemark.ledger.proof;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.proof.ProofException.Problem;

/**
 * Verifies Merkle inclusion and consistency proofs exactly as RFC 9162 §2.1.3.2 and §2.1.4.2
 * describe, as pure functions over hashes: no storage, no state, thread-safe.
 *
 * <p>Before running the RFC's loop, each method computes how many hashes a proof for the given
 * index and sizes must have and refuses any other count. The RFC loop would reject a wrong count
 * too (through its {@code sn} checks), but only with a root mismatch; checking the count first says
 * what is actually wrong and keeps work bounded by the sizes, not by an attacker's list.
 *
 * <p>Sizes and indexes are {@code long}s ≥ 0: RFC 9162 allows uint64, but {@link
 * org.tracemark.ledger.merkle.TreeSize} caps them at 2^63 − 1 everywhere in the ledger.
 */
public final class ProofVerifier {

  private ProofVerifier() {}

  /**
   * Checks that {@code leafHash} is the leaf at {@code index} of the tree of {@code treeSize}
   * entries whose root is {@code root} (RFC 9162 §2.1.3.2).
   *
   * @throws ProofException the index is not below the size, the proof has the wrong length, or it
   *     leads to another root
   */
  public static void verifyInclusion(
      Hash leafHash, long index, long treeSize, List<Hash> proof, Hash root) throws ProofException {
    Objects.requireNonNull(root, "root");
    Hash computed = rootFromInclusionProof(leafHash, index, treeSize, proof);
    if (!computed.equals(root)) {
      throw new ProofException(
          Problem.ROOT_MISMATCH,
          "inclusion proof for index "
              + index
              + " in tree size "
              + treeSize
              + " leads to root "
              + computed.hex()
              + ", expected "
              + root.hex(),
          root,
          computed);
    }
  }

  /**
   * The root that an inclusion proof for {@code leafHash} at {@code index} leads to: what {@link
   * #verifyInclusion} compares against the expected root. Useful when the root is looked up by the
   * result rather than known in advance.
   *
   * @throws ProofException the index is not below the size, or the proof has the wrong length
   */
  public static Hash rootFromInclusionProof(
      Hash leafHash, long index, long treeSize, List<Hash> proof) throws ProofException {
    Objects.requireNonNull(leafHash, "leafHash");
    List<Hash> path = copyOf(proof);
    if (index < 0 || treeSize < 0) {
      throw new IllegalArgumentException(
          "index and tree size must be >= 0, got index " + index + ", size " + treeSize);
    }
    // Step 1.
    if (index >= treeSize) {
      throw new ProofException(
          Problem.INDEX_OUT_OF_RANGE,
          "leaf index " + index + " is not in a tree of size " + treeSize);
    }
    String what = "inclusion proof for index " + index + " in tree size " + treeSize;
    int expectedLength = inclusionProofLength(index, treeSize);
    if (path.size() != expectedLength) {
      throw wrongLength(what, expectedLength, path);
    }
    // Steps 2-4.
    long fn = index;
    long sn = treeSize - 1;
    Hash r = leafHash;
    for (Hash p : path) {
      if (sn == 0) {
        throw wrongLength(what, expectedLength, path);
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = TreeHasher.nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = TreeHasher.nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    // Step 5, first half: the path must have reached the root level. The length check above
    // makes this unreachable; it stays because it is the RFC's own guard.
    if (sn != 0) {
      throw wrongLength(what, expectedLength, path);
    }
    return r;
  }

  /**
   * Checks that the tree of {@code size1} entries with root {@code root1} is a prefix of the tree
   * of {@code size2} entries with root {@code root2} (RFC 9162 §2.1.4.2).
   *
   * <p>The RFC defines proofs for {@code 0 < size1 < size2}. The two cases outside that range are
   * settled without hashing: equal sizes need an empty proof and equal roots (RFC 9162 §2.1.4.1,
   * {@code SUBPROOF(m, D[m], true) = {}}); a first size of 0 needs an empty proof and {@code root1}
   * the empty tree's root, because the empty tree is a prefix of every tree (C2SP tlog-witness
   * relies on this for a witness's first checkpoint). The Go {@code transparency-dev/merkle}
   * verifier instead refuses size1 = 0 as meaningless.
   *
   * @throws ProofException the sizes are out of order, the proof has the wrong length, or a root it
   *     leads to is not the given one
   */
  public static void verifyConsistency(
      long size1, long size2, List<Hash> proof, Hash root1, Hash root2) throws ProofException {
    Objects.requireNonNull(root1, "root1");
    Objects.requireNonNull(root2, "root2");
    List<Hash> path = copyOf(proof);
    if (size1 < 0 || size2 < 0) {
      throw new IllegalArgumentException("tree sizes must be >= 0, got " + size1 + " and " + size2);
    }
    String what = "consistency proof from size " + size1 + " to size " + size2;
    if (size1 > size2) {
      throw new ProofException(
          Problem.SIZES_OUT_OF_ORDER,
          "tree size " + size1 + " cannot be a prefix of the smaller tree size " + size2);
    }
    if (size1 == 0 || size1 == size2) {
      if (!path.isEmpty()) {
        throw wrongLength(what, 0, path);
      }
      if (size1 == 0 && !root1.equals(TreeHasher.EMPTY_ROOT)) {
        throw rootMismatch(Problem.FIRST_ROOT_MISMATCH, what, 0, TreeHasher.EMPTY_ROOT, root1);
      }
      if (size1 == size2 && !root1.equals(root2)) {
        throw rootMismatch(Problem.SECOND_ROOT_MISMATCH, what, size2, root2, root1);
      }
      return;
    }
    int expectedLength = consistencyProofLength(size1, size2);
    // Step 1 (an empty path) is covered: expectedLength is at least 1 when 0 < size1 < size2.
    if (path.size() != expectedLength) {
      throw wrongLength(what, expectedLength, path);
    }
    // Step 2.
    List<Hash> consistencyPath = path;
    if (isPowerOfTwo(size1)) {
      consistencyPath = new ArrayList<>(path.size() + 1);
      consistencyPath.add(root1);
      consistencyPath.addAll(path);
    }
    // Steps 3-4.
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    // Step 5.
    Hash fr = consistencyPath.get(0);
    Hash sr = fr;
    // Step 6.
    for (Hash c : consistencyPath.subList(1, consistencyPath.size())) {
      if (sn == 0) {
        throw wrongLength(what, expectedLength, path);
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = TreeHasher.nodeHash(c, fr);
        sr = TreeHasher.nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        sr = TreeHasher.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    // Step 7.
    if (sn != 0) {
      throw wrongLength(what, expectedLength, path);
    }
    if (!fr.equals(root1)) {
      throw rootMismatch(Problem.FIRST_ROOT_MISMATCH, what, size1, root1, fr);
    }
    if (!sr.equals(root2)) {
      throw rootMismatch(Problem.SECOND_ROOT_MISMATCH, what, size2, root2, sr);
    }
  }

  /**
   * How many hashes the inclusion proof for {@code index} in a tree of {@code treeSize} has: one
   * per level below the node where the paths to {@code index} and to the last leaf split, plus one
   * per left sibling above it.
   */
  public static int inclusionProofLength(long index, long treeSize) {
    if (index < 0 || index >= treeSize) {
      throw new IllegalArgumentException(
          "leaf index " + index + " is not in a tree of size " + treeSize);
    }
    int inner = Long.SIZE - Long.numberOfLeadingZeros(index ^ (treeSize - 1));
    return inner + Long.bitCount(index >>> inner);
  }

  /**
   * How many hashes the consistency proof from {@code size1} to {@code size2} has, for {@code 0 <
   * size1 < size2}: the inclusion path of the first tree's last leaf, started at the level of the
   * largest complete subtree that ends there, plus that subtree's root unless it is the whole first
   * tree (then the verifier already has it as {@code root1}).
   */
  public static int consistencyProofLength(long size1, long size2) {
    if (size1 <= 0 || size1 >= size2) {
      throw new IllegalArgumentException(
          "consistency proofs have hashes only for 0 < size1 < size2, got "
              + size1
              + " and "
              + size2);
    }
    int inner = Long.SIZE - Long.numberOfLeadingZeros((size1 - 1) ^ (size2 - 1));
    int shift = Long.numberOfTrailingZeros(size1);
    int border = Long.bitCount((size1 - 1) >>> inner);
    return (isPowerOfTwo(size1) ? 0 : 1) + (inner - shift) + border;
  }

  private static boolean isPowerOfTwo(long n) {
    return n > 0 && (n & (n - 1)) == 0;
  }

  private static List<Hash> copyOf(List<Hash> proof) {
    Objects.requireNonNull(proof, "proof");
    // List.copyOf also rejects null elements, so the loops never meet one.
    return List.copyOf(proof);
  }

  private static ProofException wrongLength(String what, int expected, List<Hash> proof) {
    return new ProofException(
        Problem.WRONG_PROOF_LENGTH,
        what + " must have " + expected + " hashes, got " + proof.size());
  }

  private static ProofException rootMismatch(
      Problem problem, String what, long size, Hash expected, Hash computed) {
    return new ProofException(
        problem,
        what
            + " leads to root "
            + computed.hex()
            + " for size "
            + size
            + ", expected "
            + expected.hex(),
        expected,
        computed);
  }
}
