package org.tracemark.edge.counter;

import java.nio.file.Path;

/**
 * The boot counter file exists but does not hold a value written by {@link BootCounter}: torn,
 * truncated, edited, or damaged on disk.
 *
 * <p>Checked, and never handled by resetting the counter: a guessed boot number could repeat one
 * already used, and every reading signed under it would then collide on {@code (dev, boot, seq)}
 * with an earlier one and be quarantined as equivocation. A person has to restore the file.
 */
public final class CorruptBootCounterException extends Exception {

  private final Path file;
  private final String reason;

  CorruptBootCounterException(Path file, String reason) {
    super(
        "boot counter file "
            + file
            + " is corrupt: "
            + reason
            + "; not resetting it, since a reused boot number would make new readings collide with"
            + " old ones");
    this.file = file;
    this.reason = reason;
  }

  /** The file that failed to read. */
  public Path file() {
    return file;
  }

  /** What is wrong with it, e.g. a checksum mismatch with both checksums. */
  public String reason() {
    return reason;
  }
}
