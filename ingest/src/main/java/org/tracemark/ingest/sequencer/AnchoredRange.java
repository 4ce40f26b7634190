package org.tracemark.ingest.sequencer;

import java.util.Optional;
import org.tracemark.ingest.entry.ReadingEntry;
import org.tracemark.keys.cose.MalformedCoseException;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.Sha256;

/**
 * What the anchor index keeps of one reading entry: the {@code (dev, boot, seq)} range its message
 * covers and the SHA-256 of the message. Read from the entry itself, so the index can always be
 * rebuilt from the log.
 */
public record AnchoredRange(String device, long boot, long firstSeq, long lastSeq, byte[] sha256) {

  public static AnchoredRange of(Anchor anchor) {
    return new AnchoredRange(
        anchor.first().dev().value(),
        anchor.first().boot(),
        anchor.first().seq(),
        anchor.lastSeq(),
        anchor.sha256());
  }

  /**
   * The range of a ledger entry, or empty for entries that are not readings.
   *
   * @throws IllegalArgumentException a reading entry whose message does not decode (the sequencer
   *     never writes one; the log is append-only, so whoever finds one reports its index)
   */
  public static Optional<AnchoredRange> of(byte[] entry) {
    Optional<ReadingEntry.Read> read = ReadingEntry.read(entry);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    byte[] message = read.get().message();
    Reading reading;
    try {
      reading = SignedReading.decode(message).reading();
    } catch (MalformedCoseException e) {
      throw new IllegalArgumentException(
          "a reading entry whose message does not decode: " + e.getMessage(), e);
    }
    return Optional.of(
        new AnchoredRange(
            reading.device().value(),
            reading.first().boot(),
            reading.first().seq(),
            reading.last().seq(),
            Sha256.digest(message)));
  }
}
