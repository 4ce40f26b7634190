package org.tracemark.edge.publish;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.tracemark.keys.device.DeviceId;

/**
 * Everything the {@link Publisher} needs to reach the broker. Built with {@link #builder(DeviceId,
 * URI)}; every setting is validated in {@link Builder#build()}, so a bad configuration fails at
 * start-up with a message naming the setting, not later at the broker.
 *
 * <p>{@link #toString()} never shows the password or the key passphrase.
 */
public final class PublisherOptions {

  /** At most this many QoS 1 readings unacknowledged at once, unless set otherwise. */
  public static final int DEFAULT_MAX_INFLIGHT = 64;

  /** MQTT packet ids are 16 bits, and Paho keeps one per message in flight. */
  public static final int MAX_MAX_INFLIGHT = 60_000;

  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_BACKOFF_MIN = Duration.ofMillis(500);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(60);
  public static final Duration DEFAULT_OUTBOX_POLL = Duration.ofMillis(50);

  private final URI brokerUri;
  private final DeviceId device;
  private final String clientId;
  private final Optional<String> username;
  private final char[] password;
  private final Optional<TlsSettings> tls;
  private final int maxInflight;
  private final Duration keepAlive;
  private final Duration connectionTimeout;
  private final Duration backoffMin;
  private final Duration backoffMax;
  private final Duration outboxPoll;

  private PublisherOptions(Builder b) {
    this.brokerUri = b.brokerUri;
    this.device = b.device;
    this.clientId = b.clientId == null ? b.device.value() : b.clientId;
    this.username = Optional.ofNullable(b.username);
    this.password = b.password == null ? null : b.password.clone();
    this.tls = Optional.ofNullable(b.tls);
    this.maxInflight = b.maxInflight;
    this.keepAlive = b.keepAlive;
    this.connectionTimeout = b.connectionTimeout;
    this.backoffMin = b.backoffMin;
    this.backoffMax = b.backoffMax;
    this.outboxPoll = b.outboxPoll;
  }

  /**
   * @param device whose topics the publisher uses (readings, status, firmware)
   * @param brokerUri {@code tcp://host:port} or {@code ssl://host:port}
   */
  public static Builder builder(DeviceId device, URI brokerUri) {
    return new Builder(device, brokerUri);
  }

  /** {@code tcp://…} or {@code ssl://…}. */
  public URI brokerUri() {
    return brokerUri;
  }

  public DeviceId device() {
    return device;
  }

  /** The MQTT client id; the device id unless set. It names the broker's persistent session. */
  public String clientId() {
    return clientId;
  }

  public Optional<String> username() {
    return username;
  }

  /** A copy of the password, if one is set; clear it after use. */
  Optional<char[]> password() {
    return Optional.ofNullable(password).map(char[]::clone);
  }

  /** Present exactly when the URI is {@code ssl://}. */
  public Optional<TlsSettings> tls() {
    return tls;
  }

  public int maxInflight() {
    return maxInflight;
  }

  public Duration keepAlive() {
    return keepAlive;
  }

  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  public Duration backoffMin() {
    return backoffMin;
  }

  public Duration backoffMax() {
    return backoffMax;
  }

  /** How often the sender looks for new outbox records when nobody calls {@code outboxChanged}. */
  public Duration outboxPoll() {
    return outboxPoll;
  }

  boolean isTls() {
    return "ssl".equals(brokerUri.getScheme());
  }

  @Override
  public String toString() {
    return "PublisherOptions[broker="
        + brokerUri
        + ", device="
        + device
        + ", clientId="
        + clientId
        + ", username="
        + username.orElse("-")
        + ", password="
        + (password == null ? "-" : "<set>")
        + ", tls="
        + tls.map(TlsSettings::toString).orElse("-")
        + ", maxInflight="
        + maxInflight
        + ", keepAlive="
        + keepAlive
        + ", connectionTimeout="
        + connectionTimeout
        + ", backoff="
        + backoffMin
        + ".."
        + backoffMax
        + "]";
  }

  /** Collects settings; {@link #build()} validates them all. */
  public static final class Builder {
    private final DeviceId device;
    private final URI brokerUri;
    private String clientId;
    private String username;
    private char[] password;
    private TlsSettings tls;
    private int maxInflight = DEFAULT_MAX_INFLIGHT;
    private Duration keepAlive = DEFAULT_KEEP_ALIVE;
    private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
    private Duration backoffMin = DEFAULT_BACKOFF_MIN;
    private Duration backoffMax = DEFAULT_BACKOFF_MAX;
    private Duration outboxPoll = DEFAULT_OUTBOX_POLL;

    private Builder(DeviceId device, URI brokerUri) {
      this.device = device;
      this.brokerUri = brokerUri;
    }

    /** The MQTT client id; defaults to the device id. */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /** User name and password for the broker; the password is copied. */
    public Builder credentials(String username, char[] password) {
      this.username = username;
      this.password = password == null ? null : password.clone();
      return this;
    }

    /** TLS trust and client identity; required for {@code ssl://}, refused for {@code tcp://}. */
    public Builder tls(TlsSettings tls) {
      this.tls = tls;
      return this;
    }

    /** Readings unacknowledged at once (default 64); the sender waits when the window is full. */
    public Builder maxInflight(int maxInflight) {
      this.maxInflight = maxInflight;
      return this;
    }

    /** MQTT keep-alive, whole seconds (default 30 s; 0 turns pings off). */
    public Builder keepAlive(Duration keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    /** How long one connection attempt (TCP, TLS, CONNACK) may take (default 10 s). */
    public Builder connectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
      return this;
    }

    /** Reconnect backoff: full jitter between 0 and min·2ⁿ, capped at max (0.5 s → 60 s). */
    public Builder backoff(Duration min, Duration max) {
      this.backoffMin = min;
      this.backoffMax = max;
      return this;
    }

    /** How often an idle sender re-reads the outbox (default 50 ms). */
    public Builder outboxPoll(Duration outboxPoll) {
      this.outboxPoll = outboxPoll;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first setting that is wrong
     */
    public PublisherOptions build() {
      if (device == null) {
        throw new IllegalArgumentException("device must not be null");
      }
      requireBrokerUri();
      if (clientId != null && (clientId.isEmpty() || clientId.length() > 65_535)) {
        throw new IllegalArgumentException(
            "client id must be 1 to 65535 characters (a persistent session needs one)");
      }
      if (username != null && username.isEmpty()) {
        throw new IllegalArgumentException("username must not be empty; leave it unset instead");
      }
      if (password != null && username == null) {
        throw new IllegalArgumentException("a password needs a username (MQTT 3.1.1 §3.1.2.9)");
      }
      boolean ssl = "ssl".equals(brokerUri.getScheme());
      if (ssl && tls == null) {
        throw new IllegalArgumentException(
            brokerUri + " is ssl:// but no TLS settings are given (at least the CA to trust)");
      }
      if (!ssl && tls != null) {
        throw new IllegalArgumentException(
            brokerUri + " is tcp:// but TLS settings are given; use ssl:// for TLS");
      }
      if (tls != null) {
        requireReadable("CA certificate file", tls.caCertificates());
        tls.clientIdentity()
            .ifPresent(
                identity -> {
                  requireReadable(
                      "client certificate file", Optional.of(identity.certificateChain()));
                  requireReadable("client key file", Optional.of(identity.encryptedKey()));
                });
      }
      if (maxInflight < 1 || maxInflight > MAX_MAX_INFLIGHT) {
        throw new IllegalArgumentException(
            "maxInflight must be 1 to " + MAX_MAX_INFLIGHT + ", got " + maxInflight);
      }
      requireSeconds("keepAlive", keepAlive, false);
      requireSeconds("connectionTimeout", connectionTimeout, true);
      if (backoffMin == null || backoffMin.isNegative() || backoffMin.isZero()) {
        throw new IllegalArgumentException("backoff min must be positive, got " + backoffMin);
      }
      if (backoffMax == null || backoffMax.compareTo(backoffMin) < 0) {
        throw new IllegalArgumentException(
            "backoff max " + backoffMax + " must be at least min " + backoffMin);
      }
      if (outboxPoll == null || outboxPoll.isNegative() || outboxPoll.isZero()) {
        throw new IllegalArgumentException("outboxPoll must be positive, got " + outboxPoll);
      }
      return new PublisherOptions(this);
    }

    private void requireBrokerUri() {
      if (brokerUri == null) {
        throw new IllegalArgumentException("broker URI must not be null");
      }
      String scheme = brokerUri.getScheme();
      if (!"tcp".equals(scheme) && !"ssl".equals(scheme)) {
        throw new IllegalArgumentException(
            "broker URI " + brokerUri + " must start with tcp:// or ssl://");
      }
      if (brokerUri.getHost() == null || brokerUri.getPort() < 1) {
        throw new IllegalArgumentException(
            "broker URI " + brokerUri + " needs a host and a port, e.g. tcp://127.0.0.1:1883");
      }
      String path = brokerUri.getRawPath();
      if ((path != null && !path.isEmpty() && !"/".equals(path))
          || brokerUri.getRawQuery() != null
          || brokerUri.getRawFragment() != null
          || brokerUri.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "broker URI "
                + brokerUri
                + " must be just scheme, host and port (credentials go in credentials())");
      }
    }

    private static void requireReadable(String what, Optional<Path> file) {
      file.ifPresent(
          path -> {
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
              throw new IllegalArgumentException(what + " " + path + " is not a readable file");
            }
          });
    }

    private static void requireSeconds(String name, Duration value, boolean positive) {
      if (value == null
          || value.isNegative()
          || (positive && value.isZero())
          || value.getNano() != 0
          || value.getSeconds() > 65_535) {
        throw new IllegalArgumentException(
            name
                + " must be whole seconds"
                + (positive ? ", positive," : "")
                + " up to 65535 s, got "
                + value);
      }
    }
  }
}
