package org.tracemark.ingest.pipeline;

import java.time.Instant;
import java.util.Optional;
import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.ReadingId;

/** Keeps a quarantined message; durable when {@link #quarantine} returns (e.g. PostgreSQL). */
@FunctionalInterface
public interface QuarantineSink {

  /**
   * @param claimed the (first) reading the message claims to be, when it decoded that far (not
   *     authentic unless the reason is stale or equivocation)
   */
  void quarantine(
      String topic,
      byte[] message,
      Instant receivedAt,
      QuarantineReason reason,
      String detail,
      Optional<ReadingId> claimed)
      throws Exception;
}
