package org.tracemark.keys.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --ca-dir}, for every command that works on a CA directory. */
final class CaDirectoryOption {

  static final Path DEFAULT = Path.of("ca");

  @Option(
      names = "--ca-dir",
      paramLabel = "DIR",
      description =
          "The CA directory (default: ./ca): root.pem, issuing.pem, their encrypted keys,"
              + " issued/, revocations.txt, crl.pem, crl-number.")
  Path directory;

  CaDirectory ca() {
    return new CaDirectory(directory == null ? DEFAULT : directory);
  }

  /** Whether {@code --ca-dir} was given, rather than defaulted. */
  boolean given() {
    return directory != null;
  }
}
