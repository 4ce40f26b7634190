package org.tracemark.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracemark.ingest.pipeline.IngestPipeline;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.DeviceKey;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.ReadingVerifier;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SigningKey;

/**
 * The subscriber against the real Mosquitto on 127.0.0.1:1883, as devices publish: every signed
 * reading is anchored once, redeliveries are duplicates, garbage is quarantined, everything is
 * acknowledged; and with a persistent session the broker keeps what arrives while ingest is down.
 */
class MqttIngestIT {

  private static final String BROKER = "tcp://127.0.0.1:1883";

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  // A share group of this test's own, so no other session on the shared broker takes a message.
  private final String filter = "$share/it-" + run + "/tracemark/v1/devices/+/readings";
  private final String clientId = "ingest-it-" + run;
  private final Map<KeyId, DeviceKey> ring = new ConcurrentHashMap<>();
  private final Map<ReadingId, Integer> anchored = new ConcurrentHashMap<>();
  private final Map<QuarantineReason, AtomicInteger> quarantined = new ConcurrentHashMap<>();
  private IngestPipeline pipeline;
  private MqttClient device;

  @BeforeEach
  void start() throws Exception {
    pipeline =
        new IngestPipeline(
            new ReadingVerifier(kid -> Optional.ofNullable(ring.get(kid))),
            2,
            4,
            1024,
            (topic, message, rx, reason, detail, reading) ->
                quarantined.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet(),
            (first, count, entry) -> anchored.merge(first, 1, Integer::sum));
    device = new MqttClient(BROKER, "device-" + run, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMaxInflight(1000);
    device.connect(options);
  }

  @AfterEach
  void stop() throws Exception {
    device.disconnect();
    device.close();
    pipeline.close();
    // Remove this test's persistent session from the shared broker.
    MqttClient cleaner = new MqttClient(BROKER, clientId, new MemoryPersistence());
    MqttConnectOptions clean = new MqttConnectOptions();
    clean.setCleanSession(true);
    cleaner.connect(clean);
    cleaner.disconnect();
    cleaner.close();
  }

  private List<Map.Entry<String, byte[]>> readings(int devices, int perDevice) throws Exception {
    List<Map.Entry<String, byte[]>> messages = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      DeviceId id = DeviceId.of("it-" + run + "-" + d);
      SigningKey key = SigningKey.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
      ring.put(
          key.kid(),
          new DeviceKey(
              id,
              key.publicKey(),
              Instant.now().minusSeconds(3600),
              Instant.now().plusSeconds(3600),
              Optional.empty()));
      for (int seq = 0; seq < perDevice; seq++) {
        Reading reading =
            Reading.single(
                ReadingId.of(id, 0, seq),
                Observation.sensor(
                    Instant.now().toEpochMilli(), Map.of("temperature", 2.0 + seq), List.of()));
        messages.add(Map.entry(id.readingsTopic(), SignedReading.sign(reading, key).message()));
      }
    }
    return messages;
  }

  @Test
  void everyReadingIsAnchoredOnceRedeliveriesAreDuplicatesAndGarbageIsQuarantined()
      throws Exception {
    try (MqttIngest ingest = MqttIngest.start(BROKER, clientId, filter, pipeline, 256)) {
      List<Map.Entry<String, byte[]>> messages = readings(10, 50);
      for (Map.Entry<String, byte[]> message : messages) {
        device.publish(message.getKey(), message.getValue(), 1, false);
      }
      for (Map.Entry<String, byte[]> message : messages.subList(0, 10)) {
        device.publish(message.getKey(), message.getValue(), 1, false); // an agent's resend
      }
      device.publish(
          DeviceId.of("it-" + run + "-0").readingsTopic(),
          new byte[] {(byte) 0xd2, 0x00},
          1,
          false);

      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ingest.acknowledged() == 511);
      assertThat(anchored).hasSize(500).allSatisfy((id, times) -> assertThat(times).isOne());
      assertThat(quarantined.get(QuarantineReason.MALFORMED)).hasValue(1);
      assertThat(ingest.received()).isEqualTo(511);
      assertThat(ingest.failed()).isZero();
    }
  }

  @Test
  void whatArrivesWhileIngestIsDownIsDeliveredWhenItReturns() throws Exception {
    MqttIngest.start(BROKER, clientId, filter, pipeline, 64).close(); // the session now exists
    List<Map.Entry<String, byte[]>> messages = readings(2, 25);
    for (Map.Entry<String, byte[]> message : messages) {
      device.publish(message.getKey(), message.getValue(), 1, false);
    }
    try (MqttIngest ingest = MqttIngest.start(BROKER, clientId, filter, pipeline, 64)) {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> anchored.size() == 50);
      assertThat(anchored.values()).containsOnly(1);
    }
  }
}
