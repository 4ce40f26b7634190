package org.tracemark.edge.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.reading.DeviceKey;
import org.tracemark.keys.reading.ReadingCheck;
import org.tracemark.keys.reading.ReadingVerifier;
import org.tracemark.keys.signing.KeyId;

/**
 * The fleet against the real Mosquitto on 127.0.0.1:1883: every message it reports as sent arrives,
 * is a reading the devices' enrolled keys verify, and each device's sequence numbers arrive
 * complete and in order.
 */
class FleetIT {

  @Test
  void everyPublishedReadingArrivesSignedAndInSequencePerDevice() throws Exception {
    long seed = System.nanoTime();
    int devices = 40;
    int messages = 4_000;
    ConcurrentLinkedQueue<Map.Entry<String, byte[]>> received = new ConcurrentLinkedQueue<>();
    MqttClient subscriber =
        new MqttClient("tcp://127.0.0.1:1883", "fleet-it-" + seed, new MemoryPersistence());
    subscriber.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            received.add(Map.entry(topic, message.getPayload()));
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setMaxInflight(1000);
    subscriber.connect(options);
    // Boot = seed keeps this run's readings apart from any other run's on the shared broker.
    subscriber.subscribe("tracemark/v1/devices/+/readings", 1);
    try {
      ByteArrayOutputStream progress = new ByteArrayOutputStream();
      FleetReport report =
          Fleet.run(
              new FleetOptions(
                  "tcp://127.0.0.1:1883",
                  devices,
                  // Mosquitto drops QoS 1 messages beyond a subscriber's queue (1,000 by
                  // default): pace the fleet so this test's subscriber keeps up.
                  2_000,
                  Duration.ofSeconds(30),
                  messages,
                  "fish",
                  true,
                  2,
                  200,
                  Math.abs(seed % 1_000_000),
                  seed),
              new PrintStream(progress, true));
      assertThat(report.sent()).isEqualTo(messages);
      assertThat(report.acknowledged()).isEqualTo(messages);
      assertThat(report.summary()).contains("4,000 acknowledged");

      Map<KeyId, DeviceKey> ring = new HashMap<>();
      for (FleetDevices.Device device : FleetDevices.create(devices, seed)) {
        ring.put(
            device.key().kid(),
            new DeviceKey(
                device.id(),
                device.key().publicKey(),
                Instant.now().minusSeconds(3600),
                Instant.now().plusSeconds(3600),
                Optional.empty()));
      }
      ReadingVerifier verifier = new ReadingVerifier(kid -> Optional.ofNullable(ring.get(kid)));
      long boot = Math.abs(seed % 1_000_000);
      Map<String, Long> nextSeq = new ConcurrentHashMap<>();
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                Map.Entry<String, byte[]> next;
                while ((next = received.poll()) != null) {
                  ReadingCheck check =
                      verifier.verify(next.getKey(), next.getValue(), Instant.now());
                  if (!(check instanceof ReadingCheck.Verified verified)) {
                    continue; // another test's reading on the shared broker
                  }
                  var id = verified.reading().reading().first();
                  if (id.boot() != boot) {
                    continue;
                  }
                  long expected = nextSeq.getOrDefault(id.dev().value(), 0L);
                  assertThat(id.seq()).as("sequence of %s", id.dev()).isEqualTo(expected);
                  nextSeq.put(id.dev().value(), expected + 1);
                }
                return nextSeq.values().stream().mapToLong(Long::longValue).sum() == messages;
              });
      assertThat(nextSeq).hasSize(devices);
    } finally {
      subscriber.disconnect();
      subscriber.close();
    }
  }
}
