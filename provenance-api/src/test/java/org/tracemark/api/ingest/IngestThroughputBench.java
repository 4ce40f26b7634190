package org.tracemark.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
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
import org.tracemark.testing.MosquittoBroker;

/**
 * Ingest throughput in embedded mode, publish → anchored in a signed checkpoint, with the Ed25519
 * ceiling measured in the same run (issue 7's figures; the full benchmark is issue 12). Not part of
 * the test suite (the name is neither *Test nor *IT); run it on a quiet machine:
 *
 * <pre>./mvnw -B verify -Dit.test=IngestThroughputBench -Dtest=none \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false</pre>
 *
 * <p>(the whole reactor: with {@code -pl provenance-api -am} and no Tracemark snapshots in ~/.m2,
 * Quarkus's code generation cannot resolve the edge-agent test dependency).
 *
 * <p>It asserts only that everything published was anchored; the figures are printed.
 */
class IngestThroughputBench {

  private static final int DEVICES = Integer.getInteger("bench.devices", 100);
  private static final int SINGLES_PER_DEVICE = Integer.getInteger("bench.singles", 1000);
  private static final int BATCHES_PER_DEVICE = Integer.getInteger("bench.batches", 100);
  private static final int BATCH = 100;

  @Test
  void singleReadingsAndBatchesFromPublishToSignedCheckpoint() throws Exception {
    String schema = "tracemark_bench";
    int mqttPort = MosquittoBroker.freePort();
    // -Dbench.broker=mosquitto: an external Mosquitto of the bench's own instead of the embedded
    // broker, to tell the broker's share of the time from ours.
    boolean mosquitto = "mosquitto".equals(System.getProperty("bench.broker"));
    Map<String, String> env = new java.util.HashMap<>();
    env.put("TRACEMARK_INGEST_MQTT_CONNECTIONS", System.getProperty("bench.connections", "32"));
    env.put("TRACEMARK_MQTT_PORT", Integer.toString(mqttPort));
    if (mosquitto) {
      env.put("TRACEMARK_MQTT_BROKER", "external");
      env.put("TRACEMARK_MQTT_URL", "tcp://127.0.0.1:" + mqttPort);
    }
    try (AppProcess app = AppProcess.onTestSchema(schema, "2g", env);
        MosquittoBroker external =
            mosquitto
                ? MosquittoBroker.plain(app.directory().resolve("mosquitto"), mqttPort)
                : null) {
      app.start();
      String token = app.producerToken(app.organisation("Bench Fisheries"));
      List<String> ids = new ArrayList<>();
      List<SigningKey> keys = new ArrayList<>();
      for (int d = 0; d < DEVICES; d++) {
        String id = "bench-" + d;
        KeyPair pair = KeyPairs.generate(SigningAlgorithm.ED25519);
        app.enrol(token, DeviceCsr.create(DeviceId.of(id), pair).toPem());
        ids.add(id);
        keys.add(SigningKey.of(pair));
      }
      double ceiling = ed25519VerifiesPerSecond(keys.get(0), 2, Duration.ofSeconds(3));
      long ts = Instant.now().toEpochMilli();
      List<List<byte[]>> singles = new ArrayList<>();
      List<List<byte[]>> batches = new ArrayList<>();
      for (int d = 0; d < DEVICES; d++) {
        DeviceId id = DeviceId.of(ids.get(d));
        List<byte[]> mine = new ArrayList<>();
        for (int seq = 0; seq < SINGLES_PER_DEVICE; seq++) {
          mine.add(
              SignedReading.sign(
                      Reading.single(
                          ReadingId.of(id, 0, seq),
                          Observation.sensor(ts + seq, Map.of("temperature", 3.5), List.of())),
                      keys.get(d))
                  .message());
        }
        singles.add(mine);
        List<byte[]> mineBatches = new ArrayList<>();
        for (int b = 0; b < BATCHES_PER_DEVICE; b++) {
          List<Observation> observations =
              IntStream.range(0, BATCH)
                  .mapToObj(i -> Observation.sensor(ts + i, Map.of("temperature", 3.5), List.of()))
                  .toList();
          mineBatches.add(
              SignedReading.sign(
                      Reading.batch(ReadingId.of(id, 1, (long) b * BATCH), ts, observations),
                      keys.get(d))
                  .message());
        }
        batches.add(mineBatches);
      }
      Result raw = rawBrokerRate(app.directory().resolve("raw-broker"), ids, singles);
      List<MqttAsyncClient> clients = new ArrayList<>();
      for (String id : ids) {
        clients.add(CrashRun.connect(mqttPort, id)); // plain TCP: a device is its client id
      }

      long base = app.checkpointSize();
      Result single = run(app, clients, ids, singles, base);
      String afterSingles = app.get("/q/metrics").body();
      System.out.printf(
          "  after single readings: %.1f entries per ledger append, %.1f ms per append,"
              + " %.3f ms verify per message%n",
          metric(afterSingles, "tracemark_sequencer_batch_entries_sum")
              / metric(afterSingles, "tracemark_sequencer_batch_entries_count"),
          1000
              * metric(afterSingles, "tracemark_sequencer_append_seconds_sum")
              / metric(afterSingles, "tracemark_sequencer_append_seconds_count"),
          1000
              * metric(afterSingles, "tracemark_ingest_verify_seconds_sum")
              / metric(afterSingles, "tracemark_ingest_verify_seconds_count"));
      Result batched = run(app, clients, ids, batches, base + single.messages);
      closeAll(clients);
      String metrics = app.get("/q/metrics").body();
      System.out.printf(
          "IngestThroughputBench (%d devices, %d cores, %s broker)%n"
              + "  Ed25519 verify ceiling (BC, 2 threads): %,.0f/s%n"
              + "  raw broker rate (Mosquitto, Paho, QoS 1, same messages and clients): %,.0f"
              + " msg/s%n"
              + "  single readings: %,d messages in %.2f s = %,.0f msg/s anchored in a signed"
              + " checkpoint; ratio to the Ed25519 ceiling %.2f, to the raw broker rate %.2f%n"
              + "  100-reading batches: %,d messages (%,d readings) in %.2f s = %,.0f readings/s%n"
              + "  %s%n",
          DEVICES,
          Runtime.getRuntime().availableProcessors(),
          mosquitto ? "Mosquitto" : "embedded HiveMQ",
          ceiling,
          raw.messages / raw.seconds,
          single.messages,
          single.seconds,
          single.messages / single.seconds,
          single.messages / single.seconds / ceiling,
          single.messages / single.seconds / (raw.messages / raw.seconds),
          batched.messages,
          batched.messages * BATCH,
          batched.seconds,
          batched.messages * BATCH / batched.seconds,
          metrics
              .lines()
              .filter(
                  l ->
                      l.startsWith("tracemark_ingest_checkpoint_latency_seconds{from=\"receive\"")
                          && l.contains("quantile"))
              .toList());
      assertThat(app.checkpointSize())
          .isGreaterThanOrEqualTo(base + single.messages + batched.messages);
    }
  }

  private record Result(long messages, double seconds) {}

  /**
   * Publishes every device's messages at once (a window per device), until all are checkpointed.
   */
  private static Result run(
      AppProcess app,
      List<MqttAsyncClient> clients,
      List<String> ids,
      List<List<byte[]>> messages,
      long base)
      throws Exception {
    long total = messages.stream().mapToLong(List::size).sum();
    long started = System.nanoTime();
    publishAll(clients, ids.stream().map(id -> DeviceId.of(id).readingsTopic()).toList(), messages);
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (app.checkpointSize() < base + total) {
      assertThat(System.nanoTime())
          .as("all %d messages in a checkpoint within 5 min", total)
          .isLessThan(deadline);
      Thread.sleep(20);
    }
    return new Result(total, (System.nanoTime() - started) / 1e9);
  }

  /**
   * The raw broker rate, the other ceiling: the same messages from the same number of Paho clients,
   * QoS 1 with the same window, through a Mosquitto of the bench's own to Paho subscribers sharing
   * one subscription (as ingest's connections do), with no verification and no ledger behind it.
   */
  private static Result rawBrokerRate(Path dir, List<String> ids, List<List<byte[]>> messages)
      throws Exception {
    int port = MosquittoBroker.freePort();
    long total = messages.stream().mapToLong(List::size).sum();
    CountDownLatch received = new CountDownLatch(1);
    AtomicLong count = new AtomicLong();
    try (MosquittoBroker broker = MosquittoBroker.plain(dir, port)) {
      List<MqttAsyncClient> subscribers = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        MqttAsyncClient subscriber = CrashRun.connect(port, "raw-subscriber-" + s);
        // A callback, not a per-subscription listener: Paho matches listeners against the filter
        // as written, and "$share/…" matches no topic.
        subscriber.setCallback(
            new MqttCallback() {
              @Override
              public void messageArrived(String topic, MqttMessage message) {
                if (count.incrementAndGet() == total) {
                  received.countDown();
                }
              }

              @Override
              public void connectionLost(Throwable cause) {}

              @Override
              public void deliveryComplete(IMqttDeliveryToken token) {}
            });
        subscriber.subscribe("$share/raw/bench/raw/+", 1).waitForCompletion();
        subscribers.add(subscriber);
      }
      List<MqttAsyncClient> publishers = new ArrayList<>();
      for (String id : ids) {
        publishers.add(CrashRun.connect(port, "raw-" + id));
      }
      long started = System.nanoTime();
      publishAll(publishers, ids.stream().map(id -> "bench/raw/" + id).toList(), messages);
      assertThat(received.await(5, TimeUnit.MINUTES))
          .as("all %d messages through the broker within 5 min", total)
          .isTrue();
      double seconds = (System.nanoTime() - started) / 1e9;
      closeAll(publishers);
      closeAll(subscribers);
      return new Result(total, seconds);
    }
  }

  private static void closeAll(List<MqttAsyncClient> clients) throws MqttException {
    for (MqttAsyncClient client : clients) {
      client.disconnect().waitForCompletion();
      client.close();
    }
  }

  /** Publishes {@code messages.get(d)} to {@code topics.get(d)} from client d, all at once. */
  private static void publishAll(
      List<MqttAsyncClient> clients, List<String> topics, List<List<byte[]>> messages)
      throws InterruptedException {
    CountDownLatch published = new CountDownLatch(clients.size());
    AtomicLong failures = new AtomicLong();
    for (int d = 0; d < clients.size(); d++) {
      MqttAsyncClient client = clients.get(d);
      String topic = topics.get(d);
      List<byte[]> mine = messages.get(d);
      new Thread(
              () -> {
                Semaphore window = new Semaphore(200);
                try {
                  for (byte[] m : mine) {
                    window.acquire();
                    client.publish(
                        topic,
                        m,
                        1,
                        false,
                        null,
                        new IMqttActionListener() {
                          @Override
                          public void onSuccess(IMqttToken token) {
                            window.release();
                          }

                          @Override
                          public void onFailure(IMqttToken token, Throwable e) {
                            failures.incrementAndGet();
                            window.release();
                          }
                        });
                  }
                  window.acquire(200);
                } catch (Exception e) {
                  failures.incrementAndGet();
                } finally {
                  published.countDown();
                }
              })
          .start();
    }
    published.await();
    assertThat(failures).hasValue(0);
  }

  private static double metric(String text, String name) {
    return text.lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Raw signature verifications per second over {@code threads} threads: the ceiling. */
  private static double ed25519VerifiesPerSecond(SigningKey key, int threads, Duration time)
      throws Exception {
    byte[] message = new byte[200];
    byte[] signature = key.sign(message);
    AtomicLong done = new AtomicLong();
    long deadline = System.nanoTime() + time.toNanos();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                long n = 0;
                while (System.nanoTime() < deadline) {
                  if (!key.publicKey().verify(message, signature)) {
                    throw new IllegalStateException("signature did not verify");
                  }
                  n++;
                }
                done.addAndGet(n);
              });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    return done.get() / (time.toNanos() / 1e9);
  }
}
