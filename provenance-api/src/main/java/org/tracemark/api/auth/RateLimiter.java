package org.tracemark.api.auth;

import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.tracemark.api.problem.ProblemException;

/**
 * A sliding-window limit per key (a client address, a username): at most {@code limit} events per
 * {@code window}. In memory, per process: a cluster's api processes each hold their own, which
 * multiplies the limit by their number but still bounds a guesser. Keys that fall quiet are
 * forgotten, so memory stays bounded by the keys active within one window (and at most {@link
 * #MAX_KEYS}).
 */
public final class RateLimiter {

  static final int MAX_KEYS = 100_000;

  private final int limit;
  private final long windowNanos;
  private final LongSupplier clock;
  private final Map<String, ArrayDeque<Long>> events = new ConcurrentHashMap<>();

  public RateLimiter(int limit, Duration window) {
    this(limit, window, System::nanoTime);
  }

  RateLimiter(int limit, Duration window, LongSupplier clock) {
    if (limit < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("limit >= 1 and a positive window");
    }
    this.limit = limit;
    this.windowNanos = window.toNanos();
    this.clock = clock;
  }

  /** Counts an event for {@code key}; empty if allowed, else how long until the next is. */
  public Optional<Duration> acquire(String key) {
    long now = clock.getAsLong();
    if (events.size() >= MAX_KEYS) {
      events.entrySet().removeIf(e -> expired(e.getValue(), now));
    }
    ArrayDeque<Long> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
        times.pollFirst();
      }
      if (times.size() >= limit) {
        return Optional.of(Duration.ofNanos(windowNanos - (now - times.peekFirst())));
      }
      times.addLast(now);
      return Optional.empty();
    }
  }

  /**
   * Counts an event for {@code key}, or refuses it.
   *
   * @throws ProblemException {@code too-many-requests} (429, with Retry-After) saying {@code
   *     message}
   */
  public void check(String key, String message) {
    Optional<Duration> wait = acquire(key);
    if (wait.isPresent()) {
      throw new ProblemException(message, wait.get());
    }
  }

  /** The client address of a request: what anonymous endpoints are limited by. */
  public static String clientAddress(HttpServerRequest http) {
    return http.remoteAddress() == null ? "unknown" : http.remoteAddress().host();
  }

  private boolean expired(ArrayDeque<Long> times, long now) {
    synchronized (times) {
      return times.isEmpty() || now - times.peekLast() >= windowNanos;
    }
  }
}
