package org.tracemark.ledger.log;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.tracemark.ledger.merkle.Hash;

/**
 * RFC 9162 leaf and node hashing over hashes laid out in byte arrays (tiles, the writer's right
 * edge), writing results in place instead of allocating a {@link Hash} per node. Same hashing as
 * {@link org.tracemark.ledger.merkle.TreeHasher}, which the tests hold this to.
 *
 * <p>Not thread-safe: one instance per writer, or per read call.
 */
final class BufferHasher {

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;
  private static final int HASH = Hash.LENGTH;

  private final MessageDigest digest;
  // Room for the bottom row of the largest perfect subtree one tile holds: the whole tile.
  private final byte[] scratch = new byte[256 * HASH];

  BufferHasher() {
    try {
      // The JDK's SHA-256, as TreeHasher uses: intrinsics make it several times faster than
      // Bouncy Castle's on the same input.
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK lacks SHA-256", e);
    }
  }

  /** {@code SHA-256(0x00 ‖ entry)} into {@code out[at..at+32)}. */
  void leaf(byte[] entry, byte[] out, int at) {
    digest.update(LEAF_PREFIX);
    digest.update(entry);
    finish(out, at);
  }

  /**
   * {@code SHA-256(0x01 ‖ left ‖ right)} into {@code out[at..at+32)}; {@code out} may overlap
   * either input, since both are consumed before the digest is written.
   */
  void node(byte[] left, int leftAt, byte[] right, int rightAt, byte[] out, int at) {
    digest.update(NODE_PREFIX);
    digest.update(left, leftAt, HASH);
    digest.update(right, rightAt, HASH);
    finish(out, at);
  }

  /**
   * The root of the perfect subtree whose {@code count} (a power of two, at most 256) bottom hashes
   * are {@code hashes[from..from+32*count)}, into {@code out[at..at+32)}. {@code count - 1} node
   * hashes.
   */
  void perfectRoot(byte[] hashes, int from, int count, byte[] out, int at) {
    if (count == 1) {
      System.arraycopy(hashes, from, out, at, HASH);
      return;
    }
    System.arraycopy(hashes, from, scratch, 0, count * HASH);
    // Pairs (2i, 2i+1) fold into i: slot i is written only after everything at or left of 2i was
    // read, so one buffer serves every row.
    for (int width = count; width > 1; width >>>= 1) {
      for (int i = 0; i < width / 2; i++) {
        node(scratch, 2 * i * HASH, scratch, (2 * i + 1) * HASH, scratch, i * HASH);
      }
    }
    System.arraycopy(scratch, 0, out, at, HASH);
  }

  private void finish(byte[] out, int at) {
    try {
      digest.digest(out, at, HASH);
    } catch (DigestException e) {
      // Only thrown for an output range shorter than 32 bytes, which callers never pass.
      throw new IllegalStateException("SHA-256 output did not fit at offset " + at, e);
    }
  }
}
