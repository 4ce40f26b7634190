package org.tracemark.ingest.bus.pulsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pulsar.client.api.HashingScheme;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tracemark.ingest.bus.BusMessage;
import org.tracemark.ingest.bus.Delivery;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.testing.PulsarStandalone;

/**
 * The Pulsar bus against a real Pulsar standalone ({@link PulsarStandalone}), one topic per test.
 * Runs in Maven profile {@code pulsar} only.
 */
class PulsarBusIT {

  private static final Pattern BACKLOG = Pattern.compile("\"msgBacklog\"\\s*:\\s*(\\d+)");
  private static PulsarStandalone pulsar;

  private final String topic =
      "persistent://public/default/it-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void startPulsar() throws Exception {
    pulsar = PulsarStandalone.start();
  }

  @AfterAll
  static void stopPulsar() throws Exception {
    if (pulsar != null) {
      pulsar.close();
    }
  }

  private PulsarBus bus() throws Exception {
    return PulsarBus.open(
        PulsarBusSettings.builder(pulsar.serviceUrl())
            .adminUrl(pulsar.adminUrl())
            .topic(topic)
            .partitions(4)
            .standbyRetry(Duration.ofMillis(200))
            .build());
  }

  private static BusMessage message(int device, long seq) {
    return new BusMessage(
        ReadingId.of(DeviceId.of("dev-" + device), 1, seq),
        1,
        ("reading of dev-" + device + " #" + seq).getBytes(StandardCharsets.UTF_8),
        1_764_000_000_000L + seq,
        1_764_000_000_000L);
  }

  /** Takes, records and acknowledges until {@code done} holds or the deadline passes. */
  private static void drain(
      PulsarSubscription subscription,
      List<BusMessage> into,
      Duration deadline,
      java.util.function.BooleanSupplier done) {
    await()
        .atMost(deadline)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .until(
            () -> {
              for (Delivery d : subscription.take(1000, Duration.ofMillis(100))) {
                into.add(d.message());
                d.ack();
              }
              return done.getAsBoolean();
            });
  }

  private long backlog() throws Exception {
    HttpResponse<String> stats =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        pulsar
                            .adminUrl()
                            .resolve(
                                "/admin/v2/persistent/public/default/"
                                    + topic.substring(topic.lastIndexOf('/') + 1)
                                    + "/partitioned-stats"))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Matcher m = BACKLOG.matcher(stats.body());
    assertThat(m.find()).as("backlog in %s", stats.body()).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static ReadingId id(BusMessage m) {
    return m.first();
  }

  @Test
  void tenThousandMessagesOfAHundredDevicesArriveAsSentInDeviceOrderAndAreAllAcknowledged()
      throws Exception {
    try (PulsarBus bus = bus()) {
      PulsarSubscription subscription = bus.subscribe();
      List<CompletableFuture<Void>> sent = new ArrayList<>();
      Map<ReadingId, BusMessage> expected = new HashMap<>();
      for (int seq = 0; seq < 100; seq++) {
        for (int device = 0; device < 100; device++) {
          BusMessage m = message(device, seq);
          expected.put(m.first(), m);
          sent.add(bus.publish(m));
        }
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      List<BusMessage> received = new ArrayList<>();
      drain(subscription, received, Duration.ofSeconds(60), () -> received.size() >= 10_000);

      assertThat(received).hasSize(10_000);
      Map<DeviceId, Long> lastSeq = new HashMap<>();
      for (BusMessage m : received) {
        BusMessage sentAs = expected.get(m.first());
        assertThat(sentAs).as("received %s, never sent", m.first()).isNotNull();
        assertThat(m.message()).isEqualTo(sentAs.message());
        assertThat(m.count()).isEqualTo(sentAs.count());
        assertThat(m.receivedAtMillis()).isEqualTo(sentAs.receivedAtMillis());
        long previous = lastSeq.getOrDefault(m.first().dev(), -1L);
        assertThat(m.first().seq()).as("order of %s", m.first().dev()).isEqualTo(previous + 1);
        lastSeq.put(m.first().dev(), m.first().seq());
      }
      assertThat(lastSeq).hasSize(100).allSatisfy((dev, seq) -> assertThat(seq).isEqualTo(99));
      await().atMost(Duration.ofSeconds(10)).until(() -> backlog() == 0);
    }
  }

  @Test
  void whatACrashedSubscriberDidNotAcknowledgeComesAgainToTheNext() throws Exception {
    Set<ReadingId> all = new HashSet<>();
    Set<ReadingId> ackedByFirst = new HashSet<>();
    try (PulsarBus publisher = bus()) {
      List<CompletableFuture<Void>> sent = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        BusMessage m = message(i % 5, i / 5);
        all.add(m.first());
        sent.add(publisher.publish(m));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      // The first sequencer takes everything, acknowledges only the first 200 and dies: its
      // process (client, connection) goes away without closing anything else.
      PulsarBus first = bus();
      PulsarSubscription crashing = first.subscribe();
      List<Delivery> taken = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                taken.addAll(crashing.take(1000, Duration.ofMillis(100)));
                return taken.size() >= 500;
              });
      for (Delivery d : taken.subList(0, 200)) {
        d.ack();
        ackedByFirst.add(d.message().first());
      }
      first.close();

      PulsarSubscription next = publisher.subscribe();
      List<BusMessage> again = new ArrayList<>();
      Set<ReadingId> missing = new HashSet<>(all);
      missing.removeAll(ackedByFirst);
      drain(
          next,
          again,
          Duration.ofSeconds(30),
          () -> again.stream().map(PulsarBusIT::id).toList().containsAll(missing));

      Set<ReadingId> anchored = new HashSet<>(ackedByFirst);
      again.forEach(m -> anchored.add(m.first()));
      assertThat(anchored).isEqualTo(all);
      await().atMost(Duration.ofSeconds(10)).until(() -> backlog() == 0);
    }
  }

  @Test
  void onlyOneSubscriberIsActiveAndTheStandbyTakesOverWithinFiveSeconds() throws Exception {
    try (PulsarBus publisher = bus();
        PulsarBus busA = bus();
        PulsarBus busB = bus()) {
      PulsarSubscription a = busA.subscribe();
      await().atMost(Duration.ofSeconds(30)).until(a::isActive);
      PulsarSubscription b = busB.subscribe();
      await().atMost(Duration.ofSeconds(30)).until(b::isStandingBy);

      List<CompletableFuture<Void>> sent = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        sent.add(publisher.publish(message(i % 20, i / 20)));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      List<BusMessage> toA = new ArrayList<>();
      List<BusMessage> toB = new ArrayList<>();
      drain(
          a,
          toA,
          Duration.ofSeconds(30),
          () -> {
            try {
              toB.addAll(b.take(1000, Duration.ZERO).stream().map(Delivery::message).toList());
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            return toA.size() >= 400;
          });
      assertThat(toA).hasSize(400); // every partition, not a share of them
      assertThat(toB).isEmpty();
      assertThat(b.isActive()).isFalse();

      a.close();
      Set<ReadingId> rest = new HashSet<>();
      sent.clear();
      for (int i = 400; i < 800; i++) {
        BusMessage m = message(i % 20, i / 20);
        rest.add(m.first());
        sent.add(publisher.publish(m));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      drain(
          b,
          toB,
          Duration.ofSeconds(5),
          () -> toB.stream().map(PulsarBusIT::id).toList().containsAll(rest));
      assertThat(b.isActive()).isTrue();
    }
  }

  @Test
  void aPulsarRestartMidStreamFailsNoPublishSilentlyAndTheConsumerRecoversByItself()
      throws Exception {
    try (PulsarBus bus = bus()) {
      PulsarSubscription subscription = bus.subscribe();
      Set<ReadingId> received = ConcurrentHashMap.newKeySet();
      AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
      Thread sequencer =
          new Thread(
              () -> {
                try {
                  while (!Thread.currentThread().isInterrupted()) {
                    for (Delivery d : subscription.take(1000, Duration.ofMillis(200))) {
                      received.add(d.message().first());
                      d.ack();
                    }
                  }
                } catch (InterruptedException stop) {
                  // the test is done
                } catch (Throwable t) {
                  consumerFailure.set(t);
                }
              },
              "sequencer");
      sequencer.start();

      List<CompletableFuture<Void>> sent = new ArrayList<>();
      List<BusMessage> messages = new ArrayList<>();
      Thread ingest =
          new Thread(
              () -> {
                for (int i = 0; i < 5000; i++) {
                  BusMessage m = message(i % 50, i / 50);
                  synchronized (sent) {
                    messages.add(m);
                    sent.add(bus.publish(m));
                  }
                  // Pacing, not waiting: spread the 5,000 over ~5 s so the restart falls inside.
                  LockSupport.parkNanos(1_000_000);
                }
              },
              "ingest");
      ingest.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                synchronized (sent) {
                  return sent.size() >= 1000 && sent.get(999).isDone();
                }
              });
      pulsar.restart();
      ingest.join(Duration.ofSeconds(120).toMillis());
      assertThat(ingest.isAlive()).isFalse();

      // Every future completes one way or the other, within the send timeout (30 s) and a margin.
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> sent.stream().allMatch(CompletableFuture::isDone));
      Set<ReadingId> persisted = new HashSet<>();
      int failed = 0;
      for (int i = 0; i < sent.size(); i++) {
        if (sent.get(i).isCompletedExceptionally()) {
          failed++;
        } else {
          persisted.add(messages.get(i).first());
        }
      }
      System.out.printf(
          "restart mid-stream: %d of %d publishes persisted, %d failed%n",
          persisted.size(), sent.size(), failed);
      assertThat(persisted.size() + failed).isEqualTo(5000);
      assertThat(persisted).isNotEmpty();

      // After the restart, new messages go through without anyone reconnecting anything.
      List<CompletableFuture<Void>> after = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        BusMessage m = message(99, i);
        persisted.add(m.first());
        after.add(bus.publish(m));
      }
      CompletableFuture.allOf(after.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () -> {
                assertThat(consumerFailure.get()).isNull();
                assertThat(received).containsAll(persisted);
              });
      sequencer.interrupt();
      sequencer.join(Duration.ofSeconds(10).toMillis());
    }
  }

  @Test
  void aMessageThatIsNotABusMessageIsCountedAcknowledgedAndSkipped() throws Exception {
    try (PulsarBus bus = bus();
        PulsarClient raw = PulsarClient.builder().serviceUrl(pulsar.serviceUrl()).build();
        Producer<byte[]> stranger =
            raw.newProducer(Schema.BYTES)
                .topic(topic)
                .hashingScheme(HashingScheme.Murmur3_32Hash)
                .create()) {
      bus.publish(message(1, 0)).get(30, TimeUnit.SECONDS);
      stranger
          .newMessage()
          .key("dev-1")
          .value("{\"not\": \"a bus message\"}".getBytes(StandardCharsets.UTF_8))
          .send();
      bus.publish(message(1, 1)).get(30, TimeUnit.SECONDS);
      bus.publish(message(1, 2)).get(30, TimeUnit.SECONDS);

      PulsarSubscription subscription = bus.subscribe();
      List<BusMessage> received = new ArrayList<>();
      drain(subscription, received, Duration.ofSeconds(30), () -> received.size() >= 3);

      assertThat(received).extracting(m -> m.first().seq()).containsExactly(0L, 1L, 2L);
      assertThat(subscription.malformed()).isEqualTo(1);
      assertThat(subscription.lastMalformed())
          .get()
          .isInstanceOf(MalformedBusMessageException.class)
          .extracting(Throwable::getMessage)
          .asString()
          .startsWith("no bus message magic");
      // Acknowledged like the good ones: nothing is left to be redelivered for ever.
      await().atMost(Duration.ofSeconds(10)).until(() -> backlog() == 0);
    }
  }
}
