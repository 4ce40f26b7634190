package org.tracemark.ingest.sequencer;

import org.tracemark.keys.reading.ReadingId;

/**
 * A message the sequencer decided to anchor: its ledger entry, and what the anchor index keeps of
 * it so that it is never anchored twice ({@code (dev, boot, seq)} range and the SHA-256 of the
 * message).
 */
public record Anchor(ReadingId first, int count, byte[] sha256, byte[] entry) {

  public long lastSeq() {
    return first.seq() + count - 1L;
  }
}
