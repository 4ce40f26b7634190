package org.tracemark.edge.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tracemark.edge.config.AgentConfig;
import org.tracemark.edge.counter.BootCounter;
import org.tracemark.edge.counter.SequenceCounter;
import org.tracemark.edge.publish.ClientIdentity;
import org.tracemark.edge.publish.FirmwareUpdates;
import org.tracemark.edge.publish.Publisher;
import org.tracemark.edge.publish.PublisherOptions;
import org.tracemark.edge.publish.PublisherStats;
import org.tracemark.edge.publish.TlsSettings;
import org.tracemark.edge.queue.DiskQueue;
import org.tracemark.edge.queue.FsyncPolicy;
import org.tracemark.edge.queue.QueueFullException;
import org.tracemark.edge.queue.QueueOptions;
import org.tracemark.keys.firmware.FirmwareCheck;
import org.tracemark.keys.firmware.FirmwareManifest;
import org.tracemark.keys.firmware.FirmwareVerifier;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SignatureKey;

/**
 * One device's agent: every observation gets the next sequence number of this boot, is signed, and
 * is appended to the disk queue before anything else happens to it; the publisher drains the queue
 * to the broker and a record leaves it only once the broker acknowledged it. When the queue is full
 * the agent keeps measuring into a {@link BufferSummary} (the sequence numbers are used, so the gap
 * stays visible) and reports {@code buffer-full}.
 */
public final class Agent implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Agent.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentConfig config;
  private final DeviceIdentity identity;
  private final long boot;
  private final SequenceCounter sequence;
  private final DiskQueue queue;
  private final Publisher publisher;
  private BufferSummary dropped = new BufferSummary();
  private long signed;

  private Agent(
      AgentConfig config,
      DeviceIdentity identity,
      long boot,
      DiskQueue queue,
      Publisher publisher) {
    this.config = config;
    this.identity = identity;
    this.boot = boot;
    this.sequence = SequenceCounter.forBoot(config.device(), boot);
    this.queue = queue;
    this.publisher = publisher;
  }

  /**
   * Starts an agent: checks the identity, counts the boot, opens (and recovers) the queue and
   * starts publishing what it holds, including what an earlier run left unacknowledged.
   */
  public static Agent start(AgentConfig config, char[] passphrase) throws AgentException {
    DeviceIdentity identity = DeviceIdentity.load(config, passphrase, Instant.now());
    try {
      Files.createDirectories(config.stateDirectory());
      long boot = BootCounter.in(config.stateDirectory()).recordStart();
      DiskQueue queue =
          DiskQueue.open(config.stateDirectory().resolve("queue"), queueOptions(config));
      if (queue.recovery().tornTail().isPresent()) {
        warn("Queue recovery after an unclean stop: %s", queue.recovery());
      }
      Publisher publisher;
      try {
        publisher =
            Publisher.start(
                publisherOptions(config, passphrase), new QueueOutbox(queue), firmware(config));
      } catch (RuntimeException | org.tracemark.edge.publish.TlsSetupException e) {
        queue.close();
        throw new AgentException("cannot start publishing: " + e.getMessage(), e);
      }
      info(
          "Agent %s started: boot %d, %d readings waiting in the queue, broker %s",
          config.device(), boot, queue.pending(), config.broker());
      return new Agent(config, identity, boot, queue, publisher);
    } catch (IOException e) {
      throw new AgentException("cannot start: " + e.getMessage(), e);
    } catch (org.tracemark.edge.counter.CorruptBootCounterException e) {
      throw new AgentException(e.getMessage(), e);
    }
  }

  private static QueueOptions queueOptions(AgentConfig config) throws AgentException {
    FsyncPolicy fsync =
        switch (config.queueFsync()) {
          case "every-record" -> FsyncPolicy.EVERY_RECORD;
          case "never" -> FsyncPolicy.NEVER;
          default -> {
            if (config.queueFsync().startsWith("interval:")) {
              yield FsyncPolicy.interval(
                  Duration.parse(
                      config.queueFsync().substring(9).toUpperCase(java.util.Locale.ROOT)));
            }
            throw new AgentException(
                "queue.fsync must be every-record, never or interval:PT1S, not "
                    + config.queueFsync());
          }
        };
    return QueueOptions.of(config.queueMaxBytes()).withFsync(fsync);
  }

  private static PublisherOptions publisherOptions(AgentConfig config, char[] passphrase)
      throws AgentException {
    PublisherOptions.Builder options = PublisherOptions.builder(config.device(), config.broker());
    if (config.brokerUsername().isPresent()) {
      char[] password = new char[0];
      if (config.brokerPasswordFile().isPresent()) {
        try {
          password =
              Files.readAllLines(config.brokerPasswordFile().get(), StandardCharsets.UTF_8).stream()
                  .findFirst()
                  .orElse("")
                  .toCharArray();
        } catch (IOException e) {
          throw new AgentException("cannot read broker.password-file: " + e.getMessage(), e);
        }
      }
      options.credentials(config.brokerUsername().get(), password);
    }
    if ("ssl".equals(config.broker().getScheme())) {
      TlsSettings tls =
          config.tlsCa().map(TlsSettings::trusting).orElseGet(TlsSettings::trustingJdkDefaults);
      // Mutual TLS with the device certificate: the broker knows the device by its certificate.
      tls =
          tls.withClientIdentity(
              ClientIdentity.of(config.certificate(), config.privateKey(), passphrase));
      options.tls(tls);
    }
    return options.build();
  }

  /** Firmware manifests from the retained topic, checked against the trusted keys (if any). */
  private static FirmwareUpdates firmware(AgentConfig config) throws AgentException {
    if (config.firmwareTrustedKeys().isEmpty()) {
      return null;
    }
    Map<KeyId, SignatureKey> trusted = new HashMap<>();
    for (Path file : config.firmwareTrustedKeys()) {
      try {
        SignatureKey key = SignatureKey.of(PublicKeys.read(file));
        trusted.put(key.kid(), key);
      } catch (IOException | java.security.GeneralSecurityException e) {
        throw new AgentException("firmware.trusted-keys " + file + ": " + e.getMessage(), e);
      } catch (org.tracemark.keys.signing.UnsupportedKeyException e) {
        throw new AgentException("firmware.trusted-keys " + file + ": " + e.getMessage(), e);
      }
    }
    Path installed = config.stateDirectory().resolve("firmware-seq");
    return new FirmwareUpdates(
        new FirmwareVerifier(trusted),
        config.firmwareClass(),
        () -> installedSeq(installed),
        manifest -> install(manifest, installed));
  }

  private static long installedSeq(Path file) {
    try {
      return Files.exists(file) ? Long.parseLong(Files.readString(file).strip()) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * A simulated install: fetch the image, check size and digest, then persist the new sequence
   * number (atomically), so a rollback is refused from then on.
   */
  private static void install(FirmwareManifest manifest, Path installed) {
    try (InputStream image = java.net.URI.create(manifest.uri()).toURL().openStream()) {
      FirmwareCheck check = FirmwareVerifier.checkImage(manifest, image);
      if (check instanceof FirmwareCheck.Refused refused) {
        warn("Firmware %s refused: %s: %s", manifest, refused.reason().code(), refused.detail());
        return;
      }
      Path temp = installed.resolveSibling("firmware-seq.tmp");
      Files.writeString(temp, Long.toString(manifest.seq()));
      Files.move(
          temp, installed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      info("Firmware %s installed", manifest);
    } catch (IOException | IllegalArgumentException e) {
      warn("Firmware %s not installed: cannot fetch the image: %s", manifest, e.getMessage());
    }
  }

  /**
   * Signs and queues observations: one reading each, or batches of {@code sampling.batch}.
   *
   * @return how many readings were queued (the rest went into the buffer-full summary)
   */
  public synchronized int record(List<Observation> observations) throws IOException {
    int queued = 0;
    int batch = config.batch();
    for (int i = 0; i < observations.size(); i += batch) {
      List<Observation> part = observations.subList(i, Math.min(observations.size(), i + batch));
      Reading reading;
      if (part.size() == 1 && batch == 1) {
        reading = Reading.single(sequence.next(), part.get(0));
      } else {
        ReadingId first = sequence.reserve(part.size());
        long ts = part.stream().mapToLong(Observation::ts).max().orElseThrow();
        reading = Reading.batch(first, ts, part);
      }
      byte[] message = SignedReading.sign(reading, identity.key()).message();
      signed += part.size();
      try {
        queue.append(message);
        queued += part.size();
        if (!dropped.isEmpty()) {
          publisher.publishStatus(dropped.toJson("buffer-recovered"));
          info("Buffer has room again; %d readings were summarised", dropped.readings());
          dropped = new BufferSummary();
        }
      } catch (QueueFullException e) {
        if (dropped.isEmpty()) {
          warn("Buffer full (%s): measuring into a summary until it drains", e.getMessage());
          publisher.publishStatus(
              "{\"state\":\"buffer-full\",\"pending\":" + queue.pending() + "}");
        }
        for (int k = 0; k < part.size(); k++) {
          dropped.add(reading.first().plus(k), part.get(k));
        }
      }
    }
    publisher.outboxChanged();
    return queued;
  }

  /** Waits until everything queued is acknowledged by the broker, up to {@code timeout}. */
  public boolean awaitDrained(Duration timeout) throws InterruptedException {
    return publisher.awaitDrained(timeout);
  }

  public long boot() {
    return boot;
  }

  public long pending() {
    return queue.pending();
  }

  public PublisherStats stats() {
    return publisher.stats();
  }

  /** The status document {@code tracemark-agent status} shows, written to the state directory. */
  public synchronized void writeStatus() throws IOException {
    PublisherStats stats = publisher.stats();
    ObjectNode status = JSON.createObjectNode();
    status.put("device", config.device().value());
    status.put("updatedAt", Instant.now().toString());
    status.put("boot", boot);
    status.put("nextSeq", sequence.issued());
    status.put("signed", signed);
    status.put("pending", queue.pending());
    status.put("queueBytes", queue.bytesOnDisk());
    status.put("bufferFull", !dropped.isEmpty());
    status.put("summarised", dropped.readings());
    status.put("connected", stats.connected());
    status.put("sent", stats.sent());
    status.put("acknowledged", stats.acknowledged());
    status.put("reconnects", stats.reconnects());
    stats.lastError().ifPresent(error -> status.put("lastError", error.toString()));
    status.put("certificateNotAfter", identity.certificate().notAfter().toString());
    status.put("kid", identity.key().kid().hex());
    status.put("firmwareSeq", installedSeq(config.stateDirectory().resolve("firmware-seq")));
    Path file = config.stateDirectory().resolve("status.json");
    Path temp = file.resolveSibling("status.json.tmp");
    Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status));
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      publisher.close();
      writeStatus(); // after the goodbye, so it says disconnected
    } finally {
      queue.close();
    }
  }

  private static void info(String format, Object... args) {
    LOG.log(System.Logger.Level.INFO, String.format(format, args));
  }

  private static void warn(String format, Object... args) {
    LOG.log(System.Logger.Level.WARNING, String.format(format, args));
  }
}
