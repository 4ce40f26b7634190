package org.tracemark.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.edge.publish.ConnectFailure.Reason;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.testing.MosquittoBroker;

/** A broker of the test's own that goes away and comes back; nothing may be lost. */
class PublisherOutageIT {

  @TempDir Path dir;

  @Test
  void aBrokerOutageMidStreamLosesNothingAndKeepsTheOrder() throws Exception {
    int port = MosquittoBroker.freePort();
    String uri = "tcp://127.0.0.1:" + port;
    DeviceId device = FastRetry.uniqueDevice("it-outage");
    MemoryOutbox outbox = new MemoryOutbox();
    AtomicBoolean producing = new AtomicBoolean(true);
    try (MosquittoBroker broker = MosquittoBroker.plain(dir, port);
        RecordingSubscriber subscriber =
            RecordingSubscriber.connect(uri, "sub-" + device, false, null, device.readingsTopic());
        Publisher publisher = Publisher.start(FastRetry.options(device, uri).build(), outbox)) {
      Thread producer = producer(outbox, publisher, producing);
      try {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> publisher.stats().acknowledged() >= 1_000);

        broker.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !publisher.stats().connected());
        // The agent keeps measuring while the broker is away; a few retries happen meanwhile.
        long appendedAtStop = outbox.nextId();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    outbox.nextId() >= appendedAtStop + 2_000
                        && publisher.stats().failedAttempts() >= 2);
        assertThat(publisher.stats().lastError().orElseThrow().reason())
            .isEqualTo(Reason.BROKER_UNREACHABLE);
        assertThat(outbox.head()).isLessThan(outbox.nextId());

        broker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.stats().connected());
        long appendedAtRestart = outbox.nextId();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> outbox.nextId() >= appendedAtRestart + 1_000);
      } finally {
        producing.set(false);
        producer.join(5_000);
      }
      long total = outbox.nextId();
      assertThat(publisher.awaitDrained(Duration.ofSeconds(20))).isTrue();

      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () -> {
                if (!subscriber.isConnected()) {
                  subscriber.connect(); // the persistent session holds what arrived meanwhile
                }
                return subscriber.ids(device.readingsTopic()).stream().distinct().count() == total;
              });
      List<Long> ids = subscriber.ids(device.readingsTopic());
      assertThat(RecordingSubscriber.firstOccurrences(ids))
          .containsExactlyElementsOf(LongStream.range(0, total).boxed().toList());
      PublisherStats stats = publisher.stats();
      assertThat(stats.reconnects()).isGreaterThanOrEqualTo(1);
      assertThat(stats.acknowledged()).isGreaterThanOrEqualTo(total);
      assertThat(outbox.head()).isEqualTo(total);
    }
  }

  @Test
  void whenTheFirstConnectFailsThePublisherKeepsTryingAndDrainsOnceTheBrokerIsUp()
      throws Exception {
    int subscriberPort = MosquittoBroker.freePort();
    int publisherPort = MosquittoBroker.freePort();
    DeviceId device = FastRetry.uniqueDevice("it-late");
    String subscriberUri = "tcp://127.0.0.1:" + subscriberPort;
    // A persistent subscription exists before the publisher's port ever opens, so every reading
    // is queued for the subscriber whatever the timing.
    try (MosquittoBroker first = MosquittoBroker.plain(dir, subscriberPort)) {
      RecordingSubscriber.connect(
              subscriberUri, "sub-" + device, false, null, device.readingsTopic())
          .close();
      first.stop();
    }
    MemoryOutbox outbox = new MemoryOutbox().fill(2_000);
    try (FastRetry.CapturedLog log = new FastRetry.CapturedLog();
        Publisher publisher =
            Publisher.start(
                FastRetry.options(device, "tcp://127.0.0.1:" + publisherPort).build(), outbox)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> publisher.stats().failedAttempts() >= 3);
      PublisherStats down = publisher.stats();
      assertThat(down.connected()).isFalse();
      assertThat(down.connects()).isZero();
      assertThat(down.acknowledged()).isZero();
      assertThat(down.lastError().orElseThrow().reason()).isEqualTo(Reason.BROKER_UNREACHABLE);
      assertThat(down.lastError().orElseThrow().detail()).contains("Connection refused");
      assertThat(log.failedAttempts(device.value())).isNotEmpty();

      try (MosquittoBroker broker =
          MosquittoBroker.start(
              dir,
              List.of(subscriberPort, publisherPort),
              "allow_anonymous true",
              "listener " + subscriberPort + " 127.0.0.1",
              "listener " + publisherPort + " 127.0.0.1")) {
        assertThat(publisher.awaitDrained(Duration.ofSeconds(20))).isTrue();
        assertThat(publisher.stats().connects()).isEqualTo(1);
        assertThat(outbox.head()).isEqualTo(2_000);

        try (RecordingSubscriber subscriber =
            RecordingSubscriber.connect(
                subscriberUri, "sub-" + device, false, null, device.readingsTopic())) {
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> subscriber.ids(device.readingsTopic()).size() >= 2_000);
          assertThat(RecordingSubscriber.firstOccurrences(subscriber.ids(device.readingsTopic())))
              .containsExactlyElementsOf(LongStream.range(0, 2_000).boxed().toList());
        }
        assertThat(broker.isRunning()).isTrue();
      }
    }
  }

  /** Appends a reading about every half millisecond, as a busy agent would. */
  private static Thread producer(
      MemoryOutbox outbox, Publisher publisher, AtomicBoolean producing) {
    Thread thread =
        new Thread(
            () -> {
              while (producing.get()) {
                outbox.append(MemoryOutbox.payload(outbox.nextId()));
                publisher.outboxChanged();
                LockSupport.parkNanos(500_000);
              }
            },
            "reading-producer");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
