package org.tracemark.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.tracemark.edge.publish.ConnectFailure.Reason;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.testing.MosquittoBroker;

/** The publisher with no broker at all: a closed loopback port. */
class PublisherTest {

  private static final DeviceId DEVICE = DeviceId.of("reefer-0042");

  @Test
  void withoutABrokerItKeepsRetryingKeepsEverythingAndClosesPromptly() throws Exception {
    MemoryOutbox outbox = new MemoryOutbox().fill(10);
    URI nobody = URI.create("tcp://127.0.0.1:" + MosquittoBroker.freePort());
    // The default backoff (0.5 s → 60 s): close must not wait for a pending retry.
    Publisher publisher = Publisher.start(PublisherOptions.builder(DEVICE, nobody).build(), outbox);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> publisher.stats().failedAttempts() >= 2);
      PublisherStats stats = publisher.stats();
      assertThat(stats.connected()).isFalse();
      assertThat(stats.sent()).isZero();
      assertThat(stats.acknowledged()).isZero();
      assertThat(stats.inFlight()).isZero();
      assertThat(stats.lastError()).map(ConnectFailure::reason).contains(Reason.BROKER_UNREACHABLE);
      assertThat(publisher.awaitDrained(Duration.ofMillis(50))).isFalse();
      assertThat(publisher.publishStatus("{\"state\":\"buffer-full\"}")).isFalse();
      assertThatThrownBy(() -> publisher.publishStatus("buffer full"))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      long start = System.nanoTime();
      publisher.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
    assertThat(outbox.head()).isZero();
    assertThat(outbox.pending()).isEqualTo(10);
    publisher.close(); // idempotent
  }

  @Test
  void anEmptyOutboxIsDrainedAtOnce() throws Exception {
    URI nobody = URI.create("tcp://127.0.0.1:" + MosquittoBroker.freePort());
    try (Publisher publisher =
        Publisher.start(PublisherOptions.builder(DEVICE, nobody).build(), new MemoryOutbox())) {
      assertThat(publisher.awaitDrained(Duration.ZERO)).isTrue();
    }
  }
}
