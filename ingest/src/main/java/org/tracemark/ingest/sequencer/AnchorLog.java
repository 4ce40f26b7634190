package org.tracemark.ingest.sequencer;

import java.util.List;

/**
 * The ledger as the sequencer writes to it, with the anchor index beside it: which {@code (dev,
 * boot, seq)} ranges are in the log, with the digest of the message that holds them. The log is the
 * source of truth; the index follows it and is brought up to it by {@link #recover()} after a crash
 * or a takeover (an index row may be missing for an entry appended just before a crash, never the
 * other way round).
 */
public interface AnchorLog {

  /** A range the index holds, handed to {@link RangeSink}. */
  @FunctionalInterface
  interface RangeSink {
    void range(String device, long boot, long firstSeq, long lastSeq, byte[] sha256);
  }

  /**
   * Appends the anchors' entries as consecutive ledger entries, in order, and indexes them. When
   * this returns the entries are durable; the index rows are durable or will be rebuilt by {@link
   * #recover()}.
   *
   * @return the ledger index of the first entry
   */
  long append(List<Anchor> anchors) throws Exception;

  /**
   * Makes the log writable again after a failed append (re-reads the committed state) and brings
   * the index up to the log. Called before the first append and after every failure.
   */
  void recover() throws Exception;

  /**
   * Feeds {@code sink} the newest {@code ranges} indexed ranges of each of the newest {@code boots}
   * boots of every device, in ascending order per boot.
   */
  void recent(int ranges, int boots, RangeSink sink) throws Exception;
}
