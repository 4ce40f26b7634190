package org.tracemark.ledger.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.BiFunction;

/**
 * RFC 9162 §2.1.1 Merkle tree hashing with SHA-256 (the same hashing as RFC 6962 §2.1).
 *
 * <ul>
 *   <li>leaf: {@code SHA-256(0x00 ‖ entry)}
 *   <li>node: {@code SHA-256(0x01 ‖ left ‖ right)}
 *   <li>{@code MTH({}) = SHA-256()}; {@code MTH(D[n]) = node(MTH(D[0:k]), MTH(D[k:n]))} with {@code
 *       k} the largest power of two smaller than {@code n}
 * </ul>
 *
 * <p>The 0x00/0x01 prefixes are what keep a leaf from being passed off as an inner node (second
 * pre-image resistance); they are not decoration. All methods are thread-safe.
 */
public final class TreeHasher {

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  // Cloning a ready instance is cheaper than a provider lookup per call. The JDK's SHA-256 is
  // used rather than Bouncy Castle's: it is several times faster (intrinsics) on the same input.
  private static final MessageDigest PROTOTYPE = newSha256();

  /** {@code MTH({})}: the SHA-256 of the empty string, the root of a tree of size 0. */
  public static final Hash EMPTY_ROOT = Hash.wrap(sha256().digest());

  private TreeHasher() {}

  /** The leaf hash of one log entry: {@code SHA-256(0x00 ‖ entry)}. */
  public static Hash leafHash(byte[] entry) {
    return leafHash(sha256(), entry);
  }

  /** The hash of an inner node: {@code SHA-256(0x01 ‖ left ‖ right)}. */
  public static Hash nodeHash(Hash left, Hash right) {
    return nodeHash(sha256(), left, right);
  }

  /** {@code MTH(D[n])} of the entries, in log order. */
  public static Hash rootHash(List<byte[]> entries) {
    return fold(entries, TreeHasher::leafHash);
  }

  /**
   * {@code MTH} of a tree whose leaf hashes are already known, in log order. Also what a tile of
   * hashes at a higher level folds to, since a tile's hashes are the leaves of its subtree.
   */
  public static Hash rootHashOfLeafHashes(List<Hash> leafHashes) {
    return fold(leafHashes, (digest, leaf) -> leaf);
  }

  // Builds MTH left to right with a stack of perfect subtrees (a "compact range"), merging two
  // neighbours as soon as they have the same size, then folding what is left from the right.
  // That gives the RFC's split at the largest power of two without recursion or a copy of the
  // input, and it is an implementation independent of the recursive definition the tests check.
  private static <T> Hash fold(List<T> items, BiFunction<MessageDigest, T, Hash> toLeafHash) {
    if (items.isEmpty()) {
      return EMPTY_ROOT;
    }
    MessageDigest digest = sha256();
    // A list has fewer than 2^31 items, so at most 31 perfect subtrees are ever pending.
    Hash[] pending = new Hash[Integer.SIZE];
    long[] sizes = new long[Integer.SIZE];
    int top = 0;
    for (T item : items) {
      pending[top] = toLeafHash.apply(digest, item);
      sizes[top] = 1;
      top++;
      while (top >= 2 && sizes[top - 1] == sizes[top - 2]) {
        pending[top - 2] = nodeHash(digest, pending[top - 2], pending[top - 1]);
        sizes[top - 2] *= 2;
        top--;
      }
    }
    Hash root = pending[top - 1];
    for (int i = top - 2; i >= 0; i--) {
      root = nodeHash(digest, pending[i], root);
    }
    return root;
  }

  private static Hash leafHash(MessageDigest digest, byte[] entry) {
    digest.update(LEAF_PREFIX);
    digest.update(entry);
    return Hash.wrap(digest.digest());
  }

  private static Hash nodeHash(MessageDigest digest, Hash left, Hash right) {
    digest.update(NODE_PREFIX);
    left.writeTo(digest);
    right.writeTo(digest);
    return Hash.wrap(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-256 (MessageDigest javadoc).
      throw new IllegalStateException("this JDK lacks SHA-256", e);
    }
  }
}
