package org.tracemark.edge.fleet;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.SigningKey;

/**
 * Many virtual devices in one JVM: each has its own Ed25519 key and sequence numbers and signs real
 * v1 readings; they share a few MQTT connections, each with a bounded QoS 1 window. This is the
 * platform's load generator, so it must outrun the platform: with {@code presign} it signs the
 * whole corpus first and the timed window only publishes.
 */
public final class Fleet {

  private final FleetOptions options;
  private final DeviceId[] ids;
  private final String[] topics;
  private final SigningKey[] keys;
  private final long[] nextSeq;

  private Fleet(FleetOptions options) {
    this.options = options;
    int n = options.devices();
    ids = new DeviceId[n];
    topics = new String[n];
    keys = new SigningKey[n];
    nextSeq = new long[n];
    List<FleetDevices.Device> fleet = FleetDevices.create(n, options.seed());
    for (int i = 0; i < n; i++) {
      ids[i] = fleet.get(i).id();
      topics[i] = ids[i].readingsTopic();
      keys[i] = fleet.get(i).key();
    }
  }

  /** Runs a fleet, printing a progress line every second to {@code progress}. */
  public static FleetReport run(FleetOptions options, PrintStream progress) throws Exception {
    return new Fleet(options).run(progress);
  }

  /** The devices of connection {@code c}: every {@code connections}-th one. */
  private int[] devicesOf(int connection) {
    return IntStream.range(0, ids.length)
        .filter(d -> d % options.connections() == connection)
        .toArray();
  }

  private long corpusSize() {
    if (options.messages() > 0) {
      return Math.max(options.messages(), ids.length);
    }
    double seconds = options.duration().toNanos() / 1e9;
    long fromRate = options.rate() > 0 ? (long) (options.rate() * seconds) : 200_000;
    return Math.max(fromRate, ids.length);
  }

  /** One connection's next message, signed now. */
  private byte[] sign(int device, long ts, SplittableRandom random) {
    long seq = nextSeq[device]++;
    Reading reading =
        Reading.single(
            ReadingId.of(ids[device], options.boot(), seq),
            FleetReadings.next(options.scenario(), device, ts, random));
    return SignedReading.sign(reading, keys[device]).message();
  }

  private FleetReport run(PrintStream progress) throws Exception {
    int connections = options.connections();
    List<int[]> devices = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      devices.add(devicesOf(c));
    }
    // Pre-signing: every connection's messages in publishing order, signed in parallel.
    long total = corpusSize();
    byte[][][] corpus = new byte[connections][][];
    int[][] corpusDevice = new int[connections][];
    long signStart = System.nanoTime();
    if (options.presign()) {
      progress.printf("fleet: signing %,d messages for %,d devices ...%n", total, ids.length);
      IntStream.range(0, connections)
          .parallel()
          .forEach(
              c -> {
                int[] mine = devices.get(c);
                int count = (int) (total / connections + (c < total % connections ? 1 : 0));
                corpus[c] = new byte[count][];
                corpusDevice[c] = new int[count];
                SplittableRandom random = new SplittableRandom(options.seed() + c);
                long ts = System.currentTimeMillis();
                for (int k = 0; k < count; k++) {
                  int device = mine.length == 0 ? c : mine[k % mine.length];
                  corpusDevice[c][k] = device;
                  corpus[c][k] = sign(device, ts + k, random);
                }
              });
    }
    Duration signing = Duration.ofNanos(options.presign() ? System.nanoTime() - signStart : 0);

    LongAdder sent = new LongAdder();
    LongAdder acked = new LongAdder();
    LongAdder bytes = new LongAdder();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<MqttAsyncClient> clients = new ArrayList<>();
    List<Semaphore> windows = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Semaphore window = new Semaphore(options.inflight());
      MqttAsyncClient client =
          new MqttAsyncClient(
              options.broker(),
              "tracemark-fleet-" + options.seed() + "-" + c + "-" + ProcessHandle.current().pid(),
              new MemoryPersistence());
      client.setCallback(
          new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
              failure.compareAndSet(null, cause);
              stop.set(true);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {}

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
              acked.increment();
              window.release();
            }
          });
      MqttConnectOptions connect = new MqttConnectOptions();
      connect.setCleanSession(true);
      connect.setMaxInflight(options.inflight());
      connect.setKeepAliveInterval(30);
      connect.setConnectionTimeout(10);
      try {
        client.connect(connect).waitForCompletion(15_000);
      } catch (MqttException e) {
        clients.forEach(Fleet::closeQuietly);
        throw new IllegalStateException(
            "cannot connect to " + options.broker() + ": " + e.getMessage(), e);
      }
      clients.add(client);
      windows.add(window);
    }

    long start = System.nanoTime();
    long deadline = start + options.duration().toNanos();
    double perConnectionRate = options.rate() / connections;
    List<Thread> senders = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int connection = c;
      Thread sender =
          new Thread(
              () -> {
                MqttAsyncClient client = clients.get(connection);
                Semaphore window = windows.get(connection);
                int[] mine = devices.get(connection);
                SplittableRandom random = new SplittableRandom(options.seed() * 31 + connection);
                long k = 0;
                try {
                  while (!stop.get()) {
                    byte[] payload;
                    int device;
                    if (options.presign()) {
                      if (k >= corpus[connection].length) {
                        break;
                      }
                      payload = corpus[connection][(int) k];
                      device = corpusDevice[connection][(int) k];
                    } else {
                      if (System.nanoTime() >= deadline || mine.length == 0) {
                        break;
                      }
                      device = mine[(int) (k % mine.length)];
                      payload = sign(device, System.currentTimeMillis(), random);
                    }
                    if (perConnectionRate > 0) {
                      long due = start + (long) (k * 1e9 / perConnectionRate);
                      long wait = due - System.nanoTime();
                      if (wait > 0) {
                        LockSupport.parkNanos(wait);
                      }
                    }
                    window.acquire();
                    client.publish(topics[device], payload, 1, false);
                    sent.increment();
                    bytes.add(payload.length);
                    k++;
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (MqttException e) {
                  failure.compareAndSet(null, e);
                  stop.set(true);
                }
              },
              "fleet-sender-" + c);
      sender.start();
      senders.add(sender);
    }

    long lastSent = 0;
    long lastTick = start;
    while (senders.stream().anyMatch(Thread::isAlive)) {
      for (Thread sender : senders) {
        sender.join(1000);
        if (System.nanoTime() - lastTick >= 1_000_000_000L) {
          break;
        }
      }
      long now = System.nanoTime();
      if (now - lastTick >= 1_000_000_000L) {
        long s = sent.sum();
        progress.printf(
            "fleet: %5.1f s  sent %,d  acked %,d  in flight %,d  buffered %,d  rate %,.0f/s%n",
            (now - start) / 1e9,
            s,
            acked.sum(),
            s - acked.sum(),
            options.presign() ? Math.max(0, total - s) : 0,
            (s - lastSent) * 1e9 / (now - lastTick));
        lastSent = s;
        lastTick = now;
      }
    }
    // Wait for the last acknowledgements (bounded), then close.
    long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (acked.sum() < sent.sum() && failure.get() == null && System.nanoTime() < drainDeadline) {
      LockSupport.parkNanos(1_000_000);
    }
    long end = System.nanoTime();
    clients.forEach(Fleet::closeQuietly);
    if (failure.get() != null) {
      throw new IllegalStateException(
          "publishing failed after " + sent.sum() + " messages: " + failure.get().getMessage(),
          failure.get());
    }
    long s = sent.sum();
    return new FleetReport(
        s,
        acked.sum(),
        Duration.ofNanos(end - start),
        signing,
        s == 0 ? 0 : (double) bytes.sum() / s,
        ids.length,
        connections,
        options.presign());
  }

  private static void closeQuietly(MqttAsyncClient client) {
    try {
      if (client.isConnected()) {
        client.disconnect(2_000).waitForCompletion(3_000);
      }
      client.close();
    } catch (MqttException e) {
      // Closing after the run: nothing left to lose.
    }
  }
}
