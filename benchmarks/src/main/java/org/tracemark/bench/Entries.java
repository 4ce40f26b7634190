package org.tracemark.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Pre-generated random entries, so that benchmarks measure hashing, copying and storing rather than
 * making bytes. Random bytes are the pessimistic case for PostgreSQL (TOAST tries to compress and
 * fails); real entries are CBOR around COSE signatures and compress a little.
 */
final class Entries {

  /** Distinct entries in a pool; batches are windows onto it, so no batch copies anything. */
  static final int POOL = 8192;

  private final List<byte[]> doubled;
  private int cursor;

  Entries(int entryBytes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> pool = new ArrayList<>(POOL);
    for (int i = 0; i < POOL; i++) {
      byte[] entry = new byte[entryBytes];
      random.nextBytes(entry);
      pool.add(entry);
    }
    List<byte[]> twice = new ArrayList<>(2 * POOL);
    twice.addAll(pool);
    twice.addAll(pool);
    this.doubled = Collections.unmodifiableList(twice);
  }

  /** The next {@code size} entries of the pool (wrapping), as a view: nothing is copied. */
  List<byte[]> next(int size) {
    if (size > POOL) {
      throw new IllegalArgumentException("batches up to " + POOL + " entries, not " + size);
    }
    int start = cursor;
    cursor = (cursor + size) % POOL;
    return doubled.subList(start, start + size);
  }
}
