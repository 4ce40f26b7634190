package org.tracemark.ingest.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The MQTT broker of embedded mode: HiveMQ Community Edition in this JVM, with the device ACL of
 * {@link DeviceAcl} (see the ingest README for the rules and their trade-offs).
 *
 * <p>{@link #start} never fails with a bind error for a port that was only preferred: if it is
 * taken it listens on a free port and {@link #portReport()} says so in one line for the launcher to
 * print. Between probing a port and HiveMQ binding it another process can take it, and HiveMQ then
 * carries on without that listener (it only stops when no listener at all could bind). So after
 * HiveMQ has started, each listener is checked to really be this broker — the plain one by logging
 * in with the internal password only this broker knows, the TLS one by the certificate it presents
 * — and if one is not, the broker is stopped and started again on other ports.
 *
 * <p>Not thread-safe to start; {@link #close()} may be called from any thread, more than once.
 */
public final class EmbeddedBroker implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(EmbeddedBroker.class.getName());

  /** How often a lost race for a port is retried before giving up. */
  static final int MAX_ATTEMPTS = 5;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  // A broker on loopback answers in milliseconds; the wait matters only when the port was lost to
  // a process that accepts connections and never speaks MQTT or TLS.
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);
  private static final String PLAIN = "MQTT";
  private static final String TLS = "MQTT over TLS";

  // Loggers are held weakly by java.util.logging; keeping them here keeps their quieter level.
  private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();

  private final BrokerSettings settings;
  private final EmbeddedHiveMQ hivemq;
  private final AccessControlExtension accessControl;
  private final InternalCredentials credentials;
  private final Path configFolder;
  private final int port;
  private final OptionalInt tlsPort;
  private final String portReport;
  private final Duration startDuration;
  private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);

  private enum State {
    RUNNING,
    CLOSED
  }

  private EmbeddedBroker(
      BrokerSettings settings,
      EmbeddedHiveMQ hivemq,
      AccessControlExtension accessControl,
      InternalCredentials credentials,
      Path configFolder,
      int port,
      OptionalInt tlsPort,
      Duration startDuration) {
    this.settings = settings;
    this.hivemq = hivemq;
    this.accessControl = accessControl;
    this.credentials = credentials;
    this.configFolder = configFolder;
    this.port = port;
    this.tlsPort = tlsPort;
    this.startDuration = startDuration;
    this.portReport = describePorts(settings, port, tlsPort);
  }

  /**
   * Starts HiveMQ and returns once both listeners accept connections.
   *
   * @throws BrokerPortTakenException if a demanded port is taken
   * @throws BrokerStartException if the data directory or TLS material cannot be used, or HiveMQ
   *     does not start
   */
  public static EmbeddedBroker start(BrokerSettings settings) throws BrokerStartException {
    return start(settings, EmbeddedBroker::isFree);
  }

  /**
   * Whether a port can be bound right now. Only a hint: by the time HiveMQ binds it, another
   * process may have it. Tests substitute one that is wrong on purpose to lose that race.
   */
  @FunctionalInterface
  interface PortProbe {
    boolean isFree(String host, int port);
  }

  static EmbeddedBroker start(BrokerSettings settings, PortProbe probe)
      throws BrokerStartException {
    if (settings.quietLogging()) {
      quietLogging();
    }
    long began = System.nanoTime();
    try {
      Files.createDirectories(settings.dataDirectory());
    } catch (IOException e) {
      throw new BrokerStartException(
          "cannot create the broker data directory " + settings.dataDirectory() + ": " + e, e);
    }
    Optional<BrokerTls> tls = settings.tls();
    String host = settings.host();
    boolean plainLost = false;
    boolean tlsLost = false;
    List<String> lost = new ArrayList<>();
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      int plainPort =
          choosePort(probe, PLAIN, host, settings.port(), settings.portDemanded(), plainLost);
      OptionalInt chosenTls = OptionalInt.empty();
      if (tls.isPresent()) {
        int candidate =
            choosePort(
                probe, TLS, host, tls.get().preferredPort(), tls.get().portDemanded(), tlsLost);
        // Two ports handed out by the kernel can coincide; move whichever was not demanded.
        while (candidate == plainPort) {
          if (tls.get().portDemanded()) {
            plainPort = anyFreePort(host);
          } else {
            candidate = anyFreePort(host);
          }
        }
        chosenTls = OptionalInt.of(candidate);
      }
      Attempt result = attempt(settings, plainPort, chosenTls, began);
      if (result.broker != null) {
        return result.broker;
      }
      plainLost = !result.plainBound;
      tlsLost = !result.tlsBound;
      lost.add(
          (plainLost ? host + ":" + plainPort : "")
              + (tlsLost ? " " + host + ":" + chosenTls.orElse(-1) : ""));
      LOG.log(
          Level.INFO,
          "embedded broker lost a port to another process between probe and bind ({0});"
              + " retrying",
          lost.get(lost.size() - 1).trim());
    }
    throw new BrokerStartException(
        "the embedded broker could not bind its listeners in "
            + MAX_ATTEMPTS
            + " attempts; ports lost to other processes: "
            + lost);
  }

  /** The outcome of one start: a running broker, or which listeners did not bind. */
  private record Attempt(EmbeddedBroker broker, boolean plainBound, boolean tlsBound) {}

  private static Attempt attempt(
      BrokerSettings settings, int plainPort, OptionalInt tlsPort, long began)
      throws BrokerStartException {
    InternalCredentials credentials = InternalCredentials.generate();
    AccessControlExtension accessControl =
        new AccessControlExtension(credentials, settings.readingHandoff());
    Path configFolder = privateConfigFolder();
    EmbeddedHiveMQ hivemq = null;
    boolean keep = false;
    boolean startFailed = false;
    try {
      Optional<TlsKeyStores> stores = Optional.empty();
      if (settings.tls().isPresent()) {
        char[] storePassword = randomPassword();
        stores = Optional.of(TlsKeyStores.write(settings.tls().get(), configFolder, storePassword));
        Arrays.fill(storePassword, '\0');
      }
      HiveMqConfig.write(
          configFolder,
          settings.host(),
          plainPort,
          tlsPort.isPresent() ? Optional.of(tlsPort.getAsInt()) : Optional.empty(),
          stores,
          settings.maxQueuedMessagesPerClient());
      Path extensions = Files.createDirectories(configFolder.resolve("extensions"));
      hivemq =
          EmbeddedHiveMQ.builder()
              .withConfigurationFolder(configFolder)
              .withDataFolder(settings.dataDirectory())
              // An empty folder of our own, so HiveMQ loads no extension from the working dir.
              .withExtensionsFolder(extensions)
              .withEmbeddedExtension(accessControl.embedded())
              // HiveMQ's logging bootstrap configures logback, which is not on the class path:
              // its SLF4J output goes to whatever the application binds.
              .withoutLoggingBootstrap()
              .build();
      boolean started;
      try {
        hivemq.start().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        started = true;
      } catch (ExecutionException e) {
        // HiveMQ gives up only when no listener could bind; anything else is a real failure.
        if (!couldNotBind(e.getCause())) {
          startFailed = true;
          throw new BrokerStartException(
              "HiveMQ did not start with data directory "
                  + settings.dataDirectory()
                  + ": "
                  + e.getCause().getMessage(),
              e.getCause());
        }
        startFailed = true;
        started = false;
      }
      boolean plainBound = started && isThisBroker(settings.host(), plainPort, credentials);
      boolean tlsBound =
          tlsPort.isEmpty()
              || (started
                  && presentsCertificate(
                      settings.host(), tlsPort.getAsInt(), stores.get().brokerCertificate()));
      if (!plainBound || !tlsBound) {
        return new Attempt(null, plainBound, tlsBound);
      }
      keep = true;
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      EmbeddedBroker broker =
          new EmbeddedBroker(
              settings, hivemq, accessControl, credentials, configFolder, plainPort, tlsPort, took);
      LOG.log(Level.INFO, "{0} (started in {1} ms)", broker.portReport(), took.toMillis());
      return new Attempt(broker, true, true);
    } catch (IOException e) {
      throw new BrokerStartException("cannot write the broker configuration: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerStartException("interrupted while the broker started", e);
    } catch (TimeoutException e) {
      throw new BrokerStartException(
          "HiveMQ did not start within " + START_TIMEOUT.toSeconds() + " s", e);
    } finally {
      if (!keep) {
        stopQuietly(hivemq, startFailed);
        deleteTree(configFolder);
      }
    }
  }

  private static boolean couldNotBind(Throwable cause) {
    // com.hivemq.exceptions.UnrecoverableException, thrown by its StartupListenerVerifier when no
    // listener bound. Matched by name: it is not part of the embedded API.
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t.getClass().getName().equals("com.hivemq.exceptions.UnrecoverableException")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The port to try: a demanded port as is (or the typed error if it is taken); a preferred one if
   * it is free and was not just lost to another process; else any free port.
   */
  private static int choosePort(
      PortProbe probe,
      String listener,
      String host,
      int preferred,
      boolean demanded,
      boolean lostBefore)
      throws BrokerStartException {
    if (demanded) {
      if (lostBefore || !probe.isFree(host, preferred)) {
        throw new BrokerPortTakenException(listener, host, preferred);
      }
      return preferred;
    }
    if (!lostBefore && probe.isFree(host, preferred)) {
      return preferred;
    }
    return anyFreePort(host);
  }

  static boolean isFree(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int anyFreePort(String host) throws BrokerStartException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new BrokerStartException("cannot find a free port on " + host + ": " + e, e);
    }
  }

  /** Whether the plain listener on {@code port} is this broker: only it knows the password. */
  private static boolean isThisBroker(String host, int port, InternalCredentials credentials) {
    MqttClient client = null;
    char[] password = credentials.password();
    try {
      client =
          new MqttClient(
              uri("tcp", host, port).toString(),
              InternalCredentials.clientId("start-check"),
              new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      // Pinned: Paho's default would retry a refused CONNECT as MQTT 3.1.
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setCleanSession(true);
      options.setUserName(credentials.username());
      options.setPassword(password);
      options.setConnectionTimeout((int) CHECK_TIMEOUT.toSeconds());
      client.connect(options);
      client.disconnect();
      return true;
    } catch (MqttException e) {
      return false;
    } finally {
      Arrays.fill(password, '\0');
      if (client != null) {
        try {
          client.close(true);
        } catch (MqttException e) {
          // The check is over either way.
        }
      }
    }
  }

  /** Whether the TLS listener on {@code port} presents this broker's certificate. */
  private static boolean presentsCertificate(String host, int port, X509Certificate expected) {
    AtomicReference<X509Certificate> seen = new AtomicReference<>();
    X509TrustManager recorder =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Only records: the decision is the equality below, not a trust decision.
            seen.set(chain[0]);
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {recorder}, new SecureRandom());
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
        socket.connect(
            new InetSocketAddress(InetAddress.getByName(host), port),
            (int) CHECK_TIMEOUT.toMillis());
        socket.setSoTimeout((int) CHECK_TIMEOUT.toMillis());
        socket.startHandshake();
      }
    } catch (IOException | java.security.GeneralSecurityException e) {
      // Expected: the listener wants a client certificate, which this check does not have. The
      // server certificate arrives before that refusal.
    }
    return expected.equals(seen.get());
  }

  /** The port plain MQTT listens on. */
  public int port() {
    return port;
  }

  /** The port MQTT over TLS listens on, if a TLS listener is configured. */
  public OptionalInt tlsPort() {
    return tlsPort;
  }

  /** {@code tcp://host:port}, for the platform's own clients and demo devices. */
  public URI uri() {
    return uri("tcp", settings.host(), port);
  }

  /** {@code ssl://host:port}, if a TLS listener is configured. */
  public Optional<URI> tlsUri() {
    return tlsPort.isPresent()
        ? Optional.of(uri("ssl", settings.host(), tlsPort.getAsInt()))
        : Optional.empty();
  }

  /**
   * One line for the launcher: where the broker listens, and which preferred port was taken, e.g.
   * {@code Port 1883 is taken (another MQTT broker?); the embedded broker listens on
   * 127.0.0.1:40123}.
   */
  public String portReport() {
    return portReport;
  }

  /** How long {@link #start} took, retries included. */
  public Duration startDuration() {
    return startDuration;
  }

  /** The platform's login: ingest's subscriber and the firmware publisher use it. */
  public InternalCredentials internalCredentials() {
    return credentials;
  }

  /** PUBLISH packets refused by the ACL since start (each one dropped). */
  public long refusedPublishes() {
    return accessControl.refusedPublishes();
  }

  /** Topic filters refused by the ACL since start. */
  public long refusedSubscriptions() {
    return accessControl.refusedSubscriptions();
  }

  /** CONNECTs refused since start (wrong internal password, bad client id, no device cert). */
  public long refusedConnects() {
    return accessControl.refusedConnects();
  }

  /** Stops HiveMQ (persisting sessions and queues to the data directory) and frees its ports. */
  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return;
    }
    stopQuietly(hivemq, false);
    deleteTree(configFolder);
  }

  @Override
  public String toString() {
    return "EmbeddedBroker[" + uri() + tlsUri().map(u -> ", " + u).orElse("") + "]";
  }

  private static String describePorts(BrokerSettings settings, int port, OptionalInt tlsPort) {
    String host = settings.host();
    StringBuilder line = new StringBuilder();
    List<String> taken = new ArrayList<>();
    if (port != settings.port()) {
      taken.add(Integer.toString(settings.port()));
    }
    if (tlsPort.isPresent() && tlsPort.getAsInt() != settings.tls().get().preferredPort()) {
      taken.add(Integer.toString(settings.tls().get().preferredPort()));
    }
    if (!taken.isEmpty()) {
      line.append(taken.size() == 1 ? "Port " : "Ports ")
          .append(String.join(" and ", taken))
          .append(taken.size() == 1 ? " is" : " are")
          .append(" taken (another MQTT broker?); ");
      line.append("the embedded broker listens on ");
    } else {
      line.append("The embedded broker listens on ");
    }
    line.append(host).append(':').append(port);
    tlsPort.ifPresent(p -> line.append(", TLS on ").append(host).append(':').append(p));
    return line.toString();
  }

  private static URI uri(String scheme, String host, int port) {
    String literal = host.contains(":") ? "[" + host + "]" : host;
    return URI.create(scheme + "://" + literal + ":" + port);
  }

  /** Stops HiveMQ; after a failed start, stop() only repeats that failure, so it is not logged. */
  private static void stopQuietly(EmbeddedHiveMQ hivemq, boolean startFailed) {
    if (hivemq == null) {
      return;
    }
    try {
      hivemq.stop().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!startFailed) {
        LOG.log(Level.WARNING, "embedded broker did not stop cleanly: {0}", String.valueOf(e));
      }
    } catch (TimeoutException e) {
      LOG.log(Level.WARNING, "embedded broker did not stop cleanly: {0}", String.valueOf(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      hivemq.close();
    } catch (ExecutionException e) {
      LOG.log(Level.WARNING, "embedded broker did not close cleanly: {0}", String.valueOf(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A fresh folder readable only by this user: it holds the key stores and their password. */
  private static Path privateConfigFolder() throws BrokerStartException {
    try {
      try {
        return Files.createTempDirectory(
            "tracemark-broker-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (UnsupportedOperationException e) {
        return Files.createTempDirectory("tracemark-broker-");
      }
    } catch (IOException e) {
      throw new BrokerStartException("cannot create the broker's configuration folder: " + e, e);
    }
  }

  private static char[] randomPassword() {
    return InternalCredentials.generate().password();
  }

  private static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not delete {0}: {1}", root, String.valueOf(e));
    }
  }

  private static synchronized void quietLogging() {
    for (String name : List.of("com.hivemq", "jetbrains.exodus", "oshi")) {
      java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
      // An explicitly configured level (e.g. quarkus.log.category."com.hivemq".level) wins.
      if (logger.getLevel() == null) {
        logger.setLevel(java.util.logging.Level.WARNING);
        QUIETED.add(logger);
      }
    }
  }
}
