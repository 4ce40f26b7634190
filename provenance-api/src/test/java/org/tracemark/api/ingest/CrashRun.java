package org.tracemark.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.tracemark.ingest.sequencer.AnchoredRange;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.DeviceCsr;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.SigningAlgorithm;
import org.tracemark.keys.signing.SigningKey;
import org.tracemark.ledger.checkpoint.CheckpointVerifier;
import org.tracemark.ledger.checkpoint.SignedCheckpoint;
import org.tracemark.ledger.log.LogReader;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.note.VerifierKey;
import org.tracemark.ledger.proof.ProofBuilder;
import org.tracemark.ledger.proof.ProofVerifier;
import org.tracemark.ledger.storage.PostgresLogStorage;
import org.tracemark.ledger.tile.BundleIndex;
import org.tracemark.ledger.tile.EntryBundle;
import org.tracemark.ledger.tile.Tiling;
import org.tracemark.testing.MosquittoBroker;

/**
 * The exactly-once run of issue 7, for {@link IngestCrashIT} (memory bus) and {@code PulsarCrashIT}
 * (Pulsar bus). Exactly once, whatever crashes: 50,000 readings from 100 devices are published over
 * MQTT while the application — ingest, bus, sequencer, ledger in one process, the way embedded mode
 * runs — is killed with SIGKILL three times and started again. Afterwards every {@code (dev, boot,
 * seq)} is in the ledger exactly once, nothing else is, every checkpoint served along the way is
 * consistent with the final log, and after the last restart a replayed message is still a duplicate
 * and a second message for a taken id still an equivocation.
 *
 * <p>The broker is a Mosquitto of the test's own with persistence and a queue deep enough for the
 * outage (the machine's Mosquitto drops QoS 1 messages beyond 1,000 queued per client).
 */
public final class CrashRun {

  private static final int DEVICES = 100;
  private static final int PER_DEVICE = 500;
  private static final int TOTAL = DEVICES * PER_DEVICE;
  private final Map<Long, byte[]> checkpoints = new ConcurrentSkipListMap<>();

  /** Something else that goes wrong in the middle of the run (a broker restart). */
  public interface Outage {
    void happen(MosquittoBroker mqtt) throws Exception;
  }

  private final String schema;
  private final Map<String, String> env;
  private final Outage outage;

  /**
   * @param schema the PostgreSQL schema of this run (dropped first)
   * @param env extra environment of the application (its bus)
   */
  public CrashRun(String schema, Map<String, String> env, Outage outage) {
    this.schema = schema;
    this.env = env;
    this.outage = outage;
  }

  public void run() throws Exception {
    int mqttPort = MosquittoBroker.freePort();
    try (AppProcess app = AppProcess.onTestSchema(schema, "768m", environment(mqttPort));
        MosquittoBroker broker =
            MosquittoBroker.plain(app.directory().resolve("mosquitto"), mqttPort)) {
      app.start();
      String token = app.producerToken(app.organisation("Crash Test Fisheries"));
      List<SigningKey> keys = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (int d = 0; d < DEVICES; d++) {
        String id = "crash-" + d;
        KeyPair pair = KeyPairs.generate(SigningAlgorithm.ED25519);
        app.enrol(token, DeviceCsr.create(DeviceId.of(id), pair).toPem());
        keys.add(SigningKey.of(pair));
        ids.add(id);
      }
      // Pre-signed, interleaved across devices the way a fleet publishes.
      List<Map.Entry<String, byte[]>> messages = new ArrayList<>(TOTAL);
      long ts = Instant.now().toEpochMilli();
      for (int seq = 0; seq < PER_DEVICE; seq++) {
        for (int d = 0; d < DEVICES; d++) {
          Reading reading =
              Reading.single(
                  ReadingId.of(DeviceId.of(ids.get(d)), 0, seq),
                  Observation.sensor(ts + seq, Map.of("temperature", 3.0 + d / 100.0), List.of()));
          messages.add(
              Map.entry(
                  DeviceId.of(ids.get(d)).readingsTopic(),
                  SignedReading.sign(reading, keys.get(d)).message()));
        }
      }

      // Published in five chunks. After each of the first three, while ingest works through the
      // broker's backlog, the application is killed; after the second, the broker is restarted too
      // while messages wait in its queue for the ingest session.
      AtomicInteger acked = new AtomicInteger();
      int chunk = TOTAL / 5;
      int kills = 0;
      long seed = System.nanoTime();
      java.util.Random chaos = new java.util.Random(seed);
      System.out.println("CrashRun " + schema + ": kill moments from seed " + seed);
      for (int k = 0; k < 5; k++) {
        publish(mqttPort, messages.subList(k * chunk, (k + 1) * chunk), acked);
        collectCheckpoint(app);
        if (k < 3) {
          Thread.sleep(chaos.nextInt(1500)); // a moment somewhere in ingest's backlog
          app.kill();
          kills++;
          if (k == 1) {
            outage.happen(broker);
          }
          app.start();
          collectCheckpoint(app);
        }
      }
      assertThat(acked).as("messages the broker acknowledged").hasValue(TOTAL);
      await("all readings anchored")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                collectCheckpoint(app);
                return app.count("SELECT count(*) FROM " + schema + ".anchored_reading") >= TOTAL;
              });
      await("a checkpoint covering everything")
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                collectCheckpoint(app);
                return ((ConcurrentSkipListMap<Long, byte[]>) checkpoints).lastKey() >= TOTAL;
              });

      // Exactly once: every published id in the ledger once, nothing else in it.
      PostgresLogStorage storage = new PostgresLogStorage(app.database(), schema);
      long size = storage.state().size().value();
      LogReader reader = new LogReader(storage);
      Map<String, Integer> inLedger = new TreeMap<>();
      for (long bundle = 0; bundle * Tiling.WIDTH < size; bundle++) {
        int width = (int) Math.min(Tiling.WIDTH, size - bundle * Tiling.WIDTH);
        BundleIndex at =
            width == Tiling.WIDTH ? BundleIndex.full(bundle) : BundleIndex.partial(bundle, width);
        for (byte[] entry : EntryBundle.decode(reader.bundle(at), width)) {
          AnchoredRange r = AnchoredRange.of(entry).orElseThrow();
          inLedger.merge(r.device() + "/" + r.boot() + "/" + r.firstSeq(), 1, Integer::sum);
        }
      }
      assertThat(kills).isEqualTo(3);
      assertThat(size).isEqualTo(TOTAL);
      assertThat(inLedger).hasSize(TOTAL);
      assertThat(Collections.max(inLedger.values())).isOne();
      assertThat(app.count("SELECT count(*) FROM " + schema + ".quarantine")).isZero();

      // Every checkpoint served before, between and after the kills is signed by the log key
      // and consistent with the final log.
      String vkey = app.get("/ledger/vkey").body().strip();
      CheckpointVerifier verifier =
          CheckpointVerifier.of(vkey.substring(0, vkey.indexOf('+')), VerifierKey.parse(vkey));
      ProofBuilder proofs = new ProofBuilder(storage);
      var finalRoot = reader.rootHash(TreeSize.of(size));
      assertThat(checkpoints.size()).isGreaterThanOrEqualTo(4);
      for (byte[] note : checkpoints.values()) {
        SignedCheckpoint checkpoint = verifier.verify(note);
        long at = checkpoint.checkpoint().size().value();
        ProofVerifier.verifyConsistency(
            at,
            size,
            at == 0 || at == size
                ? List.of()
                : proofs.consistencyProof(TreeSize.of(at), TreeSize.of(size)),
            checkpoint.checkpoint().root(),
            finalRoot);
      }

      // State survives a restart: a replay is a duplicate, another message for a taken id is an
      // equivocation, and neither reaches the ledger.
      app.kill();
      app.start();
      MqttAsyncClient device = connect(mqttPort, "crash-replayer");
      device
          .publish(messages.get(0).getKey(), messages.get(0).getValue(), 1, false)
          .waitForCompletion();
      Reading other =
          Reading.single(
              ReadingId.of(DeviceId.of(ids.get(0)), 0, 0),
              Observation.sensor(ts, Map.of("temperature", 99.0), List.of()));
      device
          .publish(
              messages.get(0).getKey(), SignedReading.sign(other, keys.get(0)).message(), 1, false)
          .waitForCompletion();
      await("equivocation after the restart")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  app.count(
                          "SELECT count(*) FROM "
                              + schema
                              + ".quarantine WHERE reason = 'equivocation'")
                      == 1);
      await("the replay counted as a duplicate")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  app.get("/q/metrics")
                      .body()
                      .lines()
                      .anyMatch(
                          l ->
                              l.startsWith("tracemark_ingest_messages_total{outcome=\"duplicate\"")
                                  && !l.endsWith(" 0.0")));
      device.disconnect().waitForCompletion();
      device.close();
      assertThat(new PostgresLogStorage(app.database(), schema).state().size().value())
          .isEqualTo(TOTAL);
      System.out.printf(
          "CrashRun %s: %d readings, %d SIGKILLs, ledger size %d, %d checkpoints checked%n",
          schema, TOTAL, kills, size, checkpoints.size());
    }
  }

  private Map<String, String> environment(int mqttPort) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("TRACEMARK_MQTT_BROKER", "external");
    all.put("TRACEMARK_MQTT_URL", "tcp://127.0.0.1:" + mqttPort);
    return all;
  }

  private void collectCheckpoint(AppProcess app) {
    try {
      HttpResponse<String> response = app.get("/ledger/checkpoint");
      if (response.statusCode() == 200) {
        byte[] note = response.body().getBytes(StandardCharsets.UTF_8);
        long size = Long.parseLong(response.body().split("\n")[1]);
        checkpoints.putIfAbsent(size, note);
      }
    } catch (Exception e) {
      // The application is down right now; the next poll sees it again.
    }
  }

  /** Publishes messages at QoS 1 and returns once the broker has acknowledged every one. */
  static void publish(int port, List<Map.Entry<String, byte[]>> messages, AtomicInteger acked)
      throws Exception {
    MqttAsyncClient client = connect(port, "crash-publisher");
    java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(500);
    java.util.concurrent.atomic.AtomicReference<Throwable> failed =
        new java.util.concurrent.atomic.AtomicReference<>();
    for (Map.Entry<String, byte[]> m : messages) {
      window.acquire();
      client.publish(
          m.getKey(),
          m.getValue(),
          1,
          false,
          null,
          new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
            @Override
            public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
              acked.incrementAndGet();
              window.release();
            }

            @Override
            public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable e) {
              failed.set(e);
              window.release();
            }
          });
    }
    window.acquire(500);
    client.disconnect().waitForCompletion();
    client.close();
    assertThat(failed.get()).as("publish failures").isNull();
  }

  static MqttAsyncClient connect(int port, String id) throws Exception {
    MqttAsyncClient client =
        new MqttAsyncClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMaxInflight(1000);
    client.connect(options).waitForCompletion();
    return client;
  }
}
