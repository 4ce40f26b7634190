package org.tracemark.edge.publish;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (the "Full Jitter" of AWS's "Exponential Backoff And
 * Jitter"): before attempt {@code n} (0-based) wait a uniformly random time in {@code [0, min(max,
 * min * 2^n)]}. Randomising the whole interval, not just a margin, is what spreads a fleet of
 * devices that all lost the broker at the same moment.
 *
 * <p>Not thread-safe unless its random generator is.
 */
public final class Backoff {

  private final long minNanos;
  private final long maxNanos;
  private final RandomGenerator random;

  /**
   * @param min the ceiling of the first delay; must be positive
   * @param max the largest ceiling any delay can have; at least {@code min}
   * @param random where the jitter comes from; pass a seeded one in tests
   */
  public Backoff(Duration min, Duration max, RandomGenerator random) {
    if (min == null || max == null || random == null) {
      throw new IllegalArgumentException("backoff needs min, max and a random generator");
    }
    if (min.isNegative() || min.isZero()) {
      throw new IllegalArgumentException("backoff min must be positive, got " + min);
    }
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("backoff max " + max + " is below min " + min);
    }
    this.minNanos = saturatedNanos(min);
    this.maxNanos = saturatedNanos(max);
    this.random = random;
  }

  /** The upper bound of the delay before attempt {@code attempt}: {@code min(max, min * 2^n)}. */
  public Duration ceiling(int attempt) {
    return Duration.ofNanos(ceilingNanos(attempt));
  }

  /** A random delay in {@code [0, ceiling(attempt)]}. */
  public Duration delay(int attempt) {
    long ceiling = ceilingNanos(attempt);
    // nextLong(bound) is exclusive; + 1 makes the ceiling itself reachable (cannot overflow: the
    // ceiling is at most Long.MAX_VALUE - 1 after saturatedNanos).
    return Duration.ofNanos(random.nextLong(ceiling + 1));
  }

  private long ceilingNanos(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, got " + attempt);
    }
    // Doubling min more than 62 times overflows a long whatever min is; by then max has won.
    if (attempt >= Long.SIZE - 2) {
      return maxNanos;
    }
    long scaled = minNanos << attempt;
    boolean overflowed = (scaled >> attempt) != minNanos || scaled < 0;
    return overflowed ? maxNanos : Math.min(maxNanos, scaled);
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return Math.min(duration.toNanos(), Long.MAX_VALUE - 1);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE - 1;
    }
  }
}
