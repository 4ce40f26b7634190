package org.tracemark.ledger.witness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.MalformedCheckpointException;
import org.tracemark.ledger.note.MalformedNoteException;
import org.tracemark.ledger.note.Note;
import org.tracemark.ledger.witness.CorruptWitnessStateException.Problem;

/**
 * Witness state in a directory: one file per log, named by the lower-case hex SHA-256 of the origin
 * (the same hash tlog-witness's monitoring URL uses), holding
 *
 * <pre>
 * tracemark-witness-state/v1
 * sha256 &lt;hex SHA-256 of the rest&gt;
 * &lt;the cosigned checkpoint note&gt;
 * </pre>
 *
 * <p>An update writes a temporary file, forces it to disk, renames it over the old file atomically
 * and forces the directory, so after a crash the file is the old record or the new one, complete.
 * The checksum catches what rename cannot (bit rot, a hand edit, a truncating copy); a file that
 * fails any check raises {@link CorruptWitnessStateException} rather than reading as "never
 * cosigned", which would let the witness cosign a rollback.
 *
 * <p>One process at a time: {@link #open} takes an exclusive lock on {@code <dir>/lock} until
 * {@link #close}. Thread-safe within the process.
 */
public final class FileWitnessState implements WitnessState, AutoCloseable {

  static final String HEADER = "tracemark-witness-state/v1\n";
  private static final String CHECKSUM_PREFIX = "sha256 ";
  private static final String SUFFIX = ".checkpoint";
  private static final String TEMP_SUFFIX = ".tmp";
  private static final int MAX_FILE_SIZE =
      HEADER.length() + CHECKSUM_PREFIX.length() + 65 + Note.MAX_SIZE;

  private final Path directory;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private FileWitnessState(Path directory, FileChannel lockChannel, FileLock lock) {
    this.directory = directory;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (creating if needed) the state directory, takes its lock, and removes temporary files a
   * crash may have left behind (they were never renamed into place, so never acknowledged).
   */
  public static FileWitnessState open(Path directory) throws WitnessStateException {
    Objects.requireNonNull(directory, "directory");
    FileChannel channel = null;
    try {
      Files.createDirectories(directory);
      channel =
          FileChannel.open(
              directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new WitnessStateException(
            "witness state " + directory + " is in use by another witness");
      }
      try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, "*" + TEMP_SUFFIX)) {
        for (Path temp : temps) {
          Files.deleteIfExists(temp);
        }
      }
      return new FileWitnessState(directory, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new WitnessStateException("cannot open witness state " + directory, e);
    } catch (WitnessStateException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Already failing; the original error is the one to report.
      }
    }
  }

  /** The file holding {@code origin}'s record. */
  public Path fileOf(String origin) {
    return directory.resolve(Witness.originHash(origin) + SUFFIX);
  }

  @Override
  public Optional<WitnessRecord> latest(String origin) throws WitnessStateException {
    Path file = fileOf(origin);
    byte[] content;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_SIZE) {
        throw new CorruptWitnessStateException(
            Problem.BAD_FORMAT, file, size + " bytes, more than any record can be");
      }
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new WitnessStateException("cannot read witness state " + file, e);
    }
    return Optional.of(decode(file, origin, content));
  }

  static WitnessRecord decode(Path file, String origin, byte[] content)
      throws CorruptWitnessStateException {
    byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
    int checksumLine = header.length + CHECKSUM_PREFIX.length() + 64 + 1;
    if (content.length < checksumLine
        || !Arrays.equals(content, 0, header.length, header, 0, header.length)) {
      throw new CorruptWitnessStateException(
          Problem.BAD_FORMAT, file, "no " + HEADER.strip() + " header");
    }
    String checksum =
        new String(content, header.length, checksumLine - header.length, StandardCharsets.US_ASCII);
    if (!checksum.startsWith(CHECKSUM_PREFIX) || !checksum.endsWith("\n")) {
      throw new CorruptWitnessStateException(Problem.BAD_FORMAT, file, "no checksum line");
    }
    byte[] note = Arrays.copyOfRange(content, checksumLine, content.length);
    String recorded = checksum.substring(CHECKSUM_PREFIX.length(), checksum.length() - 1);
    String actual = sha256Hex(note);
    if (!actual.equals(recorded)) {
      throw new CorruptWitnessStateException(
          Problem.CHECKSUM_MISMATCH,
          file,
          "recorded SHA-256 " + recorded + ", content hashes to " + actual);
    }
    WitnessRecord record;
    try {
      Note parsed = Note.parse(note);
      record = new WitnessRecord(Checkpoint.parse(parsed.text()), parsed);
    } catch (MalformedNoteException | MalformedCheckpointException e) {
      throw new CorruptWitnessStateException(Problem.BAD_CONTENT, file, e.getMessage());
    }
    if (!record.origin().equals(origin)) {
      throw new CorruptWitnessStateException(
          Problem.WRONG_ORIGIN,
          file,
          "holds a checkpoint of another origin (SHA-256 "
              + Witness.originHash(record.origin())
              + ")");
    }
    return record;
  }

  static byte[] encode(WitnessRecord record) {
    byte[] note = record.cosignedNote().bytes();
    byte[] head =
        (HEADER + CHECKSUM_PREFIX + sha256Hex(note) + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] content = new byte[head.length + note.length];
    System.arraycopy(head, 0, content, 0, head.length);
    System.arraycopy(note, 0, content, head.length, note.length);
    return content;
  }

  @Override
  public synchronized boolean compareAndSet(Optional<WitnessRecord> expected, WitnessRecord next)
      throws WitnessStateException {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    if (!lock.isValid()) {
      throw new WitnessStateException("witness state " + directory + " is closed");
    }
    Optional<WitnessRecord> current = latest(next.origin());
    if (!current.map(WitnessRecord::checkpoint).equals(expected.map(WitnessRecord::checkpoint))) {
      return false;
    }
    Path target = fileOf(next.origin());
    Path temp = null;
    try {
      temp = Files.createTempFile(directory, target.getFileName().toString(), TEMP_SUFFIX);
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(encode(next));
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
      // The rename is durable only once the directory entry is.
      try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
        dir.force(true);
      }
      return true;
    } catch (IOException e) {
      throw new WitnessStateException("cannot write witness state " + target, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // Removed at the next open.
        }
      }
    }
  }

  /** Releases the directory lock. */
  @Override
  public synchronized void close() throws WitnessStateException {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new WitnessStateException("cannot release witness state lock " + directory, e);
    }
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK lacks SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "FileWitnessState[" + directory + "]";
  }
}
