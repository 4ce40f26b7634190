package org.tracemark.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.edge.config.AgentConfig;
import org.tracemark.edge.sensor.scenario.Scenario;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.reading.DeviceKey;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.ReadingCheck;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.ReadingVerifier;
import org.tracemark.keys.signing.SignatureKey;
import org.tracemark.testing.MosquittoBroker;

/**
 * The whole agent against a real Mosquitto (a process of this test's own): scenario observations
 * are signed, queued on disk and published; a SIGKILL mid-stream loses nothing that was queued and
 * the next start counts a new boot; an expired certificate stops the agent with a clear error.
 */
class AgentIT {

  // A broker of this test's own: the machine's Mosquitto drops QoS 1 messages beyond 1,000 queued
  // for a subscriber, which a draining agent easily exceeds, and the test would lose them.
  private static MosquittoBroker broker;
  private static String brokerUrl;

  @BeforeAll
  static void startBroker(@TempDir Path dir) throws Exception {
    int port = MosquittoBroker.freePort();
    broker = MosquittoBroker.plain(dir, port);
    brokerUrl = "tcp://127.0.0.1:" + port;
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  private static Path config(Path dir, String device, String extra) throws Exception {
    Path file = dir.resolve("agent.properties");
    Files.writeString(dir.resolve("passphrase"), new String(TestIdentity.PASSPHRASE) + "\n");
    Files.writeString(
        file,
        String.join(
            "\n",
            "device.id=" + device,
            "broker.url=" + brokerUrl,
            "key.passphrase-file=passphrase",
            "scenario=fish",
            "scenario.device=reefer-logger",
            extra));
    return file;
  }

  /** Subscribes to one device's readings; verifies and collects their ids. */
  private static final class Receiver implements AutoCloseable {
    final MqttClient client;
    final ConcurrentLinkedQueue<byte[]> messages = new ConcurrentLinkedQueue<>();

    Receiver(String device) throws Exception {
      client = new MqttClient(brokerUrl, "agent-it-" + UUID.randomUUID(), new MemoryPersistence());
      client.setCallback(
          new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
              messages.add(message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
          });
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      client.connect(options);
      client.subscribe("tracemark/v1/devices/" + device + "/readings", 1);
    }

    /** Every reading id received, all of them verified against {@code certificate}. */
    List<ReadingId> verifiedIds(DeviceCertificate certificate, String device) throws Exception {
      DeviceKey key =
          new DeviceKey(
              certificate.deviceId(),
              SignatureKey.of(certificate.publicKey()),
              certificate.notBefore(),
              certificate.notAfter(),
              Optional.empty());
      ReadingVerifier verifier = new ReadingVerifier(kid -> Optional.of(key));
      List<ReadingId> ids = new ArrayList<>();
      for (byte[] message : messages) {
        ReadingCheck check =
            verifier.verify("tracemark/v1/devices/" + device + "/readings", message, Instant.now());
        assertThat(check)
            .as("every message published is a valid signed reading")
            .isInstanceOf(ReadingCheck.Verified.class);
        var reading = ((ReadingCheck.Verified) check).reading().reading();
        for (int i = 0; i < reading.count(); i++) {
          ids.add(reading.first().plus(i));
        }
      }
      return ids;
    }

    @Override
    public void close() throws Exception {
      client.disconnect();
      client.close();
    }
  }

  @Test
  void scenarioReadingsAreSignedQueuedAndAllReachTheBroker(@TempDir Path dir) throws Exception {
    String device = "reefer-" + UUID.randomUUID().toString().substring(0, 8);
    Path file = config(dir, device, "sampling.batch=5");
    AgentConfig config = AgentConfig.load(file);
    DeviceCertificate certificate =
        TestIdentity.enrol(
            config.stateDirectory(),
            device,
            Instant.now().minus(Duration.ofDays(30)),
            Instant.now().plus(Duration.ofDays(60)));
    // The scenario shifted so that the reefer logger (from day 9) starts about a day ago.
    List<Observation> observations =
        Scenario.load("fish")
            .timeline("reefer-logger", Instant.now().minus(Duration.ofDays(10)))
            .stream()
            .limit(400)
            .toList();
    try (Receiver receiver = new Receiver(device)) {
      try (Agent agent = Agent.start(config, TestIdentity.PASSPHRASE)) {
        assertThat(agent.boot()).isZero(); // the first start is boot 0
        assertThat(agent.record(observations)).isEqualTo(400);
        assertThat(agent.awaitDrained(Duration.ofSeconds(30))).isTrue();
        assertThat(agent.pending()).isZero();
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> receiver.messages.size() >= 80); // 400 readings in batches of 5
      List<ReadingId> ids = receiver.verifiedIds(certificate, device);
      assertThat(new TreeSet<>(ids)).hasSize(400);
      assertThat(ids.get(0).boot()).isZero();
      assertThat(new TreeSet<>(ids).last().seq()).isEqualTo(399);
    }
    assertThat(Files.readString(config.stateDirectory().resolve("status.json")))
        .contains("\"signed\" : 400")
        .contains("\"pending\" : 0");
  }

  @Test
  void killedMidStreamTheAgentReplaysItsQueueAndCountsANewBoot(@TempDir Path dir) throws Exception {
    String device = "reefer-" + UUID.randomUUID().toString().substring(0, 8);
    // 15-minute samples at x36000: one reading every 25 ms of wall time.
    Path file = config(dir, device, "scenario.speedup=36000\nscenario.device=vessel-hold");
    AgentConfig config = AgentConfig.load(file);
    DeviceCertificate certificate =
        TestIdentity.enrol(
            config.stateDirectory(),
            device,
            Instant.now().minusSeconds(60),
            Instant.now().plusSeconds(86_400 * 60L));
    try (Receiver receiver = new Receiver(device)) {
      Process first = startAgent(file, "run");
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> receiver.messages.size() >= 20);
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();

      Process second = startAgent(file, "run", "--duration", "3s");
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = new String(second.getInputStream().readAllBytes());
      assertThat(output).contains("boot 1");

      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                Map<Long, TreeSet<Long>> byBoot = new TreeMap<>();
                for (ReadingId id : receiver.verifiedIds(certificate, device)) {
                  byBoot.computeIfAbsent(id.boot(), b -> new TreeSet<>()).add(id.seq());
                }
                assertThat(byBoot).containsKeys(0L, 1L);
                // Boot 0: every reading from 0 up to the last one queued arrived, none lost.
                TreeSet<Long> bootOne = byBoot.get(0L);
                assertThat(bootOne.first()).isZero();
                assertThat(bootOne).hasSize((int) (bootOne.last() + 1));
                TreeSet<Long> bootTwo = byBoot.get(1L);
                assertThat(bootTwo.first()).isZero();
                assertThat(bootTwo).hasSize((int) (bootTwo.last() + 1));
              });
    }
  }

  @Test
  void aFullBufferKeepsMeasuringIntoASummaryAndTheSequenceGapStaysVisible(@TempDir Path dir)
      throws Exception {
    String device = "full-" + UUID.randomUUID().toString().substring(0, 8);
    // Port 9 (discard) is closed here: the broker is away, the 1 MiB queue fills up.
    Path file =
        config(
            dir,
            device,
            "broker.url=tcp://127.0.0.1:9\nqueue.max-bytes=1048576\nqueue.fsync=never");
    AgentConfig away = AgentConfig.load(file);
    DeviceCertificate certificate =
        TestIdentity.enrol(
            away.stateDirectory(),
            device,
            Instant.now().minus(Duration.ofDays(30)),
            Instant.now().plus(Duration.ofDays(60)));
    List<Observation> observations =
        Scenario.load("fish")
            .timeline("reefer-logger", Instant.now().minus(Duration.ofDays(10)))
            .stream()
            .limit(3_000)
            .toList();
    int queued = 0;
    try (Agent agent = Agent.start(away, TestIdentity.PASSPHRASE)) {
      for (int round = 0; round < 4; round++) {
        queued += agent.record(observations);
      }
      assertThat(queued).isLessThan(12_000).isGreaterThan(1_000);
      agent.writeStatus();
      String status = Files.readString(away.stateDirectory().resolve("status.json"));
      assertThat(status)
          .contains("\"bufferFull\" : true")
          .contains("\"summarised\" : " + (12_000 - queued))
          .contains("\"nextSeq\" : 12000");
    }
    // The broker is back: what was queued arrives, and the summarised readings stay a gap.
    Files.writeString(file, Files.readString(file).replace("tcp://127.0.0.1:9", brokerUrl));
    try (Receiver receiver = new Receiver(device);
        Agent agent = Agent.start(AgentConfig.load(file), TestIdentity.PASSPHRASE)) {
      assertThat(agent.awaitDrained(Duration.ofSeconds(60))).isTrue();
      int expected = queued;
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> receiver.messages.size() >= expected);
      TreeSet<Long> bootZero = new TreeSet<>();
      for (ReadingId id : receiver.verifiedIds(certificate, device)) {
        if (id.boot() == 0) {
          bootZero.add(id.seq());
        }
      }
      assertThat(bootZero).hasSize(queued);
      assertThat(bootZero.first()).isZero();
      assertThat(bootZero.last()).isEqualTo(queued - 1L);
      assertThat(agent.boot()).isEqualTo(1);
    }
  }

  @Test
  void scansFromAFileAreValidatedSignedAndPublishedAndABadLineIsReportedByNumber(@TempDir Path dir)
      throws Exception {
    String device = "scanner-" + UUID.randomUUID().toString().substring(0, 8);
    Path file = config(dir, device, "");
    AgentConfig config = AgentConfig.load(file);
    DeviceCertificate certificate =
        TestIdentity.enrol(
            config.stateDirectory(),
            device,
            Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(60)));
    Path scans = dir.resolve("scans.txt");
    Files.writeString(
        scans,
        "]C101095201234567881710123110LOT-7\u001d21SER1\n"
            + "https://id.gs1.org/00/095201230000000189\n"
            + "(01)09520123456789(10)BAD\n");
    var out = new java.io.StringWriter();
    var err = new java.io.StringWriter();
    try (Receiver receiver = new Receiver(device)) {
      var cli = org.tracemark.edge.cli.AgentCommand.commandLine();
      cli.setOut(new java.io.PrintWriter(out));
      cli.setErr(new java.io.PrintWriter(err));
      int exit =
          cli.execute(
              "scan",
              "--config",
              file.toString(),
              "--biz",
              "shipping",
              "--loc",
              "urn:epc:id:sgln:9520123.00001.0",
              "--input",
              scans.toString());
      assertThat(exit).as("a rejected line makes the exit status 1").isEqualTo(1);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.messages.size() >= 2);
      List<ReadingId> ids = receiver.verifiedIds(certificate, device);
      assertThat(ids).hasSize(2);
      assertThat(receiver.messages)
          .allSatisfy(
              message -> {
                var reading = org.tracemark.keys.reading.SignedReading.decode(message).reading();
                var scan = reading.observations().get(0);
                assertThat(scan.biz()).contains("shipping");
                assertThat(scan.loc()).contains("urn:epc:id:sgln:9520123.00001.0");
                assertThat(scan.epc().orElseThrow()).startsWith("https://id.gs1.org/");
              });
    }
  }

  @Test
  void anExpiredCertificateStopsTheAgentWithAClearErrorAndKeepsTheQueue(@TempDir Path dir)
      throws Exception {
    String device = "old-" + UUID.randomUUID().toString().substring(0, 8);
    AgentConfig config = AgentConfig.load(config(dir, device, ""));
    TestIdentity.enrol(
        config.stateDirectory(),
        device,
        Instant.now().minusSeconds(86_400 * 30L),
        Instant.now().minusSeconds(60));
    assertThatThrownBy(() -> Agent.start(config, TestIdentity.PASSPHRASE))
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("expired")
        .hasMessageContaining("enroll --rotate");
    assertThatThrownBy(() -> Agent.start(config, "wrong".toCharArray()))
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("device-key.pem");
  }

  private static Process startAgent(Path config, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.tracemark.edge.cli.AgentCommand");
    command.addAll(List.of(args));
    command.add("--config");
    command.add(config.toString());
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }
}
