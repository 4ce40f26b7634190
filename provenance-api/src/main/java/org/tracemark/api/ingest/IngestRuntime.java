package org.tracemark.api.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.tracemark.api.devices.RegistryDeviceKeys;
import org.tracemark.api.ledger.Ledger;
import org.tracemark.api.quarantine.QuarantineStore;
import org.tracemark.ingest.broker.BrokerSettings;
import org.tracemark.ingest.broker.BrokerTls;
import org.tracemark.ingest.broker.EmbeddedBroker;
import org.tracemark.ingest.bus.Bus;
import org.tracemark.ingest.bus.MemoryBus;
import org.tracemark.ingest.bus.pulsar.PulsarBus;
import org.tracemark.ingest.bus.pulsar.PulsarBusSettings;
import org.tracemark.ingest.metrics.CheckpointLatency;
import org.tracemark.ingest.metrics.IngestMetrics;
import org.tracemark.ingest.mqtt.MqttIngest;
import org.tracemark.ingest.pipeline.IngestPipeline;
import org.tracemark.ingest.sequencer.Sequencer;
import org.tracemark.keys.reading.ReadingVerifier;

/**
 * Starts the ingest and sequencer roles of this process (DESIGN §1, {@code tracemark.roles}): the
 * bus, the single sequencer, the verification pipeline and the intake (the embedded broker, which
 * hands readings over in-process, or subscriptions to an external one), in that order, after the
 * ledger; and stops them in reverse order before it, so what is in flight is either durable or left
 * unacknowledged for the device or broker to send again.
 */
@ApplicationScoped
public class IngestRuntime {

  private static final Logger LOG = Logger.getLogger(IngestRuntime.class);

  private final IngestConfig config;
  private final java.nio.file.Path home;
  private final Set<String> roles;
  private final Ledger ledger;
  private final LedgerAnchorLog anchors;
  private final QuarantineStore quarantine;
  private final RegistryDeviceKeys keys;
  private final IngestMetrics metrics;

  private Bus bus;
  private Sequencer sequencer;
  private IngestPipeline pipeline;
  private final java.util.List<MqttIngest> subscribers = new java.util.ArrayList<>();
  private String brokerUri;
  private EmbeddedBroker broker;
  private final java.util.concurrent.atomic.AtomicLong handedOver =
      new java.util.concurrent.atomic.AtomicLong();

  public IngestRuntime(
      IngestConfig config,
      @ConfigProperty(name = "tracemark.home") java.nio.file.Path home,
      @ConfigProperty(name = "tracemark.roles") Set<String> roles,
      Ledger ledger,
      LedgerAnchorLog anchors,
      QuarantineStore quarantine,
      RegistryDeviceKeys keys,
      MeterRegistry registry) {
    this.config = config;
    this.home = home;
    this.roles = roles;
    this.ledger = ledger;
    this.anchors = anchors;
    this.quarantine = quarantine;
    this.keys = keys;
    this.metrics = new IngestMetrics(registry);
  }

  void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event)
      throws Exception {
    boolean ingest = roles.contains("ingest");
    boolean sequencing = roles.contains("sequencer");
    if (!ingest && !sequencing) {
      return;
    }
    if (config.bus().kind().equals("memory") && !(ingest && sequencing)) {
      throw new IllegalArgumentException(
          "the memory bus connects ingest and sequencer inside one process; with roles "
              + roles
              + " set tracemark.ingest.bus.kind=pulsar");
    }
    bus = openBus();
    if (sequencing) {
      CheckpointLatency latency = new CheckpointLatency(metrics);
      ledger.onPublished(size -> latency.published(size, System.currentTimeMillis()));
      IngestConfig.Sequencer s = config.sequencer();
      sequencer =
          Sequencer.start(
              bus.subscribe(),
              anchors,
              quarantine,
              new Sequencer.Settings(s.maxBatch(), s.maxWait(), s.window()),
              metrics,
              latency);
      LOG.infof("Sequencer started at ledger size %d", ledger.state().size().value());
    }
    if (ingest) {
      int threads =
          config.verifyThreads() > 0
              ? config.verifyThreads()
              : Runtime.getRuntime().availableProcessors();
      pipeline = new IngestPipeline(new ReadingVerifier(keys), threads, quarantine, bus, metrics);
      IngestConfig.Mqtt mqtt = config.mqtt();
      if (config.broker() == IngestConfig.BrokerKind.EMBEDDED) {
        // In-process: the broker hands each reading over and acknowledges it to the device only
        // once its outcome is durable; nothing waits in a broker queue.
        IngestPipeline readings = pipeline;
        broker =
            startEmbeddedBroker(
                mqtt,
                (topic, message) -> {
                  handedOver.incrementAndGet();
                  return readings.submit(topic, message, java.time.Instant.now());
                });
        brokerUri = broker.uri().toString();
        LOG.infof("Ingest takes readings from the embedded broker at %s in-process", brokerUri);
      } else {
        brokerUri = resolveBrokerUri();
        subscribeExternal(mqtt);
        LOG.infof(
            "Ingest subscribed at %s as %s-1..%d", brokerUri, mqtt.clientId(), mqtt.connections());
      }
    }
  }

  private Bus openBus() throws Exception {
    String kind = config.bus().kind();
    if (kind.equals("pulsar")) {
      IngestConfig.Pulsar p = config.bus().pulsar();
      PulsarBusSettings.Builder settings =
          PulsarBusSettings.builder(p.url()).topic(p.topic()).partitions(p.partitions());
      p.adminUrl().ifPresent(settings::adminUrl);
      p.tlsTrustCertsFile().ifPresent(settings::tlsTrustCertsFile);
      LOG.infof("Bus: Pulsar at %s, topic %s", p.url(), p.topic());
      return PulsarBus.open(settings.build());
    }
    if (!kind.equals("memory")) {
      throw new IllegalArgumentException(
          "tracemark.ingest.bus.kind must be memory or pulsar, not " + kind);
    }
    MemoryBus memory = new MemoryBus(config.bus().capacity());
    metrics.gauge(
        "tracemark.ingest.bus.depth", "Messages between ingest and the sequencer", memory::depth);
    return memory;
  }

  /**
   * Subscribes to an external broker over {@code connections} connections, in parallel: a broker
   * takes a moment per persistent session.
   */
  private void subscribeExternal(IngestConfig.Mqtt mqtt) {
    String filter = "$share/" + mqtt.shareGroup() + "/tracemark/v1/devices/+/readings";
    java.util.List<java.util.concurrent.CompletableFuture<MqttIngest>> connecting =
        new java.util.ArrayList<>();
    java.util.concurrent.ExecutorService connectors =
        java.util.concurrent.Executors.newFixedThreadPool(Math.min(8, mqtt.connections()));
    for (int i = 1; i <= mqtt.connections(); i++) {
      MqttIngest.Endpoint endpoint =
          new MqttIngest.Endpoint(
              brokerUri,
              mqtt.clientId() + "-" + i,
              filter,
              mqtt.username(),
              mqtt.password().map(String::toCharArray));
      connecting.add(
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return MqttIngest.start(endpoint, pipeline, mqtt.maxInFlight());
                } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                  throw new java.util.concurrent.CompletionException(
                      "could not subscribe at " + endpoint + ": " + e.getMessage(), e);
                }
              },
              connectors));
    }
    try {
      for (java.util.concurrent.CompletableFuture<MqttIngest> c : connecting) {
        subscribers.add(c.join());
      }
    } finally {
      connectors.shutdown();
    }
  }

  /** The broker of embedded mode, on the preferred port or, when that is taken, a free one. */
  private EmbeddedBroker startEmbeddedBroker(
      IngestConfig.Mqtt mqtt, org.tracemark.ingest.broker.ReadingHandoff readings)
      throws Exception {
    BrokerSettings.Builder settings =
        BrokerSettings.builder()
            .host(mqtt.host())
            // 0: any free port (tests); a preferred port is only a wish, so a race is harmless.
            .preferPort(
                mqtt.port() > 0 ? mqtt.port() : org.tracemark.api.launch.FreePort.any(mqtt.host()))
            .dataDirectory(home.resolve("broker"))
            .handReadingsTo(readings);
    IngestConfig.Tls tls = mqtt.tls();
    if (tls.certificate().isPresent()) {
      BrokerTls brokerTls =
          BrokerTls.of(
                  BrokerTls.pem(
                      tls.certificate().get(),
                      tls.key()
                          .orElseThrow(
                              () ->
                                  new IllegalArgumentException(
                                      "tracemark.ingest.mqtt.tls.key is required with a certificate")),
                      tls.keyPassphrase().map(String::toCharArray).orElse(null)),
                  tls.deviceCa()
                      .orElseThrow(
                          () ->
                              new IllegalArgumentException(
                                  "tracemark.ingest.mqtt.tls.device-ca is required with TLS")))
              .preferringPort(tls.port());
      settings.tls(brokerTls);
    }
    return EmbeddedBroker.start(settings.build()); // which logs where it listens
  }

  private String resolveBrokerUri() {
    return config
        .mqtt()
        .url()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "tracemark.ingest.mqtt.url is required with an external broker"));
  }

  void stop(@Observes @Priority(Interceptor.Priority.APPLICATION + 400) ShutdownEvent event) {
    try {
      // Intake first: the subscribers, or the embedded broker that hands readings over.
      for (MqttIngest subscriber : subscribers) {
        subscriber.close();
      }
      if (broker != null) {
        broker.close();
      }
      if (pipeline != null) {
        pipeline.close();
      }
      if (sequencer != null) {
        sequencer.close();
      }
      if (bus != null) {
        bus.close();
      }
    } catch (Exception e) {
      LOG.warnf("ingest did not stop cleanly: %s (unacknowledged messages come again)", e);
    }
  }

  /** The embedded broker's one-line port report, if this process runs one. */
  public Optional<String> brokerReport() {
    return Optional.ofNullable(broker).map(EmbeddedBroker::portReport);
  }

  /** Where devices publish, e.g. {@code tcp://127.0.0.1:1883}. */
  public String brokerUri() {
    return brokerUri;
  }

  public IngestMetrics metrics() {
    return metrics;
  }

  /** Problems that make this process not ready, empty when it is: for the readiness check. */
  public java.util.List<String> problems() {
    java.util.List<String> problems = new java.util.ArrayList<>();
    for (int i = 0; i < subscribers.size(); i++) {
      if (!subscribers.get(i).connected()) {
        problems.add("MQTT connection " + (i + 1) + " to " + brokerUri + " is down");
      }
    }
    if (roles.contains("sequencer") && (sequencer == null || !sequencer.running())) {
      problems.add("the sequencer is not running");
    }
    return problems;
  }

  /**
   * Messages taken in since start: acknowledged by the subscribers (external broker), or handed
   * over by the embedded broker.
   */
  public long acknowledged() {
    return handedOver.get() + subscribers.stream().mapToLong(MqttIngest::acknowledged).sum();
  }
}
