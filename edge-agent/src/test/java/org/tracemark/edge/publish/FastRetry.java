package org.tracemark.edge.publish;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.tracemark.keys.device.DeviceId;

/** Shared bits of the integration tests: unique devices, quick retries, captured log lines. */
final class FastRetry {

  private FastRetry() {}

  /** A device id no other test run uses, so retained messages and sessions never collide. */
  static DeviceId uniqueDevice(String prefix) {
    return DeviceId.of(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** Options with a backoff of 100 ms → 1 s, so outages in tests cost little time. */
  static PublisherOptions.Builder options(DeviceId device, String uri) {
    return PublisherOptions.builder(device, URI.create(uri))
        .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
        .connectionTimeout(Duration.ofSeconds(5))
        .keepAlive(Duration.ofSeconds(10));
  }

  /** Collects the formatted log lines of the publisher (System.Logger → java.util.logging). */
  static final class CapturedLog extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger(Publisher.class.getName());
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    CapturedLog() {
      setLevel(Level.ALL);
      logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
      lines.add(record.getLevel() + " " + formatter.formatMessage(record));
    }

    List<String> lines() {
      return List.copyOf(lines);
    }

    /** Lines of failed connection attempts of {@code clientId}. */
    List<String> failedAttempts(String clientId) {
      return lines.stream()
          .filter(
              line -> line.contains("MQTT connect of " + clientId + " ") && line.contains("failed"))
          .toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }
}
