package org.tracemark.keys.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a command gets a key passphrase, first match wins: {@code --passphrase-file FILE} (its
 * first line, without the line break), the environment variable {@value #ENVIRONMENT_VARIABLE}
 * (ignored when empty), or a prompt without echo when a person is at a terminal. With none of them
 * the command stops with a usage error (exit 2) instead of waiting for input that cannot come.
 */
final class PassphraseSource {

  static final String ENVIRONMENT_VARIABLE = "TRACEMARK_KEYS_PASSPHRASE";

  /** A passphrase file holds one line; anything much larger is the wrong file. */
  static final int MAX_FILE_BYTES = 4096;

  private final Path file;
  private final Function<String, String> environment;
  private final PassphrasePrompt prompt;

  PassphraseSource(Path file, Function<String, String> environment, PassphrasePrompt prompt) {
    this.file = file;
    this.environment = environment;
    this.prompt = prompt;
  }

  /** The passphrase of the existing key in {@code keyFile}. */
  Passphrase forKey(Path keyFile) throws CommandFailure {
    return obtain(keyFile, false);
  }

  /** A passphrase to encrypt the new key {@code keyFile} with; asked twice at a terminal. */
  Passphrase forNewKey(Path keyFile) throws CommandFailure {
    return obtain(keyFile, true);
  }

  private Passphrase obtain(Path keyFile, boolean newKey) throws CommandFailure {
    if (file != null) {
      return new Passphrase(readFile(file), "--passphrase-file " + file);
    }
    String fromEnvironment = environment.apply(ENVIRONMENT_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      return new Passphrase(fromEnvironment.toCharArray(), ENVIRONMENT_VARIABLE);
    }
    String what = (newKey ? "New passphrase for " : "Passphrase for ") + keyFile + ": ";
    Optional<char[]> typed = prompt.read(what);
    if (typed.isEmpty()) {
      throw CommandFailure.usage(
          "no passphrase for "
              + keyFile
              + ": set "
              + ENVIRONMENT_VARIABLE
              + ", give --passphrase-file FILE, or run at a terminal to be asked");
    }
    char[] chars = typed.get();
    if (chars.length == 0) {
      throw CommandFailure.usage("the passphrase typed for " + keyFile + " is empty");
    }
    if (newKey) {
      char[] again =
          prompt.read("Repeat the passphrase for " + keyFile + ": ").orElseGet(() -> new char[0]);
      boolean same = Arrays.equals(chars, again);
      Arrays.fill(again, '\0');
      if (!same) {
        Arrays.fill(chars, '\0');
        throw CommandFailure.usage("the two passphrases typed for " + keyFile + " differ");
      }
    }
    return new Passphrase(chars, "the terminal");
  }

  /** The first line of {@code file}, decoded as UTF-8; every buffer holding it is cleared. */
  static char[] readFile(Path file) throws CommandFailure {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw CommandFailure.usage(
            "--passphrase-file "
                + file
                + " is "
                + size
                + " bytes; it should hold one line, the passphrase");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw CommandFailure.usage(
          "cannot read --passphrase-file " + file + ": " + InputFiles.describe(e));
    }
    CharBuffer decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw CommandFailure.usage("--passphrase-file " + file + " is not UTF-8 text");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    try {
      int end = 0;
      while (end < decoded.limit() && decoded.get(end) != '\n' && decoded.get(end) != '\r') {
        end++;
      }
      if (end == 0) {
        throw CommandFailure.usage(
            "--passphrase-file " + file + " is empty; its first line is the passphrase");
      }
      char[] chars = new char[end];
      decoded.get(chars, 0, end);
      return chars;
    } finally {
      if (decoded.hasArray()) {
        Arrays.fill(decoded.array(), '\0');
      }
    }
  }
}
