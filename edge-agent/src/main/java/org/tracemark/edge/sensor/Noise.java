package org.tracemark.edge.sensor;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Reproducible randomness for simulated sensors: every value is drawn from a {@link
 * SplittableRandom} seeded by this stream's seed and a key (usually a time in ms), so it depends on
 * nothing but the two. A simulation can be sampled in any order, or re-run, and gives the same
 * numbers.
 */
public final class Noise {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final long seed;

  public Noise(long seed) {
    this.seed = seed;
  }

  /** An independent stream for one purpose, e.g. {@code derive("temperature")}. */
  public Noise derive(String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return new Noise(mix(seed ^ mix(h)));
  }

  /** The generator for {@code key}; draws from it are reproducible. */
  public SplittableRandom at(long key) {
    return new SplittableRandom(mix(seed + GOLDEN * key));
  }

  /** A standard normal value for {@code key}. */
  public double gaussian(long key) {
    return at(key).nextGaussian();
  }

  /** A uniform value in [0, 1) for {@code key}. */
  public double uniform(long key) {
    return at(key).nextDouble();
  }

  /**
   * Smooth noise in [-1, 1]: random values at multiples of {@code periodMillis}, joined with a
   * smoothstep, so it wanders slowly (weather systems, sensor drift) without jumps.
   */
  public double smooth(long t, long periodMillis) {
    long k = Math.floorDiv(t, periodMillis);
    double f = (double) (t - k * periodMillis) / periodMillis;
    double v0 = uniform(k) * 2 - 1;
    double v1 = uniform(k + 1) * 2 - 1;
    double s = f * f * (3 - 2 * f);
    return v0 + (v1 - v0) * s;
  }

  /** SplitMix64's finalizer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
