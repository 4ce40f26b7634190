package org.tracemark.keys.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tracemark-keys}: the device PKI and firmware signing from the command line, over the
 * {@code org.tracemark.keys} library. A CA lives in a directory of plain files ({@link
 * CaDirectory}); private keys are always encrypted at rest and their passphrases never appear on
 * the command line ({@link PassphraseSource}).
 *
 * <p>Every failure is one line on standard error starting with {@code tracemark-keys: }; exit codes
 * are 0 (done, or approved / accepted), 1 (failed, refused or rejected) and 2 (usage error).
 */
@Command(
    name = "tracemark-keys",
    mixinStandardHelpOptions = true,
    version = KeysCommand.VERSION,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Runs the Tracemark device PKI (root CA, issuing CA, device certificates, revocation) from a"
          + " CA directory of plain files, signs and checks firmware manifests, and explains and"
          + " verifies signed readings.",
      "Private keys are stored encrypted (PKCS#8, PBKDF2 + AES-256) and rw-------. Passphrases"
          + " come from --passphrase-file FILE, the environment variable "
          + PassphraseSource.ENVIRONMENT_VARIABLE
          + ", or a prompt at a terminal; never from the command line."
    },
    subcommands = {
      InitRootCommand.class,
      IssueIntermediateCommand.class,
      CsrCommand.class,
      EnrollCommand.class,
      RevokeCommand.class,
      RotateCommand.class,
      CrlCommand.class,
      ListCommand.class,
      FirmwareKeyCommand.class,
      SignFirmwareCommand.class,
      VerifyFirmwareCommand.class,
      VerifyReadingCommand.class,
      HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done; for verify-*: approved or accepted",
      "1:failed (the line on standard error says why); for verify-*: refused or rejected",
      "2:usage error: a missing or invalid option, or no passphrase source"
    })
public final class KeysCommand implements Callable<Integer> {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String VERSION = "tracemark-keys 1";

  private final Function<String, String> environment;
  private final PassphrasePrompt prompt;
  private final Clock clock;

  @Spec CommandSpec spec;

  /** Reads the process environment, prompts at the terminal if there is one, and uses UTC now. */
  public KeysCommand() {
    this(System::getenv, PassphrasePrompt.console(), Clock.systemUTC());
  }

  /** For tests: a given environment, prompt and clock. */
  KeysCommand(Function<String, String> environment, PassphrasePrompt prompt, Clock clock) {
    this.environment = environment;
    this.prompt = prompt;
    this.clock = clock;
  }

  public static void main(String... args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command as {@code main} runs it: besides what every command does itself, picocli's own
   * errors (an unknown or missing option) also become one {@code tracemark-keys: } line instead of
   * the message followed by the whole usage text.
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new KeysCommand());
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine command = e.getCommandLine();
          PrintWriter err = command.getErr();
          err.println(
              KeysSubcommand.PREFIX
                  + e.getMessage().replace('\n', ' ')
                  + " (see "
                  + command.getCommandSpec().qualifiedName()
                  + " --help)");
          err.flush();
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, command, parseResult) -> {
          // Subcommands report their own failures; this is for a bug outside them.
          command.getErr().println(KeysSubcommand.PREFIX + "internal error: " + e);
          command.getErr().flush();
          return FAILED;
        });
    return cli;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        KeysSubcommand.PREFIX
            + "name a command ("
            + String.join(", ", spec.subcommands().keySet())
            + "); see tracemark-keys --help");
    err.flush();
    return USAGE;
  }

  Function<String, String> environment() {
    return environment;
  }

  PassphrasePrompt prompt() {
    return prompt;
  }

  Clock clock() {
    return clock;
  }
}
