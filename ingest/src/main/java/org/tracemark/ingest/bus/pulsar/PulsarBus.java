package org.tracemark.ingest.bus.pulsar;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.BatcherBuilder;
import org.apache.pulsar.client.api.HashingScheme;
import org.apache.pulsar.client.api.MessageRoutingMode;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.ProducerBuilder;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.tracemark.ingest.bus.Bus;
import org.tracemark.ingest.bus.BusMessage;

/**
 * The bus of cluster mode: a persistent partitioned Pulsar topic, keyed by device id.
 *
 * <ul>
 *   <li>{@link #publish}'s future completes when the broker has acknowledged the send, that is,
 *       persisted the message; it fails when the broker refused it or did not acknowledge it within
 *       {@link PulsarBusSettings#sendTimeout()} (the client reconnects and resends by itself in the
 *       meantime). A failed publish may still have been persisted: the bus delivers at least once,
 *       and the sequencer drops duplicates by {@code (dev, boot, seq)}.
 *   <li>One device's messages keep their order: the key (device id) picks the partition, and
 *       key-based batching never puts two keys' messages in one batch, so a batch belongs to one
 *       partition and one device's messages are never split across batches out of order.
 *   <li>{@link #subscribe} gives a {@link PulsarSubscription}: exactly one active subscriber at a
 *       time across all partitions, others stand by (see there why it is an Exclusive subscription
 *       and not a Failover one).
 * </ul>
 */
public final class PulsarBus implements Bus {

  private final PulsarBusSettings settings;
  private final PulsarClient client;
  private final Producer<byte[]> producer;
  private final Set<PulsarSubscription> subscriptions = ConcurrentHashMap.newKeySet();

  private PulsarBus(PulsarBusSettings settings, PulsarClient client, Producer<byte[]> producer) {
    this.settings = settings;
    this.client = client;
    this.producer = producer;
  }

  /**
   * Connects, creates the topic if {@link PulsarBusSettings#adminUrl()} is set and it is missing,
   * and creates the producer.
   *
   * @throws IOException if the admin API could not create or read the topic
   * @throws PulsarClientException if the broker could not be reached within the operation timeout
   */
  public static PulsarBus open(PulsarBusSettings settings)
      throws IOException, InterruptedException, PulsarClientException {
    PartitionedTopic topic = PartitionedTopic.parse(settings.topic());
    if (settings.adminUrl().isPresent()) {
      topic.ensureExists(
          settings.adminUrl().get(),
          settings.partitions(),
          settings.operationTimeout(),
          settings.tlsTrustCertsFile().orElse(null));
    }
    PulsarClient client = client(settings);
    try {
      ProducerBuilder<byte[]> builder =
          client
              .newProducer(Schema.BYTES)
              .topic(topic.uri())
              .enableBatching(true)
              .batcherBuilder(BatcherBuilder.KEY_BASED)
              .batchingMaxPublishDelay(settings.batchingMaxDelay().toNanos(), TimeUnit.NANOSECONDS)
              .batchingMaxMessages(settings.batchingMaxMessages())
              // Murmur3 rather than Java's String.hashCode: the same key lands on the same
              // partition from clients in other languages, and Key_Shared uses Murmur3 as well.
              .hashingScheme(HashingScheme.Murmur3_32Hash)
              // Applies only to messages without a key; every bus message has one.
              .messageRoutingMode(MessageRoutingMode.RoundRobinPartition)
              .sendTimeout((int) settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS)
              // When the client's memory for pending sends is full, publish waits: back-pressure
              // onto ingest and the MQTT broker, as with the memory bus, instead of failing.
              .blockIfQueueFull(true);
      settings.producerName().ifPresent(builder::producerName);
      return new PulsarBus(settings, client, builder.create());
    } catch (PulsarClientException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  static PulsarClient client(PulsarBusSettings settings) throws PulsarClientException {
    var builder =
        PulsarClient.builder()
            .serviceUrl(settings.serviceUrl())
            .operationTimeout((int) settings.operationTimeout().toMillis(), TimeUnit.MILLISECONDS)
            // Pulsar's default grows to 60 s between reconnect attempts; after a broker restart
            // that could keep the bus idle for most of a minute. 5 s bounds the gap.
            .maxBackoffInterval(5, TimeUnit.SECONDS);
    settings
        .tlsTrustCertsFile()
        .ifPresent(
            file ->
                builder
                    .tlsTrustCertsFilePath(file.toAbsolutePath().toString())
                    .enableTlsHostnameVerification(true));
    return builder.build();
  }

  @Override
  public CompletableFuture<Void> publish(BusMessage message) {
    try {
      return producer
          .newMessage()
          .key(message.key())
          .value(BusMessageCodec.encode(message))
          .sendAsync()
          .thenApply(id -> null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * A new subscriber on {@link PulsarBusSettings#subscription()}: active at once if no other holds
   * the subscription, otherwise a standby that takes over when the active one goes away.
   */
  @Override
  public PulsarSubscription subscribe() {
    PulsarSubscription subscription =
        new PulsarSubscription(client, settings, subscriptions::remove);
    subscriptions.add(subscription);
    return subscription;
  }

  /** The settings this bus was opened with. */
  public PulsarBusSettings settings() {
    return settings;
  }

  /**
   * Closes subscriptions (unacknowledged deliveries go to the next subscriber), waits for pending
   * sends up to the operation timeout, and closes the connection.
   */
  @Override
  public void close() throws PulsarClientException {
    for (PulsarSubscription subscription : subscriptions) {
      subscription.close();
    }
    try {
      producer.close();
    } finally {
      client.close();
    }
  }
}
