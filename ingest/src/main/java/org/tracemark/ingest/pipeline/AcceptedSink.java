package org.tracemark.ingest.pipeline;

import org.tracemark.keys.reading.ReadingId;

/**
 * Takes an accepted reading's ledger entry towards the sequencer (the bus); durable when {@link
 * #accept} returns. The sequencer anchors each {@code (dev, boot, seq)} at most once, so handing
 * the same entry over again after a crash is harmless.
 */
@FunctionalInterface
public interface AcceptedSink {

  void accept(ReadingId first, int count, byte[] entry) throws Exception;
}
