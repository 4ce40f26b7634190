package org.tracemark.ingest.bus.pulsar;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link PulsarBus} reaches Pulsar and shapes its traffic. Build with {@link #builder(String)};
 * every setting is documented at its builder method, with its default.
 */
public record PulsarBusSettings(
    String serviceUrl,
    Optional<URI> adminUrl,
    String topic,
    int partitions,
    String subscription,
    Optional<String> producerName,
    Duration batchingMaxDelay,
    int batchingMaxMessages,
    int receiverQueueSize,
    Duration operationTimeout,
    Duration sendTimeout,
    Duration nackRedeliveryDelay,
    Duration standbyRetry,
    Optional<Path> tlsTrustCertsFile) {

  public static final String DEFAULT_TOPIC = "persistent://public/default/tracemark-readings";

  public PulsarBusSettings {
    Objects.requireNonNull(serviceUrl, "serviceUrl");
    if (!serviceUrl.startsWith("pulsar://") && !serviceUrl.startsWith("pulsar+ssl://")) {
      throw new IllegalArgumentException(
          "service URL must start with pulsar:// or pulsar+ssl://, not " + serviceUrl);
    }
    adminUrl.ifPresent(
        u -> {
          if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
            throw new IllegalArgumentException("admin URL must be http(s)://, not " + u);
          }
        });
    PartitionedTopic.parse(topic);
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, not " + partitions);
    }
    if (subscription == null || subscription.isBlank()) {
      throw new IllegalArgumentException("subscription name must not be blank");
    }
    if (batchingMaxMessages < 1 || receiverQueueSize < 1) {
      throw new IllegalArgumentException(
          "batchingMaxMessages and receiverQueueSize must be >= 1, not "
              + batchingMaxMessages
              + " and "
              + receiverQueueSize);
    }
    for (Duration d :
        new Duration[] {operationTimeout, sendTimeout, nackRedeliveryDelay, standbyRetry}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts and delays must be > 0, not " + d);
      }
    }
    if (batchingMaxDelay.isNegative()) {
      throw new IllegalArgumentException("batching delay must be >= 0, not " + batchingMaxDelay);
    }
  }

  /**
   * @param serviceUrl the broker's binary protocol URL, {@code pulsar://host:6650} or, with TLS,
   *     {@code pulsar+ssl://host:6651}; several hosts as {@code pulsar://h1:6650,h2:6650}
   */
  public static Builder builder(String serviceUrl) {
    return new Builder(serviceUrl);
  }

  public static final class Builder {
    private final String serviceUrl;
    private URI adminUrl;
    private String topic = DEFAULT_TOPIC;
    private int partitions = 4;
    private String subscription = "sequencer";
    private String producerName;
    private Duration batchingMaxDelay = Duration.ofMillis(1);
    private int batchingMaxMessages = 1000;
    private int receiverQueueSize = 1000;
    private Duration operationTimeout = Duration.ofSeconds(30);
    private Duration sendTimeout = Duration.ofSeconds(30);
    private Duration nackRedeliveryDelay = Duration.ofSeconds(1);
    private Duration standbyRetry = Duration.ofSeconds(1);
    private Path tlsTrustCertsFile;

    private Builder(String serviceUrl) {
      this.serviceUrl = serviceUrl;
    }

    /**
     * The broker's web service, e.g. {@code http://host:8080}. When set, the bus creates the
     * partitioned topic through the admin REST API if it does not exist (the client cannot create
     * partitioned topics; auto-creation would make a non-partitioned one). When absent (default),
     * the topic must exist: {@code pulsar-admin topics create-partitioned-topic -p 4 <topic>}. With
     * {@code https} the {@link #tlsTrustCertsFile} is trusted too.
     */
    public Builder adminUrl(URI value) {
      this.adminUrl = value;
      return this;
    }

    /**
     * The partitioned topic, {@code persistent://tenant/namespace/name}; default {@value
     * DEFAULT_TOPIC}.
     */
    public Builder topic(String value) {
      this.topic = value;
      return this;
    }

    /**
     * Partitions the topic is created with (default 4); messages are routed by device id, so one
     * device's messages stay in one partition and in order. An existing topic keeps its count:
     * changing it would move devices between partitions and lose their order across the change.
     */
    public Builder partitions(int value) {
      this.partitions = value;
      return this;
    }

    /** The durable subscription the sequencer reads; default {@code sequencer}. */
    public Builder subscription(String value) {
      this.subscription = value;
      return this;
    }

    /**
     * A fixed producer name, unique per ingest process, shown in the broker's stats; default none:
     * the broker assigns a unique one.
     */
    public Builder producerName(String value) {
      this.producerName = value;
      return this;
    }

    /**
     * How long a producer batch waits for more messages before it is sent; default 1 ms. Longer
     * means fewer, bigger writes and more latency.
     */
    public Builder batchingMaxDelay(Duration value) {
      this.batchingMaxDelay = value;
      return this;
    }

    /** Most messages in one producer batch; default 1,000. */
    public Builder batchingMaxMessages(int value) {
      this.batchingMaxMessages = value;
      return this;
    }

    /**
     * Messages the consumer prefetches per partition; default 1,000. They count as delivered to
     * this consumer: if it dies, the broker gives them to the standby.
     */
    public Builder receiverQueueSize(int value) {
      this.receiverQueueSize = value;
      return this;
    }

    /**
     * Deadline of lookups, subscribes, producer creation and closes; default 30 s. Without one a
     * call made while the broker is down would wait for ever.
     */
    public Builder operationTimeout(Duration value) {
      this.operationTimeout = value;
      return this;
    }

    /**
     * How long a publish may wait for the broker's acknowledgement, across reconnects, before its
     * future fails (and the MQTT message stays unacknowledged); default 30 s.
     */
    public Builder sendTimeout(Duration value) {
      this.sendTimeout = value;
      return this;
    }

    /** Delay before a {@code nack}ed delivery comes again; default 1 s (Pulsar's own is 1 min). */
    public Builder nackRedeliveryDelay(Duration value) {
      this.nackRedeliveryDelay = value;
      return this;
    }

    /**
     * How often a standby subscriber tries to take over the subscription while another holds it;
     * default 1 s. This bounds the takeover time after the active subscriber closes or its
     * connection is dropped.
     */
    public Builder standbyRetry(Duration value) {
      this.standbyRetry = value;
      return this;
    }

    /**
     * PEM file of the CA certificates trusted for {@code pulsar+ssl://} (and an {@code https} admin
     * URL); default none: the JVM's default trust store. Host names are verified.
     */
    public Builder tlsTrustCertsFile(Path value) {
      this.tlsTrustCertsFile = value;
      return this;
    }

    public PulsarBusSettings build() {
      return new PulsarBusSettings(
          serviceUrl,
          Optional.ofNullable(adminUrl),
          topic,
          partitions,
          subscription,
          Optional.ofNullable(producerName),
          batchingMaxDelay,
          batchingMaxMessages,
          receiverQueueSize,
          operationTimeout,
          sendTimeout,
          nackRedeliveryDelay,
          standbyRetry,
          Optional.ofNullable(tlsTrustCertsFile));
    }
  }
}
