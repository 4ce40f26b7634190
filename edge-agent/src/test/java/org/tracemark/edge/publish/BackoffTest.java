package org.tracemark.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration MIN = Duration.ofMillis(500);
  private static final Duration MAX = Duration.ofSeconds(60);

  @Test
  void ceilingsDoubleFromTheMinimumUntilTheMaximumCapsThem() {
    Backoff backoff = new Backoff(MIN, MAX, new Random(1));
    assertThat(IntStream.range(0, 9).mapToObj(backoff::ceiling).toList())
        .containsExactly(
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(32),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60));
  }

  @Test
  void everyDelayLiesBetweenZeroAndItsCeiling() {
    Backoff backoff = new Backoff(MIN, MAX, new Random(42));
    for (int attempt = 0; attempt < 80; attempt++) {
      Duration ceiling = backoff.ceiling(attempt);
      for (int i = 0; i < 500; i++) {
        assertThat(backoff.delay(attempt)).isBetween(Duration.ZERO, ceiling);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameDelaysAndAnotherSeedOthers() {
    assertThat(delays(7)).isEqualTo(delays(7));
    assertThat(delays(7)).isNotEqualTo(delays(8));
  }

  @Test
  void fullJitterUsesTheWholeIntervalNotAMarginAroundTheCeiling() {
    Backoff backoff = new Backoff(MIN, MAX, new Random(2024));
    long ceiling = backoff.ceiling(3).toNanos(); // 4 s
    long[] samples =
        IntStream.range(0, 20_000).mapToLong(i -> backoff.delay(3).toNanos()).toArray();
    double mean = java.util.Arrays.stream(samples).average().orElseThrow();
    assertThat(java.util.Arrays.stream(samples).min().orElseThrow()).isLessThan(ceiling / 100);
    assertThat(java.util.Arrays.stream(samples).max().orElseThrow())
        .isGreaterThan(ceiling - ceiling / 100);
    assertThat(mean / ceiling).isBetween(0.48, 0.52);
  }

  @Test
  void hugeAttemptNumbersStayAtTheMaximumWithoutOverflow() {
    Backoff backoff = new Backoff(Duration.ofDays(1), Duration.ofDays(36_500), new Random(3));
    for (int attempt : new int[] {20, 40, 61, 62, 63, 64, 1_000, Integer.MAX_VALUE}) {
      assertThat(backoff.ceiling(attempt)).isLessThanOrEqualTo(Duration.ofDays(36_500));
      assertThat(backoff.delay(attempt)).isBetween(Duration.ZERO, Duration.ofDays(36_500));
    }
    assertThat(backoff.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(36_500));
  }

  @Test
  void refusesNonsense() {
    Random random = new Random();
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, MAX, random))
        .hasMessageContaining("min must be positive");
    assertThatThrownBy(() -> new Backoff(MAX, MIN, random)).hasMessageContaining("below min");
    assertThatThrownBy(() -> new Backoff(MIN, MAX, random).delay(-1))
        .hasMessageContaining("attempt must be >= 0");
  }

  private static List<Duration> delays(long seed) {
    Backoff backoff = new Backoff(MIN, MAX, new Random(seed));
    List<Duration> delays = new ArrayList<>();
    for (int attempt = 0; attempt < 12; attempt++) {
      delays.add(backoff.delay(attempt));
    }
    return delays;
  }
}
