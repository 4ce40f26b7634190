package org.tracemark.verify;

import java.util.Objects;
import java.util.Optional;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.tile.EntryBundle;

/**
 * An entry to check for inclusion: by index, and optionally against the bytes the caller expects at
 * that index. Nothing is searched for; the index says where to look.
 *
 * @param expected the leaf hash and length of the expected bytes. The leaf hash stands for the
 *     bytes: the log itself rests on SHA-256 being collision resistant, and holding the hash keeps
 *     this record immutable without copying up to 64 KiB around.
 */
public record EntryCheck(LeafIndex index, Optional<Expected> expected) {

  /** What the entry must be: {@code SHA-256(0x00 ‖ bytes)} and the length of the bytes. */
  public record Expected(Hash leafHash, int length) {
    public Expected {
      Objects.requireNonNull(leafHash, "leafHash");
    }
  }

  public EntryCheck {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(expected, "expected");
  }

  /** Check that the entry at {@code index} is included, whatever its bytes. */
  public static EntryCheck at(long index) {
    return new EntryCheck(LeafIndex.of(index), Optional.empty());
  }

  /**
   * Check that the entry at {@code index} is included and is exactly {@code bytes}.
   *
   * @throws IllegalArgumentException more bytes than any entry can have (65,535)
   */
  public static EntryCheck at(long index, byte[] bytes) {
    if (bytes.length > EntryBundle.MAX_ENTRY_LENGTH) {
      throw new IllegalArgumentException(
          "a ledger entry is at most "
              + EntryBundle.MAX_ENTRY_LENGTH
              + " bytes, the expected entry has "
              + bytes.length);
    }
    return new EntryCheck(
        LeafIndex.of(index), Optional.of(new Expected(TreeHasher.leafHash(bytes), bytes.length)));
  }
}
