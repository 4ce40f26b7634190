package org.tracemark.edge.queue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tracemark.edge.durable.DurableFiles;

/**
 * The queue's directory, held exclusively while the queue is open: its segment files, the cursor
 * file with the acknowledged head, and the lock file.
 *
 * <p>The cursor is written the way {@code BootCounter} writes the boot counter: temp file, fsync,
 * atomic rename, fsync of the directory, so a crash leaves the old head or the new one. Format,
 * ASCII, exactly three lines, the checksum covering the first two including their newlines:
 *
 * <pre>
 * tracemark-queue-cursor 1
 * head 42
 * crc32c 0a1b2c3d
 * </pre>
 */
final class QueueDirectory implements Closeable {

  static final String CURSOR_NAME = "cursor";
  static final String LOCK_NAME = "queue.lock";
  private static final String HEADER = "tracemark-queue-cursor 1\n";
  private static final long MAX_CURSOR_BYTES = 256;
  private static final Pattern CURSOR_FORMAT =
      Pattern.compile(
          "(tracemark-queue-cursor 1\nhead (0|[1-9][0-9]{0,18})\n)crc32c ([0-9a-f]{8})\n");
  // Fixed width, so that name order is id order for anyone listing the directory.
  private static final Pattern SEGMENT_NAME = Pattern.compile("[0-9]{20}\\" + Segment.SUFFIX);

  private final Path path;
  private final Path cursor;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private QueueDirectory(Path path, FileChannel lockChannel, FileLock lock) {
    this.path = path;
    this.cursor = path.resolve(CURSOR_NAME);
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Creates {@code path} if needed and locks it against other processes (and other queues in this
   * one): two writers on one directory would interleave records.
   */
  static QueueDirectory lock(Path path) throws IOException {
    Path absolute = path.toAbsolutePath();
    Files.createDirectories(absolute);
    FileChannel channel =
        FileChannel.open(
            absolute.resolve(LOCK_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IOException(
          "queue "
              + absolute
              + " is already open in this or another process ("
              + LOCK_NAME
              + " is locked)");
    }
    return new QueueDirectory(absolute, channel, lock);
  }

  Path path() {
    return path;
  }

  Path cursorFile() {
    return cursor;
  }

  Path segmentFile(long firstId) {
    return path.resolve(Segment.fileName(firstId));
  }

  /** The segment files, oldest first. Other files are left alone. */
  List<Path> segmentFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path, "*" + Segment.SUFFIX)) {
      for (Path entry : entries) {
        if (SEGMENT_NAME.matcher(entry.getFileName().toString()).matches()) {
          files.add(entry);
        }
      }
    }
    files.sort(null);
    return files;
  }

  /** The first id of a segment, from its name. */
  static long firstId(Path segment) throws CorruptQueueException {
    String name = segment.getFileName().toString();
    try {
      return Long.parseLong(name.substring(0, name.length() - Segment.SUFFIX.length()));
    } catch (NumberFormatException e) {
      throw new CorruptQueueException(segment, 0, "name " + name + " is not a 63-bit record id");
    }
  }

  /** The persisted head, or empty if nothing was ever acknowledged. */
  OptionalLong readCursor() throws IOException {
    byte[] content;
    try {
      long size = Files.size(cursor);
      if (size > MAX_CURSOR_BYTES) {
        throw new CorruptQueueException(
            cursor, 0, size + " bytes, a cursor file is under " + MAX_CURSOR_BYTES);
      }
      content = Files.readAllBytes(cursor);
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
    String text = new String(content, StandardCharsets.ISO_8859_1);
    Matcher matcher = CURSOR_FORMAT.matcher(text);
    if (!matcher.matches()) {
      throw new CorruptQueueException(
          cursor,
          0,
          content.length + " bytes not in the cursor file format: " + DurableFiles.printable(text));
    }
    String stored = matcher.group(3);
    String computed = DurableFiles.crc32c(matcher.group(1));
    if (!stored.equals(computed)) {
      throw new CorruptQueueException(
          cursor, 0, "checksum mismatch: file says " + stored + ", content hashes to " + computed);
    }
    try {
      return OptionalLong.of(Long.parseLong(matcher.group(2)));
    } catch (NumberFormatException e) {
      throw new CorruptQueueException(cursor, 0, "head " + matcher.group(2) + " exceeds 63 bits");
    }
  }

  /** Makes {@code head} the persisted head; durable when this returns. */
  void writeCursor(long head) throws IOException {
    DurableFiles.replace(cursor, formatCursor(head));
  }

  /** A temp cursor left by a crash before its rename: never used, so it can go. */
  void removeTempCursor() throws IOException {
    Files.deleteIfExists(DurableFiles.temporary(cursor));
  }

  /**
   * fsync of the directory: a created, renamed or deleted entry is only durable after this. Without
   * it a power cut can take away a new segment whose records were already fsynced.
   */
  void sync() throws IOException {
    DurableFiles.syncDirectory(path);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }

  static byte[] formatCursor(long head) {
    String body = HEADER + "head " + head + "\n";
    return (body + "crc32c " + DurableFiles.crc32c(body) + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
