package org.tracemark.ingest.bus;

import java.util.concurrent.CompletableFuture;

/**
 * The one interface between verification and sequencing (DESIGN §1): in memory in embedded mode
 * ({@link MemoryBus}), Apache Pulsar in cluster mode. Ingest {@link #publish}es; the single
 * sequencer {@link #subscribe}s and acknowledges each delivery only once its outcome is durable in
 * PostgreSQL.
 *
 * <p>When the future of {@link #publish} completes, the message is as safe as this bus makes it:
 * for Pulsar, persisted by the broker; for the memory bus, which keeps nothing across a crash,
 * decided and durable at the sequencer. Either way ingest may then acknowledge the MQTT message.
 */
public interface Bus extends AutoCloseable {

  /**
   * Hands a message on; completes once it is durable as described above, exceptionally if it could
   * not be (then the MQTT message must not be acknowledged).
   */
  CompletableFuture<Void> publish(BusMessage message);

  /**
   * The subscription the sequencer reads from. A bus has at most one active subscriber at a time
   * (the Pulsar bus uses a Failover subscription; a standby waits).
   */
  BusSubscription subscribe() throws Exception;

  @Override
  void close() throws Exception;
}
