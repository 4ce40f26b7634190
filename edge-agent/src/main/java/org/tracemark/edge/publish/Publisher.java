package org.tracemark.edge.publish;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.tracemark.keys.device.DeviceId;

/**
 * Drains an {@link Outbox} to the device's readings topic over MQTT 3.1.1 (Eclipse Paho), QoS 1,
 * and never loses a reading: a record is acknowledged in the outbox only when the broker has
 * confirmed it (Paho's {@code deliveryComplete}), and everything unconfirmed is sent again after a
 * reconnect. Duplicates are possible (ingest drops them by {@code (dev, boot, seq)}); loss and
 * reordering of first deliveries are not.
 *
 * <h2>Connection</h2>
 *
 * Persistent session ({@code cleanSession=false}, client id = device id by default), a retained QoS
 * 1 last will {@code {"state":"offline"}} on the status topic, and a retained {@code
 * {"state":"online"}} on every connect. The publisher runs its own reconnect loop with jittered
 * exponential backoff (see {@link Backoff}) from the very first attempt: Paho's automatic reconnect
 * only starts after a first successful connect. Every failed attempt is logged once, with a typed
 * {@link ConnectFailure} (e.g. {@code not-authorized}, {@code client-certificate-expired}) that
 * {@link #stats()} also shows; authentication failures are retried like any other, since an
 * operator may fix the broker side while the device keeps buffering.
 *
 * <p>Each connection uses a fresh Paho client with in-memory persistence: the outbox is the durable
 * store, and replaying from it after a reconnect is simpler to reason about than Paho's own replay
 * of half-sent messages, which would interleave with ours.
 *
 * <h2>Sending</h2>
 *
 * One sender thread reads the outbox from its head, keeps at most {@code maxInflight} readings
 * unconfirmed (back-pressure: it waits while the window is full) and publishes in id order on one
 * connection, so the broker receives them in order. Paho's own in-flight limit is set a little
 * above the window, so Paho's "too many publishes in progress" (32202) cannot happen for readings.
 *
 * <h2>Firmware</h2>
 *
 * With {@link FirmwareUpdates}, the publisher subscribes (QoS 1) to the device's retained firmware
 * topic on every connect and hands each manifest to it on a separate thread; the verdict goes to
 * the status topic.
 */
public final class Publisher implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Publisher.class.getName());

  /** Paho in-flight slots beyond the readings window, for status messages. */
  static final int STATUS_SLOTS = 16;

  /** Records read from the outbox at once. */
  private static final int READ_BATCH = 256;

  /** Added to the connection timeout before an attempt is given up on, for the CONNACK. */
  private static final long CONNECT_GRACE_MILLIS = 5_000;

  /** How long a clean close waits for the offline status and for in-flight acknowledgements. */
  private static final long GOODBYE_MILLIS = 2_000;

  private final PublisherOptions options;
  private final Outbox outbox;
  private final FirmwareUpdates firmware;
  private final DeviceId device;
  private final String pahoUri;
  private final String readingsTopic;
  private final String statusTopic;
  private final String firmwareTopic;
  private final MqttConnectOptions connectOptions;
  private final boolean presentsClientCertificate;
  private final SSLSocketFactory tlsSockets;
  private final Backoff backoff;
  private final SendWindow window;
  private final ExecutorService firmwareThread;
  private final Thread connector;
  private final Thread sender;

  // Ids the broker confirmed, so that a resend after a reconnect can skip those above the head.
  private final ConcurrentSkipListSet<Long> confirmedAhead = new ConcurrentSkipListSet<>();

  private final Object wakeUp = new Object();
  private final Object confirmations = new Object();
  private final AtomicInteger drainWaiters = new AtomicInteger();
  private final Object sessionLock = new Object();
  private final AtomicBoolean closing = new AtomicBoolean();

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private volatile ConnectFailure lastError;
  private volatile Session session;
  private volatile boolean closed;
  private volatile CompletableFuture<IMqttToken> pendingConnect;

  private Publisher(PublisherOptions options, Outbox outbox, FirmwareUpdates firmware)
      throws TlsSetupException {
    this.options = options;
    this.outbox = outbox;
    this.firmware = firmware;
    this.device = options.device();
    this.pahoUri =
        options.brokerUri().getScheme()
            + "://"
            + options.brokerUri().getHost()
            + ":"
            + options.brokerUri().getPort();
    this.readingsTopic = device.readingsTopic();
    this.statusTopic = device.statusTopic();
    this.firmwareTopic = device.firmwareTopic();
    this.presentsClientCertificate = options.tls().flatMap(TlsSettings::clientIdentity).isPresent();
    this.tlsSockets =
        options.tls().isPresent()
            ? new NoDelaySslSocketFactory(options.tls().get().socketFactory())
            : null;
    SocketFactory sockets = tlsSockets != null ? tlsSockets : new NoDelaySocketFactory();
    this.connectOptions = connectOptions(options, sockets);
    this.backoff = new Backoff(options.backoffMin(), options.backoffMax(), new Random());
    this.window = new SendWindow(options.maxInflight());
    this.firmwareThread =
        firmware == null
            ? null
            : Executors.newSingleThreadExecutor(daemon("tracemark-firmware-" + device.value()));
    this.connector =
        daemon("tracemark-mqtt-connect-" + device.value()).newThread(this::connectLoop);
    this.sender = daemon("tracemark-mqtt-send-" + device.value()).newThread(this::sendLoop);
  }

  /**
   * Starts connecting and sending; returns at once, whether or not the broker is reachable.
   *
   * @throws TlsSetupException if the TLS files cannot be used (a configuration error, not retried)
   */
  public static Publisher start(PublisherOptions options, Outbox outbox) throws TlsSetupException {
    return start(options, outbox, null);
  }

  /**
   * As {@link #start(PublisherOptions, Outbox)}, also watching the device's firmware topic.
   *
   * @param firmware checks manifests and hands approved ones on; null for none
   */
  public static Publisher start(PublisherOptions options, Outbox outbox, FirmwareUpdates firmware)
      throws TlsSetupException {
    if (options == null || outbox == null) {
      throw new IllegalArgumentException("a publisher needs options and an outbox");
    }
    Publisher publisher = new Publisher(options, outbox, firmware);
    publisher.connector.start();
    publisher.sender.start();
    return publisher;
  }

  /** Tells the sender that records were appended, so it need not wait for its next poll. */
  public void outboxChanged() {
    wake();
  }

  /**
   * Publishes an agent status document (e.g. {@code {"state":"buffer-full",…}}) on the status
   * topic, QoS 1, not retained.
   *
   * @return false if there is no connection now (the status is not kept for later)
   * @throws IllegalArgumentException if {@code json} is not a JSON object
   */
  public boolean publishStatus(String json) {
    return sendStatus(StatusMessages.requireObject(json), false);
  }

  /** Counters and the last connection failure. */
  public PublisherStats stats() {
    long connected = connects.get();
    return new PublisherStats(
        sent.get(),
        acknowledged.get(),
        session == null ? 0 : window.used(),
        session != null,
        connected,
        Math.max(0, connected - 1),
        failedAttempts.get(),
        Optional.ofNullable(lastError));
  }

  /**
   * Waits until the outbox holds nothing unacknowledged.
   *
   * @return true if drained, false if {@code timeout} passed first
   */
  public boolean awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    drainWaiters.incrementAndGet();
    try {
      while (!isDrained()) {
        long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (leftMillis <= 0) {
          return false;
        }
        synchronized (confirmations) {
          // Bounded: appends to the outbox do not notify, and a confirmation may slip in between
          // the check and the wait.
          confirmations.wait(Math.min(leftMillis, 50));
        }
      }
      return true;
    } finally {
      drainWaiters.decrementAndGet();
    }
  }

  /**
   * Stops sending, publishes a retained {@code {"state":"offline"}}, lets in-flight confirmations
   * arrive for a moment and disconnects. Unconfirmed records stay in the outbox.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    window.close();
    wake();
    CompletableFuture<IMqttToken> connecting = pendingConnect;
    if (connecting != null) {
      connecting.completeExceptionally(new CancellationException("publisher closed"));
    }
    join(sender, Duration.ofSeconds(5));
    Session current = session;
    if (current != null) {
      current.ended.countDown();
    }
    join(connector, options.connectionTimeout().plusSeconds(10));
    if (firmwareThread != null) {
      firmwareThread.shutdownNow();
      try {
        firmwareThread.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- connecting --------------------------------------------------------------------------

  private void connectLoop() {
    long generation = 0;
    int backoffIndex = 0;
    int attempt = 0;
    while (!closed) {
      Session s;
      try {
        s =
            new Session(
                new MqttAsyncClient(pahoUri, options.clientId(), new MemoryPersistence()),
                ++generation);
      } catch (MqttException e) {
        // The options were validated; Paho refusing them is a bug worth a loud log, not a loop.
        LOG.log(Level.ERROR, "Paho refuses broker " + pahoUri + " / client id", e);
        lastError = ConnectFailure.classify(e, presentsClientCertificate, Instant.now(), ++attempt);
        failedAttempts.incrementAndGet();
        if (!pause(backoff.delay(Math.min(backoffIndex++, 62)))) {
          break;
        }
        continue;
      }
      s.client.setCallback(new Callbacks(s));
      ConnectFailure failure;
      boolean wasConnected = false;
      try {
        IMqttToken token = connect(s);
        if (closed) {
          goodbye(s);
          break;
        }
        wasConnected = true;
        attempt = 0;
        backoffIndex = 0;
        onConnected(s, token.getSessionPresent());
        awaitEndOrClose(s);
        endSession(s);
        if (closed) {
          goodbye(s);
          break;
        }
        failure = s.lostBecause;
      } catch (CancellationException e) {
        s.abandoned = true;
        forceClose(s);
        break;
      } catch (Exception e) {
        failure = classifyAttempt(e instanceof ExecutionException ? e.getCause() : e, ++attempt);
        failedAttempts.incrementAndGet();
        lastError = failure;
      }
      forceClose(s);
      if (closed) {
        break;
      }
      Duration delay = backoff.delay(Math.min(backoffIndex++, 62));
      if (wasConnected) {
        LOG.log(
            Level.WARNING,
            "MQTT connection of {0} to {1} lost ({2}): {3}; reconnecting in {4} ms",
            options.clientId(),
            pahoUri,
            failure == null ? "unknown" : failure.reason().code(),
            failure == null ? "" : failure.detail(),
            String.valueOf(delay.toMillis()));
      } else {
        LOG.log(
            Level.WARNING,
            "MQTT connect of {0} to {1} failed (attempt {2}, {3}): {4}; next attempt in {5} ms",
            options.clientId(),
            pahoUri,
            String.valueOf(failure.attempt()),
            failure.reason().code(),
            failure.detail(),
            String.valueOf(delay.toMillis()));
      }
      if (!pause(delay)) {
        break;
      }
    }
  }

  private ConnectFailure classifyAttempt(Throwable error, int attempt) {
    ConnectFailure failure =
        ConnectFailure.classify(error, presentsClientCertificate, Instant.now(), attempt);
    if (failure.reason() == ConnectFailure.Reason.CONNECTION_LOST && tlsSockets != null) {
      // Closed during the connect over TLS: most likely the broker rejected our certificate and
      // Paho's CONNECT write lost the race with the alert. Ask again, only listening this time.
      int timeout = (int) Math.min(2_000, options.connectionTimeout().toMillis());
      Optional<SSLException> alert =
          TlsAlertProbe.run(
              tlsSockets, options.brokerUri().getHost(), options.brokerUri().getPort(), timeout);
      if (alert.isPresent()) {
        return ConnectFailure.classify(
            alert.get(), presentsClientCertificate, failure.at(), attempt);
      }
    }
    return failure;
  }

  private IMqttToken connect(Session s) throws Exception {
    CompletableFuture<IMqttToken> result = new CompletableFuture<>();
    pendingConnect = result;
    try {
      if (closed) {
        throw new CancellationException("publisher closed");
      }
      s.client.connect(
          connectOptions,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              if (!result.complete(token) || s.abandoned) {
                // Connected after we stopped waiting (timeout or close): nobody will use it.
                CompletableFuture.runAsync(() -> forceClose(s));
              }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
              result.completeExceptionally(error);
            }
          });
      long timeout = options.connectionTimeout().toMillis() + CONNECT_GRACE_MILLIS;
      try {
        return result.get(timeout, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        s.abandoned = true;
        result.completeExceptionally(e); // a late CONNACK now finds it done and closes
        throw new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof CancellationException cancelled) {
          throw cancelled;
        }
        throw e;
      }
    } finally {
      pendingConnect = null;
    }
  }

  private void onConnected(Session s, boolean sessionPresent) {
    long count = connects.incrementAndGet();
    LOG.log(
        Level.INFO,
        "MQTT connected to {0} as {1} ({2}, broker session {3})",
        pahoUri,
        options.clientId(),
        count == 1 ? "first connection" : "reconnect " + (count - 1),
        sessionPresent ? "resumed" : "new");
    try {
      s.client.publish(
          statusTopic, StatusMessages.online(device, Instant.now()), 1, true, Status.ONLINE, null);
    } catch (MqttException e) {
      LOG.log(Level.WARNING, "online status not sent: {0}", e.toString());
    }
    synchronized (sessionLock) {
      session = s;
      window.open(s.generation);
    }
    wake();
    if (firmware != null) {
      subscribeFirmware(s);
    }
  }

  // Every connect, not only when the broker has no session: a session from a run without a
  // firmware handler has no subscription. The retained manifest then comes again, and
  // FirmwareUpdates skips a repeat.
  private void subscribeFirmware(Session s) {
    try {
      s.client.subscribe(
          firmwareTopic,
          1,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              int[] granted = token.getGrantedQos();
              if (granted != null && granted.length > 0 && granted[0] == 0x80) {
                LOG.log(Level.WARNING, "broker refused the subscription to {0}", firmwareTopic);
              }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
              LOG.log(Level.WARNING, "subscription to {0} failed: {1}", firmwareTopic, error);
            }
          });
    } catch (MqttException e) {
      LOG.log(Level.WARNING, "subscription to {0} failed: {1}", firmwareTopic, e.toString());
    }
  }

  private void endSession(Session s) {
    synchronized (sessionLock) {
      if (session == s) {
        session = null;
        window.close();
      }
    }
  }

  /** A clean goodbye: retained offline status, a moment for confirmations, DISCONNECT. */
  private void goodbye(Session s) {
    try {
      // A clean DISCONNECT suppresses the will, so say "offline" ourselves.
      s.client
          .publish(
              statusTopic,
              StatusMessages.offline(device, Instant.now()),
              1,
              true,
              Status.OFFLINE,
              null)
          .waitForCompletion(GOODBYE_MILLIS);
      s.client.disconnect(GOODBYE_MILLIS).waitForCompletion(GOODBYE_MILLIS + 1_000);
      LOG.log(Level.INFO, "MQTT disconnected from {0}", pahoUri);
    } catch (MqttException | RuntimeException e) {
      LOG.log(Level.DEBUG, "clean disconnect failed: {0}", e.toString());
    }
    forceClose(s);
  }

  private static void forceClose(Session s) {
    try {
      if (s.client.isConnected()) {
        s.client.disconnectForcibly(0, 1_000, false);
      }
    } catch (MqttException | RuntimeException e) {
      // Already gone.
    }
    try {
      s.client.close(true);
    } catch (MqttException | RuntimeException e) {
      // Still connecting (a late CONNACK is handled by the connect listener) or already closed.
    }
  }

  /** Waits {@code delay} unless closed first; false if closed. */
  private boolean pause(Duration delay) {
    long deadline = System.nanoTime() + delay.toNanos();
    synchronized (wakeUp) {
      while (!closed) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return true;
        }
        try {
          wakeUp.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  // ---- sending -----------------------------------------------------------------------------

  private void sendLoop() {
    long generation = SendWindow.CLOSED;
    long next = 0;
    String lastOutboxError = null;
    while (!closed) {
      try {
        Session s = session;
        if (s == null) {
          idle();
          continue;
        }
        if (s.generation != generation) {
          // A new connection: everything not confirmed is sent again, from the head.
          generation = s.generation;
          next = outbox.head();
        }
        long head = outbox.head();
        confirmedAhead.headSet(head).clear();
        next = Math.max(next, head);
        List<OutboxRecord> batch = outbox.read(next, READ_BATCH);
        lastOutboxError = null;
        if (batch.isEmpty()) {
          idle();
          continue;
        }
        for (OutboxRecord record : batch) {
          if (closed) {
            break;
          }
          if (confirmedAhead.contains(record.id())) {
            next = record.id() + 1;
            continue;
          }
          if (!window.acquire(generation)) {
            break; // connection gone; the next round starts over from the head
          }
          if (!publish(s, record)) {
            window.release(generation);
            break;
          }
          next = record.id() + 1;
        }
      } catch (InterruptedException e) {
        if (closed) {
          break;
        }
      } catch (RuntimeException e) {
        // The outbox failed (disk full, corrupt record, …): report once per streak and retry.
        String message = e.toString();
        if (!message.equals(lastOutboxError)) {
          LOG.log(Level.ERROR, "reading the outbox failed; retrying", e);
          lastOutboxError = message;
        }
        idle();
      }
    }
  }

  private boolean publish(Session s, OutboxRecord record) {
    try {
      s.client.publish(
          readingsTopic, record.payload(), 1, false, new Delivery(record.id(), s.generation), null);
      sent.incrementAndGet();
      return true;
    } catch (MqttException e) {
      if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
        // Only if status messages took more than their reserved slots; try again shortly.
        LOG.log(Level.DEBUG, "Paho in-flight limit reached; waiting");
      } else {
        LOG.log(Level.DEBUG, "publish of record {0} failed: {1}", record.id(), e.toString());
      }
      idle();
      return false;
    }
  }

  private boolean sendStatus(byte[] json, boolean retained) {
    Session s = session;
    if (s == null) {
      LOG.log(
          Level.INFO,
          "status not sent, no connection: {0}",
          new String(json, StandardCharsets.UTF_8));
      return false;
    }
    try {
      s.client.publish(statusTopic, json, 1, retained, Status.AGENT, null);
      return true;
    } catch (MqttException e) {
      LOG.log(Level.WARNING, "status not sent: {0}", e.toString());
      return false;
    }
  }

  private boolean isDrained() {
    return outbox.read(outbox.head(), 1).isEmpty();
  }

  private void idle() {
    synchronized (wakeUp) {
      if (!closed) {
        try {
          wakeUp.wait(Math.max(1, options.outboxPoll().toMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void wake() {
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
  }

  // ---- Paho callbacks ----------------------------------------------------------------------

  /** Callbacks of one connection's client; Paho calls them on its callback thread. */
  private final class Callbacks implements MqttCallback {

    private final Session session;

    Callbacks(Session session) {
      this.session = session;
    }

    @Override
    public void connectionLost(Throwable cause) {
      ConnectFailure failure =
          ConnectFailure.classify(cause, presentsClientCertificate, Instant.now(), 0);
      session.lostBecause = failure;
      lastError = failure;
      endSession(session);
      session.ended.countDown();
      wake();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      byte[] payload = message.getPayload();
      if (firmware == null || !firmwareTopic.equals(topic) || payload.length == 0) {
        return; // an empty retained message clears the topic; nothing to check
      }
      try {
        firmwareThread.execute(
            () -> firmware.handle(payload, device, json -> sendStatus(json, false)));
      } catch (RejectedExecutionException e) {
        // Closing.
      }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
      if (!(token.getUserContext() instanceof Delivery delivery)) {
        return; // a status message
      }
      try {
        outbox.acknowledge(delivery.id());
        confirmedAhead.add(delivery.id());
        acknowledged.incrementAndGet();
      } catch (RuntimeException e) {
        // Not acknowledged, so sent again after the next reconnect: a duplicate, not a loss.
        LOG.log(Level.ERROR, "outbox refused the acknowledgement of record " + delivery.id(), e);
      } finally {
        window.release(delivery.generation());
      }
      if (drainWaiters.get() > 0) {
        synchronized (confirmations) {
          confirmations.notifyAll();
        }
      }
    }
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private static MqttConnectOptions connectOptions(
      PublisherOptions options, SocketFactory sockets) {
    MqttConnectOptions connect = new MqttConnectOptions();
    // Explicitly 3.1.1: the default makes Paho retry a failed connect as MQTT 3.1, which doubles
    // every failure and reports the second one.
    connect.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    connect.setCleanSession(false);
    connect.setAutomaticReconnect(false);
    connect.setMaxInflight(options.maxInflight() + STATUS_SLOTS);
    connect.setKeepAliveInterval((int) options.keepAlive().getSeconds());
    connect.setConnectionTimeout((int) options.connectionTimeout().getSeconds());
    connect.setWill(options.device().statusTopic(), StatusMessages.will(options.device()), 1, true);
    options.username().ifPresent(connect::setUserName);
    options.password().ifPresent(connect::setPassword);
    connect.setSocketFactory(sockets);
    connect.setHttpsHostnameVerificationEnabled(true);
    return connect;
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private static void join(Thread thread, Duration timeout) {
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Until the connection ends or the publisher closes (close may miss a just-made session). */
  private void awaitEndOrClose(Session s) {
    try {
      while (!closed && !s.ended.await(200, TimeUnit.MILLISECONDS)) {
        // Keep waiting.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One connection: its client and generation (the key of its send-window slots). */
  private static final class Session {
    final MqttAsyncClient client;
    final long generation;
    final CountDownLatch ended = new CountDownLatch(1);
    volatile boolean abandoned;
    volatile ConnectFailure lostBecause;

    Session(MqttAsyncClient client, long generation) {
      this.client = client;
      this.generation = generation;
    }
  }

  /** A reading in flight: its outbox id and the connection it was sent on. */
  private record Delivery(long id, long generation) {}

  /** User context of status publishes. */
  private enum Status {
    ONLINE,
    OFFLINE,
    AGENT
  }
}
