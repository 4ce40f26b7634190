package org.tracemark.keys.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading the files a command is given, bounded, with errors that name the file and the option. */
final class InputFiles {

  /** Certificates, CSRs, CRLs and keys are a few KiB; a CRL of many revocations stays far below. */
  static final int MAX_PEM_BYTES = 4 * 1024 * 1024;

  private InputFiles() {}

  /** The whole of a PEM (or other text) file; {@code what} names it in errors, e.g. "--csr". */
  static String text(Path file, String what) throws CommandFailure {
    byte[] bytes = bytes(file, what, MAX_PEM_BYTES + 1);
    if (bytes.length > MAX_PEM_BYTES) {
      throw CommandFailure.failed(
          what + " " + file + " is over " + MAX_PEM_BYTES + " bytes; that is no PEM file of ours");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * At most {@code limit} bytes from the start of {@code file}: reading stops there, so a huge or
   * endless file costs no more than the limit, and the caller can tell "too large" from the length.
   */
  static byte[] bytes(Path file, String what, int limit) throws CommandFailure {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(limit);
    } catch (IOException e) {
      throw CommandFailure.failed("cannot read " + what + " " + file + ": " + describe(e));
    }
  }

  /** An I/O failure in words, without a stack trace. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException failure && failure.getReason() != null) {
      return failure.getReason();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
