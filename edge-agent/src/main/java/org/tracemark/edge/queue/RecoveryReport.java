package org.tracemark.edge.queue;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@link DiskQueue#open} found on disk: how many intact records, where publishing resumes, and
 * whether it had to cut off a record torn by a crash or power cut.
 *
 * @param segments segment files kept after recovery
 * @param recordsFound intact records in those segments, acknowledged or not
 * @param head the oldest unacknowledged id; publishing resumes here
 * @param nextId the id the next append gets
 * @param tornTail the record cut off the end of the newest segment, if there was one
 */
public record RecoveryReport(
    int segments, long recordsFound, long head, long nextId, Optional<TornTail> tornTail) {

  /** Records to be published again: everything from {@link #head()} on. */
  public long unacknowledged() {
    return nextId - head;
  }

  /**
   * A record at the end of the newest segment that was not completely written when the process or
   * the machine stopped, and that recovery truncated away. Its append never returned (or, under a
   * relaxed {@link FsyncPolicy}, it was not yet fsynced), so nothing that was promised is lost.
   *
   * @param segment the segment file that was truncated
   * @param offset where the damaged record began, now the file's length
   * @param bytesTruncated how many bytes were cut off
   * @param recordId the id the damaged record would have had; the next append gets it
   * @param reason what was wrong, e.g. {@code "partial record: header says 100 payload bytes, 37
   *     remain"}
   */
  public record TornTail(
      Path segment, long offset, long bytesTruncated, long recordId, String reason) {}
}
