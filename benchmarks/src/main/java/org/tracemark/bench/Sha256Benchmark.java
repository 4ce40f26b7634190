package org.tracemark.bench;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ceiling for integration: raw SHA-256 with the JDK's {@link MessageDigest}, one thread, one
 * operation per entry, so the score is entries/s.
 *
 * <ul>
 *   <li>{@code leafHash}: {@code SHA-256(0x00 ‖ entry)}, the RFC 9162 leaf hash alone.
 *   <li>{@code leafAndNodeHash}: the leaf hash plus one node hash {@code SHA-256(0x01 ‖ l ‖ r)}: a
 *       tree of n leaves has n − 1 inner nodes, so this is the least hashing any Merkle log does
 *       per entry, and what {@link org.tracemark.ledger.log.LogWriter} does.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Thread)
public class Sha256Benchmark {

  private static final int POOL = 1024;

  @Param({"200"})
  public int entryBytes;

  private MessageDigest digest;
  private byte[][] entries;
  private final byte[] out = new byte[64];
  private int next;

  @Setup
  public void setup() throws NoSuchAlgorithmException {
    digest = MessageDigest.getInstance("SHA-256");
    SplittableRandom random = new SplittableRandom(7);
    entries = new byte[POOL][entryBytes];
    for (byte[] entry : entries) {
      random.nextBytes(entry);
    }
  }

  @Benchmark
  public byte[] leafHash() throws DigestException {
    digest.update((byte) 0x00);
    digest.update(entries[next++ & (POOL - 1)]);
    digest.digest(out, 0, 32);
    return out;
  }

  @Benchmark
  public byte[] leafAndNodeHash() throws DigestException {
    digest.update((byte) 0x00);
    digest.update(entries[next++ & (POOL - 1)]);
    digest.digest(out, 32, 32);
    digest.update((byte) 0x01);
    digest.update(out, 0, 64);
    digest.digest(out, 0, 32);
    return out;
  }
}
