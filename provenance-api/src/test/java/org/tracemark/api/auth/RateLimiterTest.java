package org.tracemark.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RateLimiter limiter = new RateLimiter(3, Duration.ofSeconds(60), now::get);

  @Test
  void allowsTheLimitPerWindowPerKeyAndSaysWhenTheNextIsAllowed() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.acquire("a")).isEmpty();
      now.addAndGet(Duration.ofSeconds(10).toNanos());
    }
    // At t = 30 s the first of three (t = 0) leaves the window at t = 60 s.
    assertThat(limiter.acquire("a")).hasValue(Duration.ofSeconds(30));
    assertThat(limiter.acquire("b")).isEmpty(); // another key has its own budget
    now.addAndGet(Duration.ofSeconds(30).toNanos());
    assertThat(limiter.acquire("a")).isEmpty(); // t = 60 s: one slot free again
    assertThat(limiter.acquire("a")).isPresent();
  }

  @Test
  void refusedAttemptsDoNotCountAgainstTheKey() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("a");
    }
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.acquire("a")).isPresent();
    }
    now.addAndGet(Duration.ofSeconds(60).toNanos());
    assertThat(limiter.acquire("a")).isEmpty();
  }

  @Test
  void aLimitIsPositive() {
    assertThatThrownBy(() -> new RateLimiter(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimiter(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
