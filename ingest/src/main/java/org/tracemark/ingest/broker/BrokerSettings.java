package org.tracemark.ingest.broker;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the embedded broker listens and where it keeps its data. Built with {@link #builder()};
 * everything has a default that suits embedded mode on a laptop.
 *
 * <ul>
 *   <li>{@code host} (default {@code 127.0.0.1}) — the address both listeners bind. Plain TCP
 *       trusts the client id as the device id, so keep it on loopback unless every client is
 *       trusted; see the README.
 *   <li>{@code port} (default 1883) — <em>preferred</em> unless {@link Builder#demandPort(int)}: if
 *       it is taken (Mosquitto on 1883 is common), the broker listens on a free port and says so in
 *       {@link EmbeddedBroker#portReport()}. A demanded port that is taken fails the start with
 *       {@link BrokerPortTakenException}.
 *   <li>{@code dataDirectory} (default {@code ~/.tracemark/broker}) — HiveMQ's file persistence:
 *       persistent sessions, their subscriptions, queued QoS 1 messages and retained messages
 *       survive a restart of the platform. One broker at a time per directory (HiveMQ locks it).
 *   <li>{@code maxQueuedMessagesPerClient} (default 1,000,000) — how much HiveMQ keeps for one
 *       offline persistent session (its default is 1,000, as Mosquitto's); past it new messages are
 *       dropped, so size it for the longest outage of ingest you want to ride out.
 *   <li>{@code tls} (default none) — an additional mutual-TLS listener, see {@link BrokerTls}.
 *   <li>{@code quietLogging} (default true) — HiveMQ logs every start step at INFO through SLF4J;
 *       this lowers {@code com.hivemq} and its storage libraries to WARNING in {@code
 *       java.util.logging} (what Quarkus' log manager is), unless a level is already set there.
 * </ul>
 */
public final class BrokerSettings {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 1883;
  public static final long DEFAULT_MAX_QUEUED_MESSAGES = 1_000_000L;

  private final String host;
  private final int port;
  private final boolean portDemanded;
  private final Path dataDirectory;
  private final long maxQueuedMessagesPerClient;
  private final Optional<BrokerTls> tls;
  private final boolean quietLogging;
  private final Optional<ReadingHandoff> readingHandoff;

  private BrokerSettings(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.portDemanded = b.portDemanded;
    this.dataDirectory = b.dataDirectory;
    this.maxQueuedMessagesPerClient = b.maxQueuedMessagesPerClient;
    this.tls = Optional.ofNullable(b.tls);
    this.quietLogging = b.quietLogging;
    this.readingHandoff = Optional.ofNullable(b.readingHandoff);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** All defaults: 127.0.0.1, 1883 preferred, {@code ~/.tracemark/broker}, no TLS. */
  public static BrokerSettings defaults() {
    return builder().build();
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public boolean portDemanded() {
    return portDemanded;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  public long maxQueuedMessagesPerClient() {
    return maxQueuedMessagesPerClient;
  }

  public Optional<BrokerTls> tls() {
    return tls;
  }

  /** Where readings go in this JVM, if not to subscribers. */
  public Optional<ReadingHandoff> readingHandoff() {
    return readingHandoff;
  }

  public boolean quietLogging() {
    return quietLogging;
  }

  @Override
  public String toString() {
    return "BrokerSettings[host="
        + host
        + ", port="
        + port
        + (portDemanded ? " (demanded)" : " (preferred)")
        + ", data="
        + dataDirectory
        + ", maxQueuedMessagesPerClient="
        + maxQueuedMessagesPerClient
        + ", tls="
        + tls.map(BrokerTls::toString).orElse("-")
        + "]";
  }

  static void requirePort(String name, int port) {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(name + " must be 1 to 65535, got " + port);
    }
  }

  /** Collects settings; {@link #build()} validates them. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private boolean portDemanded;
    private Path dataDirectory = Path.of(System.getProperty("user.home"), ".tracemark", "broker");
    private long maxQueuedMessagesPerClient = DEFAULT_MAX_QUEUED_MESSAGES;
    private BrokerTls tls;
    private boolean quietLogging = true;
    private ReadingHandoff readingHandoff;

    private Builder() {}

    /** The address to bind (default {@code 127.0.0.1}). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** Prefer {@code port} for plain MQTT; a free port is used if it is taken. */
    public Builder preferPort(int port) {
      this.port = port;
      this.portDemanded = false;
      return this;
    }

    /** Listen on exactly {@code port}; the start fails with {@link BrokerPortTakenException}. */
    public Builder demandPort(int port) {
      this.port = port;
      this.portDemanded = true;
      return this;
    }

    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory;
      return this;
    }

    public Builder maxQueuedMessagesPerClient(long max) {
      this.maxQueuedMessagesPerClient = max;
      return this;
    }

    /**
     * Hand every reading published on {@code tracemark/v1/devices/{dev}/readings} to {@code
     * handoff} in this JVM instead of queueing it for subscribers (see {@link ReadingHandoff}).
     */
    public Builder handReadingsTo(ReadingHandoff handoff) {
      this.readingHandoff = handoff;
      return this;
    }

    public Builder tls(BrokerTls tls) {
      this.tls = tls;
      return this;
    }

    public Builder quietLogging(boolean quietLogging) {
      this.quietLogging = quietLogging;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first setting that is wrong
     */
    public BrokerSettings build() {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("host must not be empty");
      }
      requirePort("port", port);
      if (dataDirectory == null) {
        throw new IllegalArgumentException("data directory must not be null");
      }
      if (maxQueuedMessagesPerClient < 1) {
        throw new IllegalArgumentException(
            "maxQueuedMessagesPerClient must be positive, got " + maxQueuedMessagesPerClient);
      }
      if (tls != null && tls.preferredPort() == port) {
        throw new IllegalArgumentException(
            "the TLS port and the plain port are both " + port + "; give them different ports");
      }
      return new BrokerSettings(this);
    }
  }
}
