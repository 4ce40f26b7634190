package org.tracemark.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.device.DeviceId;

/** Against the machine's Mosquitto on 127.0.0.1:1883 (DESIGN §6). */
class PublisherSystemBrokerIT {

  private static final String BROKER = "tcp://127.0.0.1:1883";
  private static final int READINGS = 5_000;
  private static final int CHUNK = 500;

  @BeforeAll
  static void systemMosquittoRuns() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 1883), 1_000);
    } catch (IOException e) {
      throw new AssertionError(
          "the system Mosquitto is not reachable on 127.0.0.1:1883; start it with"
              + " `mosquitto -d -c /etc/mosquitto/mosquitto.conf`",
          e);
    }
  }

  @Test
  void fiveThousandReadingsArriveInOrderAndTheOutboxDrains() throws Exception {
    DeviceId device = FastRetry.uniqueDevice("it-system");
    MemoryOutbox outbox = new MemoryOutbox();
    AtomicInteger widestWindow = new AtomicInteger();
    try (RecordingSubscriber subscriber =
        RecordingSubscriber.connect(
            BROKER, "sub-" + device, device.readingsTopic(), device.statusTopic())) {
      Publisher publisher = Publisher.start(FastRetry.options(device, BROKER).build(), outbox);
      try {
        // The system broker keeps mosquitto's default max_queued_messages (1000 per client): a
        // burst faster than the subscriber reads would be dropped on the way to the subscriber
        // (after our PUBACK, so not our loss). Feed the outbox the way a device does, in steps.
        for (int step = 0; step < READINGS / CHUNK; step++) {
          outbox.fill(CHUNK);
          publisher.outboxChanged();
          long appended = outbox.nextId();
          await()
              .atMost(Duration.ofSeconds(20))
              .pollInterval(Duration.ofMillis(1))
              .until(
                  () -> {
                    widestWindow.accumulateAndGet(publisher.stats().inFlight(), Math::max);
                    return outbox.head() == appended
                        && subscriber.ids(device.readingsTopic()).size() >= appended;
                  });
        }
        assertThat(publisher.awaitDrained(Duration.ofSeconds(1))).isTrue();

        List<Long> ids = subscriber.ids(device.readingsTopic());
        assertThat(RecordingSubscriber.firstOccurrences(ids))
            .containsExactlyElementsOf(LongStream.range(0, READINGS).boxed().toList());
        PublisherStats stats = publisher.stats();
        assertThat(stats.acknowledged()).isEqualTo(READINGS);
        assertThat(stats.sent()).isEqualTo(READINGS);
        assertThat(stats.connects()).isEqualTo(1);
        assertThat(stats.failedAttempts()).isZero();
        assertThat(widestWindow.get()).isLessThanOrEqualTo(PublisherOptions.DEFAULT_MAX_INFLIGHT);
        assertThat(outbox.repeatedAcknowledgements()).isZero();
        assertThat(subscriber.on(device.statusTopic()))
            .anySatisfy(status -> assertThat(status.text()).contains("\"state\":\"online\""));
      } finally {
        publisher.close();
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(subscriber.on(device.statusTopic()))
                      .anySatisfy(
                          status -> assertThat(status.text()).contains("\"state\":\"offline\"")));
    } finally {
      forget(device);
    }
  }

  // The system broker is shared and persistent: drop the retained status and the session.
  private static void forget(DeviceId device) throws Exception {
    MqttAsyncClient client = new MqttAsyncClient(BROKER, device.value(), new MemoryPersistence());
    MqttConnectOptions clean = new MqttConnectOptions();
    clean.setCleanSession(true);
    client.connect(clean).waitForCompletion(5_000);
    client.publish(device.statusTopic(), new byte[0], 1, true).waitForCompletion(5_000);
    client.disconnect().waitForCompletion(5_000);
    client.close();
  }
}
