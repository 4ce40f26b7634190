package org.tracemark.keys.cli;

import java.util.Arrays;

/**
 * A passphrase in memory, with where it came from. {@link #close()} overwrites it; {@link
 * #toString()} names only the source, so a passphrase that ends up in a message or a log by mistake
 * still shows nothing.
 */
final class Passphrase implements AutoCloseable {

  private final char[] chars;
  private final String source;

  Passphrase(char[] chars, String source) {
    this.chars = chars;
    this.source = source;
  }

  /** The characters themselves, not a copy: pass them on, do not keep them. */
  char[] chars() {
    return chars;
  }

  /** Where the passphrase came from, e.g. {@code --passphrase-file pw.txt}; for messages. */
  String source() {
    return source;
  }

  @Override
  public void close() {
    Arrays.fill(chars, '\0');
  }

  @Override
  public String toString() {
    return "Passphrase[from " + source + ", not shown]";
  }
}
