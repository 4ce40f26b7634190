package org.tracemark.ingest.pipeline;

import java.time.Instant;
import java.util.Optional;
import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.Reading;

/** Keeps a quarantined message; durable when {@link #quarantine} returns (e.g. PostgreSQL). */
@FunctionalInterface
public interface QuarantineSink {

  /**
   * @param reading what the message claims to be, when it decoded that far (not authentic)
   */
  void quarantine(
      String topic,
      byte[] message,
      Instant receivedAt,
      QuarantineReason reason,
      String detail,
      Optional<Reading> reading)
      throws Exception;
}
