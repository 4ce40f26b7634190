package org.tracemark.keys.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --passphrase-file}, for every command that opens or creates a private key. */
final class PassphraseOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description =
          "Read the key passphrase from the first line of FILE (keep it rw-------). Without it the"
              + " passphrase comes from the environment variable "
              + PassphraseSource.ENVIRONMENT_VARIABLE
              + ", else from a prompt when run at a terminal. No option takes the passphrase"
              + " itself: command lines end up in shell histories and process lists.")
  Path file;

  /**
   * Catches the obvious mistake before picocli would echo the unknown option and its value, i.e.
   * the passphrase, back in an error message.
   */
  @Option(
      names = {"--passphrase", "--password"},
      hidden = true,
      paramLabel = "REFUSED")
  void refusePassphraseOnCommandLine(String ignored) {
    throw new ParameterException(
        mixee.commandLine(),
        "a passphrase is never taken on the command line (shell histories and process lists"
            + " would keep it); use --passphrase-file FILE or "
            + PassphraseSource.ENVIRONMENT_VARIABLE);
  }
}
