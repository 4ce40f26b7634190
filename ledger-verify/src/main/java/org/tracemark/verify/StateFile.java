package org.tracemark.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import org.tracemark.ledger.checkpoint.CheckpointException;
import org.tracemark.ledger.checkpoint.CheckpointVerifier;
import org.tracemark.ledger.checkpoint.SignedCheckpoint;

/**
 * The last checkpoint a monitor verified, kept between runs so the next run can refuse a rollback
 * or a fork.
 *
 * <p>The file holds the signed checkpoint note exactly as the log served it, nothing else. It needs
 * no checksum of its own: on every read it is verified again with the log's key and origin, so a
 * damaged, truncated or foreign file is an error, never taken for "no state" (which would quietly
 * accept any history). It is also the evidence: a later checkpoint that contradicts it is a second
 * signed statement by the same key.
 *
 * <p>Written to a temporary file beside it, forced to disk, renamed over it, and the directory
 * forced, so a crash leaves the old checkpoint or the new one. {@link #lock} keeps a second monitor
 * of the same file out while one runs.
 */
final class StateFile {

  /** A StateFile failure: the file cannot be locked, read, trusted or written. */
  static final class StateException extends Exception {
    private static final long serialVersionUID = 1L;

    StateException(String message) {
      super(message);
    }
  }

  /** The held lock; closing releases it. */
  interface Lock extends AutoCloseable {
    @Override
    void close();
  }

  private final Path file;

  StateFile(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
  }

  Path path() {
    return file;
  }

  /**
   * Takes the exclusive lock on {@code <file>.lock}, creating the directory if needed.
   *
   * @throws StateException another process (or another monitor in this one) holds it
   */
  Lock lock() throws StateException {
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new StateException("locked by another tracemark-verify (" + lockFile + ")");
      }
      FileChannel held = channel;
      return () -> {
        try {
          lock.release();
        } catch (IOException ignored) {
          // Closing the channel releases it as well.
        }
        closeQuietly(held);
      };
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new StateException("locked by another monitor in this process (" + lockFile + ")");
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StateException("cannot lock " + lockFile + ": " + e);
    }
  }

  /**
   * The checkpoint saved by the last successful run, verified with {@code verifier}; empty if there
   * was none.
   *
   * @throws StateException the file cannot be read, or is not a checkpoint signed by the log's key
   *     for its origin
   */
  Optional<SignedCheckpoint> read(CheckpointVerifier verifier) throws StateException {
    byte[] note;
    try (InputStream in = Files.newInputStream(file)) {
      note = in.readNBytes(LogEndpoint.MAX_CHECKPOINT + 1);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StateException("cannot read it: " + e);
    }
    if (note.length > LogEndpoint.MAX_CHECKPOINT) {
      throw new StateException(
          "larger than any checkpoint ("
              + LogEndpoint.MAX_CHECKPOINT
              + " bytes); not a state file");
    }
    try {
      return Optional.of(verifier.verify(note));
    } catch (CheckpointException e) {
      throw new StateException(
          "does not hold a checkpoint of "
              + verifier.origin()
              + " signed by the log's key ("
              + e.getMessage()
              + "); it is damaged, or belongs to another log or key. Move it away to start over,"
              + " after finding out why");
    }
  }

  /** Replaces the saved checkpoint with {@code note}, atomically and durably. */
  void write(byte[] note) throws StateException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel out =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(note);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new StateException(
            "the file system of " + file.getParent() + " cannot rename atomically");
      }
      forceDirectory(file.getParent());
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // The next write truncates it anyway.
      }
      throw new StateException("cannot write it: " + e);
    }
  }

  // Makes the rename durable. Not every platform can open a directory (Windows cannot); there the
  // rename is as durable as the file system makes it.
  private static void forceDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // See above.
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing else to release.
      }
    }
  }
}
