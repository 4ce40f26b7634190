package org.tracemark.keys.cli;

/**
 * Why a command stopped: one line for standard error (without the {@code tracemark-keys: } prefix,
 * which {@link KeysSubcommand} adds) and the exit code. The message carries evidence, such as the
 * file, the serial or the library's reason code, and never key material or a passphrase.
 */
final class CommandFailure extends Exception {

  private final int exitCode;

  private CommandFailure(int exitCode, String message, Throwable cause) {
    super(message, cause, false, false);
    this.exitCode = exitCode;
  }

  /** The operation was attempted and failed: a file, key, certificate or CA said no. Exit 1. */
  static CommandFailure failed(String message) {
    return new CommandFailure(KeysCommand.FAILED, message, null);
  }

  static CommandFailure failed(String message, Throwable cause) {
    return new CommandFailure(KeysCommand.FAILED, message, cause);
  }

  /** The command line was wrong or incomplete, e.g. no passphrase source. Exit 2. */
  static CommandFailure usage(String message) {
    return new CommandFailure(KeysCommand.USAGE, message, null);
  }

  int exitCode() {
    return exitCode;
  }
}
