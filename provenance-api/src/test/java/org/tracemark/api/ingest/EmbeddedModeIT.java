package org.tracemark.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.DeviceCsr;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.SigningAlgorithm;
import org.tracemark.keys.signing.SigningKey;
import org.tracemark.testing.MosquittoBroker;

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
    PGSimpleDataSource db = new PGSimpleDataSource();
    db.setUrl("jdbc:postgresql://127.0.0.1:5432/test");
    db.setUser("postgres");
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
    Path dir = Path.of("target/embedded-mode-" + UUID.randomUUID().toString().substring(0, 8));
    int httpPort = MosquittoBroker.freePort();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        AppProcess app =
            new AppProcess(
                List.of("-Xmx512m", "-Dtracemark.db.schema=" + schema),
                List.of(
                    "--db-url",
                    "jdbc:postgresql://127.0.0.1:5432/test",
                    "--port",
                    Integer.toString(httpPort),
                    "--home",
                    dir.resolve("home").toString()),
                Map.of(
                    "TRACEMARK_MQTT_PORT", Integer.toString(taken.getLocalPort()),
                    "TRACEMARK_LEDGER_KEY_PASSPHRASE", "embedded-ledger",
                    "TRACEMARK_CA_KEY_PASSPHRASE", "embedded-ca",
                    "TRACEMARK_WITNESS_ENABLED", "false"),
                dir.resolve("logs"),
                httpPort)) {
      app.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> BROKER.matcher(app.output()).find());
      String output = app.output();
      Matcher printed = BROKER.matcher(output);
      assertThat(printed.find()).isTrue();
      int port = Integer.parseInt(printed.group(1));
      assertThat(port).isNotEqualTo(taken.getLocalPort());
      assertThat(output).contains("Port " + taken.getLocalPort() + " is taken");

      CrashRun helpers = new CrashRun(schema, Map.of(), mqtt -> {});
      String token = CrashRun.producerToken(app, dir.resolve("home"), helpers.organisation());
      KeyPair pair = KeyPairs.generate(SigningAlgorithm.ED25519);
      CrashRun.enrol(app, token, DeviceCsr.create(DeviceId.of("demo-silo"), pair).toPem());
      SigningKey key = SigningKey.of(pair);
      long before = checkpointSize(app);

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
          .until(() -> checkpointSize(app) == before + 1);

      // The same device claiming another device's topic: the broker drops it and closes the
      // connection; the ledger does not grow.
      try {
        silo.publish(DeviceId.of("demo-mill").readingsTopic(), reading, 1, false)
            .waitForCompletion(5_000);
      } catch (org.eclipse.paho.client.mqttv3.MqttException expected) {
        // connection closed by the broker, as the ACL says
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> !silo.isConnected());
      assertThat(checkpointSize(app)).isEqualTo(before + 1);
      // Refused by the broker itself, before ingest: not even in quarantine.
      try (Connection c = db.getConnection();
          Statement s = c.createStatement();
          java.sql.ResultSet rs =
              s.executeQuery("SELECT count(*) FROM " + schema + ".quarantine")) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
      silo.close();
    }
  }

  private static long checkpointSize(AppProcess app) throws Exception {
    return Long.parseLong(app.get("/ledger/checkpoint").body().split("\n")[1]);
  }
}
