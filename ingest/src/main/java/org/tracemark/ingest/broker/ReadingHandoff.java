package org.tracemark.ingest.broker;

import java.util.concurrent.CompletableFuture;

/**
 * Where the embedded broker hands each reading a device publishes, inside the JVM, instead of
 * queueing it for a subscriber: the future completes when the reading's outcome is durable, and
 * only then does the device get its PUBACK. If it completes exceptionally, the device gets none (an
 * MQTT 3.1.1 device is disconnected) and sends the reading again.
 */
@FunctionalInterface
public interface ReadingHandoff {

  CompletableFuture<Void> take(String topic, byte[] message);
}
