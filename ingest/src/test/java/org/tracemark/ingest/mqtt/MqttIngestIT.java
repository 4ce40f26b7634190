package org.tracemark.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.tracemark.ingest.bus.MemoryBus;
import org.tracemark.ingest.metrics.CheckpointLatency;
import org.tracemark.ingest.metrics.IngestMetrics;
import org.tracemark.ingest.pipeline.IngestPipeline;
import org.tracemark.ingest.pipeline.QuarantineSink;
import org.tracemark.ingest.sequencer.MemoryAnchorLog;
import org.tracemark.ingest.sequencer.Sequencer;
import org.tracemark.ingest.testing.TestDevices;
import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.ReadingVerifier;

/**
 * The subscriber against the real Mosquitto on 127.0.0.1:1883, as devices publish, through the
 * whole chain (pipeline, memory bus, sequencer, an in-memory log): every signed reading is anchored
 * once, redeliveries are duplicates, garbage is quarantined, everything is acknowledged; and with a
 * persistent session the broker keeps what arrives while ingest is down.
 */
class MqttIngestIT {

  private static final String BROKER = "tcp://127.0.0.1:1883";

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  // A share group of this test's own, so no other session on the shared broker takes a message.
  private final String filter = "$share/it-" + run + "/tracemark/v1/devices/+/readings";
  private final String clientId = "ingest-it-" + run;
  private final TestDevices devices = new TestDevices();
  private final MemoryAnchorLog log = new MemoryAnchorLog();
  private final Map<QuarantineReason, AtomicInteger> quarantined = new ConcurrentHashMap<>();
  private final IngestMetrics metrics = IngestMetrics.standalone();
  private MemoryBus bus;
  private Sequencer sequencer;
  private IngestPipeline pipeline;
  private MqttClient device;

  @BeforeEach
  void start() throws Exception {
    QuarantineSink sink =
        (topic, message, rx, reason, detail, claimed) ->
            quarantined.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    bus = new MemoryBus(1024);
    sequencer =
        Sequencer.start(
            bus.subscribe(),
            log,
            sink,
            Sequencer.Settings.defaults(),
            metrics,
            new CheckpointLatency(metrics));
    pipeline = new IngestPipeline(new ReadingVerifier(devices), 2, sink, bus, metrics);
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
    sequencer.close();
    // Remove this test's persistent session from the shared broker.
    MqttClient cleaner = new MqttClient(BROKER, clientId, new MemoryPersistence());
    MqttConnectOptions clean = new MqttConnectOptions();
    clean.setCleanSession(true);
    cleaner.connect(clean);
    cleaner.disconnect();
    cleaner.close();
  }

  private List<Map.Entry<String, byte[]>> readings(int count, int perDevice) {
    List<Map.Entry<String, byte[]>> messages = new ArrayList<>();
    for (int d = 0; d < count; d++) {
      String id = "it-" + run + "-" + d;
      for (int seq = 0; seq < perDevice; seq++) {
        messages.add(Map.entry(TestDevices.topic(id), devices.reading(id, 0, seq, 2.0 + seq)));
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
          TestDevices.topic("it-" + run + "-0"), new byte[] {(byte) 0xd2, 0x00}, 1, false);

      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ingest.acknowledged() == 511);
      assertThat(log.anchoredReadings())
          .hasSize(500)
          .allSatisfy((id, times) -> assertThat(times).isOne());
      assertThat(quarantined.get(QuarantineReason.MALFORMED)).hasValue(1);
      assertThat(metrics.count("duplicate", "none")).isEqualTo(10);
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
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> log.anchoredReadings().size() == 50);
      assertThat(log.anchoredReadings().values()).containsOnly(1);
    }
  }
}
