package org.tracemark.ledger.witness;

import java.nio.file.Path;

/**
 * Stored witness state that fails its own checks. Never treated as "no state": a witness that
 * forgot a log would cosign a rolled-back or forked checkpoint. An operator must restore the file
 * from a backup or decide explicitly to reset it.
 */
public final class CorruptWitnessStateException extends WitnessStateException {

  private static final long serialVersionUID = 1L;

  /** What is wrong with the stored state. */
  public enum Problem {
    /** Not the expected format header, or the file is too large. */
    BAD_FORMAT,
    /** The content's SHA-256 is not the one recorded with it. */
    CHECKSUM_MISMATCH,
    /** The checksum matches, but the content is not a cosigned checkpoint. */
    BAD_CONTENT,
    /** The file holds another log's checkpoint than its name says. */
    WRONG_ORIGIN
  }

  private final Problem problem;
  private final transient Path file;

  public CorruptWitnessStateException(Problem problem, Path file, String detail) {
    super("corrupt witness state " + file + " (" + problem + "): " + detail);
    this.problem = problem;
    this.file = file;
  }

  public Problem problem() {
    return problem;
  }

  public Path file() {
    return file;
  }
}
