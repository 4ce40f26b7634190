package org.tracemark.keys.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Writing what the commands produce. Public files (certificates, CSRs, CRLs, manifests) are
 * replaced atomically, so a reader never sees half a file; private key files are created, never
 * replaced, with permissions {@code rw-------} where the file system has POSIX permissions.
 */
final class OutputFiles {

  static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private static final SecureRandom RANDOM = new SecureRandom();

  private OutputFiles() {}

  /** Writes {@code text} to {@code file}, replacing what was there in one step. */
  static void replace(Path file, String text) throws CommandFailure {
    replace(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code content} to {@code file}, replacing what was there in one step. */
  static void replace(Path file, byte[] content) throws CommandFailure {
    Path directory = parent(file);
    Path temporary = null;
    try {
      // Not Files.createTempFile, which makes the file rw------- whatever the umask: these files
      // are public and should get the same permissions as any other file the user creates.
      temporary =
          Files.createFile(
              directory.resolve(
                  "." + file.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp"));
      Files.write(temporary, content);
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      deleteQuietly(temporary);
      throw CommandFailure.failed("cannot write " + file + ": " + InputFiles.describe(e));
    }
  }

  /** Creates {@code file} with {@code text}; refuses if it exists. */
  static void createNew(Path file, String text) throws CommandFailure {
    create(file, text, false);
  }

  /**
   * Creates a private key file, readable and writable by its owner only, and refuses to overwrite
   * an existing one: a key that is replaced is lost, with everything that only it can sign.
   */
  static void createPrivate(Path file, String text) throws CommandFailure {
    create(file, text, true);
  }

  private static void create(Path file, String text, boolean ownerOnly) throws CommandFailure {
    parent(file);
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes =
        ownerOnly && posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
            : new FileAttribute<?>[0];
    try {
      Files.createFile(file, attributes);
    } catch (FileAlreadyExistsException e) {
      throw CommandFailure.failed(
          file + " already exists; move it away first (it is not overwritten)");
    } catch (IOException e) {
      throw CommandFailure.failed("cannot create " + file + ": " + InputFiles.describe(e));
    }
    try {
      if (ownerOnly && posix) {
        // The umask can only take bits away from rw-------, but say exactly what is meant.
        Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(file);
      throw CommandFailure.failed("cannot write " + file + ": " + InputFiles.describe(e));
    }
  }

  /** Appends {@code line} and a line break, creating the file with {@code header} first. */
  static void append(Path file, String header, String line) throws CommandFailure {
    try {
      if (!Files.exists(file)) {
        Files.writeString(file, header, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      }
      Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw CommandFailure.failed("cannot append to " + file + ": " + InputFiles.describe(e));
    }
  }

  /**
   * Creates {@code directory} and its parents if missing; a new directory that will hold private
   * keys gets {@code rwx------}.
   */
  static void createDirectory(Path directory, boolean ownerOnly) throws CommandFailure {
    if (Files.isDirectory(directory)) {
      return;
    }
    try {
      Files.createDirectories(directory);
      if (ownerOnly && directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
      }
    } catch (IOException e) {
      throw CommandFailure.failed(
          "cannot create directory " + directory + ": " + InputFiles.describe(e));
    }
  }

  private static Path parent(Path file) throws CommandFailure {
    Path directory = file.toAbsolutePath().getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      throw CommandFailure.failed(
          "cannot write " + file + ": directory " + directory + " does not exist");
    }
    return directory;
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Nothing better to do: the original failure is what gets reported.
    }
  }
}
