package org.tracemark.edge.counter;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tracemark.edge.durable.DurableFiles;

/**
 * The device's boot counter (DESIGN §2 {@code boot}): a number persisted in the device state
 * directory and incremented once per agent start. The first start is boot 0.
 *
 * <p>Readings are identified by {@code (dev, boot, seq)} with {@code seq} restarting at 0 every
 * boot, so a boot number must never be handed out twice. Hence:
 *
 * <ul>
 *   <li>{@link #recordStart()} returns the new number only once it is durable: written to a temp
 *       file, fsynced, atomically renamed over the old file, and the directory fsynced. A crash at
 *       any point leaves either the old value or the new one, and the new one is only used after it
 *       is on disk.
 *   <li>The file carries a CRC-32C of its content. A torn or damaged file is reported as {@link
 *       CorruptBootCounterException}, never silently treated as "first boot".
 *   <li>The read-increment-write runs under an exclusive file lock, so two agent processes started
 *       on the same state directory still get distinct boot numbers.
 * </ul>
 *
 * <p>File format, ASCII, exactly three lines:
 *
 * <pre>
 * tracemark-boot-counter 1
 * boot 17
 * crc32c 0a1b2c3d
 * </pre>
 *
 * where the checksum covers the bytes of the first two lines including their newlines.
 */
public final class BootCounter {

  /** Name of the counter file inside the state directory. */
  public static final String FILE_NAME = "boot-counter";

  private static final String LOCK_NAME = FILE_NAME + ".lock";
  private static final String HEADER = "tracemark-boot-counter 1\n";
  // A valid file is under 80 bytes; refuse to read anything much larger into memory.
  private static final long MAX_FILE_SIZE = 256;
  private static final Pattern FORMAT =
      Pattern.compile(
          "(tracemark-boot-counter 1\nboot (0|[1-9][0-9]{0,18})\n)crc32c ([0-9a-f]{8})\n");

  // Java file locks are per process: a second channel locking the same file in this JVM throws
  // instead of waiting. Starts are rare, so one process-wide monitor in front of them is enough.
  private static final Object IN_PROCESS = new Object();

  private final Path directory;
  private final Path file;

  private BootCounter(Path directory) {
    this.directory = directory;
    this.file = directory.resolve(FILE_NAME);
  }

  /** The counter kept in {@code stateDirectory}; nothing is read or created yet. */
  public static BootCounter in(Path stateDirectory) {
    if (stateDirectory == null) {
      throw new IllegalArgumentException("state directory must not be null");
    }
    return new BootCounter(stateDirectory.toAbsolutePath());
  }

  /** The counter file. */
  public Path file() {
    return file;
  }

  /**
   * The last recorded boot, or empty if the agent has never started with this state directory.
   *
   * @throws CorruptBootCounterException if the file exists but is not valid
   */
  public OptionalLong current() throws IOException, CorruptBootCounterException {
    byte[] content;
    try {
      if (Files.size(file) > MAX_FILE_SIZE) {
        throw new CorruptBootCounterException(
            file, Files.size(file) + " bytes, a counter file is under " + MAX_FILE_SIZE);
      }
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(parse(content));
  }

  /**
   * Records one more start and returns its boot number: 0 the first time, then the previous value
   * plus one. Returns only after the new value is durable.
   *
   * @throws CorruptBootCounterException if the existing file is not valid; it is left untouched
   */
  public long recordStart() throws IOException, CorruptBootCounterException {
    synchronized (IN_PROCESS) {
      Files.createDirectories(directory);
      try (FileChannel lockChannel =
          FileChannel.open(
              directory.resolve(LOCK_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = lockChannel.lock();
        try {
          OptionalLong previous = current();
          if (previous.isPresent() && previous.getAsLong() == Long.MAX_VALUE) {
            throw new IllegalStateException("boot counter in " + file + " is exhausted");
          }
          long boot = previous.isPresent() ? previous.getAsLong() + 1 : 0;
          writeDurably(format(boot));
          return boot;
        } finally {
          lock.release();
        }
      }
    }
  }

  private void writeDurably(byte[] content) throws IOException {
    DurableFiles.replace(file, content);
  }

  static byte[] format(long boot) {
    String body = HEADER + "boot " + boot + "\n";
    return (body + "crc32c " + DurableFiles.crc32c(body) + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private long parse(byte[] content) throws CorruptBootCounterException {
    if (content.length == 0) {
      throw new CorruptBootCounterException(file, "empty (a write was cut off)");
    }
    String text = new String(content, StandardCharsets.ISO_8859_1);
    Matcher matcher = FORMAT.matcher(text);
    if (!matcher.matches()) {
      throw new CorruptBootCounterException(
          file,
          content.length
              + " bytes not in the counter file format: "
              + DurableFiles.printable(text));
    }
    String stored = matcher.group(3);
    String computed = DurableFiles.crc32c(matcher.group(1));
    if (!stored.equals(computed)) {
      throw new CorruptBootCounterException(
          file, "checksum mismatch: file says " + stored + ", content hashes to " + computed);
    }
    try {
      return Long.parseLong(matcher.group(2));
    } catch (NumberFormatException e) {
      throw new CorruptBootCounterException(file, "boot " + matcher.group(2) + " exceeds 63 bits");
    }
  }
}
