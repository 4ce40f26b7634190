package org.tracemark.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.DeviceCsr;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.SigningAlgorithm;
import org.tracemark.keys.signing.SigningKey;

/**
 * Embedded mode as {@code ./tracemark demo} runs it, from the packaged application: the MQTT
 * broker's preferred port is taken, so it picks a free one and prints it; a device publishes there
 * and its reading lands in a signed checkpoint; a device publishing under another device's topic is
 * refused by the broker, and nothing of it reaches the ledger.
 */
class EmbeddedModeIT {

  private static final Pattern BROKER =
      Pattern.compile("MQTT broker +tcp://127\\.0\\.0\\.1:(\\d+)");

  @Test
  void aTakenBrokerPortIsReplacedAndPrintedAndDevicesPublishThere() throws Exception {
    String schema = "tracemark_embedded";
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        AppProcess app =
            AppProcess.onTestSchema(
                schema,
                "512m",
                Map.of("TRACEMARK_MQTT_PORT", Integer.toString(taken.getLocalPort())))) {
      app.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> BROKER.matcher(app.output()).find());
      String output = app.output();
      Matcher printed = BROKER.matcher(output);
      assertThat(printed.find()).isTrue();
      int port = Integer.parseInt(printed.group(1));
      assertThat(port).isNotEqualTo(taken.getLocalPort());
      assertThat(output).contains("Port " + taken.getLocalPort() + " is taken");

      String token = app.producerToken(app.organisation("Demo Grain"));
      KeyPair pair = KeyPairs.generate(SigningAlgorithm.ED25519);
      app.enrol(token, DeviceCsr.create(DeviceId.of("demo-silo"), pair).toPem());
      SigningKey key = SigningKey.of(pair);
      long before = app.checkpointSize();

      MqttAsyncClient silo = CrashRun.connect(port, "demo-silo");
      byte[] reading =
          SignedReading.sign(
                  Reading.single(
                      ReadingId.of(DeviceId.of("demo-silo"), 0, 0),
                      Observation.sensor(
                          Instant.now().toEpochMilli(), Map.of("temperature", 4.0), List.of())),
                  key)
              .message();
      silo.publish(DeviceId.of("demo-silo").readingsTopic(), reading, 1, false).waitForCompletion();
      await("the reading in a signed checkpoint")
          .atMost(Duration.ofSeconds(20))
          .until(() -> app.checkpointSize() == before + 1);

      // The same device claiming another device's topic: the broker drops it and closes the
      // connection; the ledger does not grow.
      try {
        silo.publish(DeviceId.of("demo-mill").readingsTopic(), reading, 1, false)
            .waitForCompletion(5_000);
      } catch (org.eclipse.paho.client.mqttv3.MqttException expected) {
        // connection closed by the broker, as the ACL says
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> !silo.isConnected());
      assertThat(app.checkpointSize()).isEqualTo(before + 1);
      // Refused by the broker itself, before ingest: not even in quarantine.
      assertThat(app.count("SELECT count(*) FROM " + schema + ".quarantine")).isZero();
      silo.close();
    }
  }
}
