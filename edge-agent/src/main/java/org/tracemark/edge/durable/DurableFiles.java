package org.tracemark.edge.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * The small crash-safe files of an agent's state (boot counter, queue cursor): replaced whole,
 * durably, so that after a power cut a reader finds the old content or the new, never a mix; and
 * checksummed, so that a damaged file is recognised rather than believed.
 */
public final class DurableFiles {

  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private DurableFiles() {}

  /**
   * Replaces {@code file} with {@code content}; durable when this returns. Writes {@code
   * <file>.tmp}, fsyncs it, renames it over {@code file} (rename(2) is atomic) and fsyncs the
   * directory, without which a power cut can bring back the old file after the caller moved on.
   */
  public static void replace(Path file, byte[] content) throws IOException {
    Path temp = temporary(file);
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(file.toAbsolutePath().getParent());
  }

  /** The temp file {@link #replace} writes first; one left by a crash is never used. */
  public static Path temporary(Path file) {
    return file.resolveSibling(file.getFileName() + ".tmp");
  }

  /** fsync of a directory: a created, renamed or deleted entry is durable only after this. */
  public static void syncDirectory(Path directory) throws IOException {
    if (WINDOWS) {
      // Windows cannot open a directory as a FileChannel; NTFS journals the metadata itself.
      return;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** CRC-32C of {@code text}'s bytes (ISO-8859-1), as 8 lower-case hex digits. */
  public static String crc32c(String text) {
    CRC32C crc = new CRC32C();
    crc.update(text.getBytes(StandardCharsets.ISO_8859_1));
    return String.format("%08x", crc.getValue());
  }

  /** At most 80 characters of {@code text}, quoted, non-printable ones as {@code \xNN}. */
  public static String printable(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length() && i < 80; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return out.append(text.length() > 80 ? "…\"" : "\"").toString();
  }
}
