package org.tracemark.api.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the ingest and sequencer roles (issue 7), read where they are used. Defaults are for
 * embedded mode on a laptop; a cluster sets the broker to {@code external} and the bus to {@code
 * pulsar}.
 */
@ConfigMapping(prefix = "tracemark.ingest")
public interface IngestConfig {

  /** Where devices publish: {@code embedded} (a broker in this JVM) or {@code external}. */
  @WithDefault("embedded")
  BrokerKind broker();

  enum BrokerKind {
    EMBEDDED,
    EXTERNAL
  }

  Mqtt mqtt();

  Bus bus();

  Sequencer sequencer();

  /** Verification threads; 0 means one per core. */
  @WithDefault("0")
  int verifyThreads();

  /** The MQTT side. */
  interface Mqtt {
    /** The external broker, e.g. {@code tcp://broker:1883} or {@code ssl://broker:8883}. */
    Optional<String> url();

    /**
     * The embedded broker's preferred port; when it is taken (Mosquitto holds 1883 on many
     * machines) another free one is chosen and printed. 0 always picks a free one.
     */
    @WithDefault("1883")
    int port();

    /** Listen address of the embedded broker. */
    @WithDefault("127.0.0.1")
    String host();

    /**
     * This ingest process's MQTT client id: the broker keeps its persistent session (and what
     * arrives while it is down) under it, so it must be stable per process and unique in a cluster.
     */
    @WithDefault("tracemark-ingest-1")
    String clientId();

    /** The shared-subscription group; every ingest process of a deployment uses the same one. */
    @WithDefault("ingest")
    String shareGroup();

    /** Credentials for an external broker (the embedded one makes its own). */
    Optional<String> username();

    Optional<String> password();

    /** The embedded broker's TLS listener (devices with client certificates); off unless set. */
    Tls tls();

    /**
     * Messages in the pipeline at once, per connection; more wait in the broker (back-pressure).
     */
    @WithDefault("4096")
    int maxInFlight();

    /**
     * MQTT connections this process opens into the shared subscription (client ids {@code
     * {client-id}-1}, {@code -2}, ...). A broker sends each connection only so many unacknowledged
     * messages (Mosquitto: {@code max_inflight_messages}, 20 by default), and ingest acknowledges a
     * message only once it is in the ledger, so more connections mean larger ledger batches.
     */
    @WithDefault("32")
    int connections();
  }

  /** TLS of the embedded broker: PEM files; device certificates are checked against device-ca. */
  interface Tls {
    /** The broker's certificate chain (PEM); TLS is on when this is set. */
    Optional<java.nio.file.Path> certificate();

    /** The broker's private key (PEM, PKCS#8, optionally encrypted). */
    Optional<java.nio.file.Path> key();

    /** Passphrase of an encrypted key (env TRACEMARK_MQTT_TLS_KEY_PASSPHRASE). */
    Optional<String> keyPassphrase();

    /** The device CA certificates (PEM), e.g. what GET /api/ca/chain serves. */
    Optional<java.nio.file.Path> deviceCa();

    /** Preferred TLS port; another free one is chosen and reported if it is taken. */
    @WithDefault("8883")
    int port();
  }

  /** Between verification and the sequencer. */
  interface Bus {
    /** {@code memory} (embedded mode) or {@code pulsar} (cluster mode). */
    @WithDefault("memory")
    String kind();

    /** Capacity of the memory bus. */
    @WithDefault("16384")
    int capacity();

    Pulsar pulsar();
  }

  /** The Pulsar bus of cluster mode (see ingest/README.md, "The Pulsar bus"). */
  interface Pulsar {
    /** Broker service URL, {@code pulsar://host:6650} or {@code pulsar+ssl://host:6651}. */
    @WithDefault("pulsar://127.0.0.1:6650")
    String url();

    /** Admin REST URL, to create the partitioned topic if it is missing; unset: it must exist. */
    Optional<java.net.URI> adminUrl();

    @WithDefault("persistent://public/default/tracemark-readings")
    String topic();

    /** Partitions of the topic when this process creates it. */
    @WithDefault("4")
    int partitions();

    /** A PEM file of CAs to trust for {@code pulsar+ssl://}. */
    Optional<java.nio.file.Path> tlsTrustCertsFile();
  }

  /** The single writer. */
  interface Sequencer {
    /** Entries per ledger append, at most. */
    @WithDefault("4096")
    int maxBatch();

    /** How long a batch waits for its first message. */
    @WithDefault("50ms")
    Duration maxWait();

    /**
     * Messages per device boot remembered by the replay window: among them, out-of-order and
     * repeated messages are told apart exactly (duplicate vs equivocation); below the oldest, they
     * are stale. Costs memory per device (about 100 bytes a message): keep it above the agents'
     * in-flight window.
     */
    @WithDefault("1024")
    int window();
  }
}
