package org.tracemark.keys.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tracemark.keys.cli.TestCli.ok;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.keys.cli.TestCli.Run;
import picocli.CommandLine;

class KeysCommandTest {

  @TempDir Path dir;

  private static final List<String> COMMANDS =
      List.of(
          "init-root",
          "issue-intermediate",
          "csr",
          "enroll",
          "revoke",
          "rotate",
          "crl",
          "list",
          "firmware-key",
          "sign-firmware",
          "verify-firmware",
          "verify-reading");

  @Test
  void everyCommandPrintsItsUsageForHelp() {
    assertThat(new CommandLine(new KeysCommand()).getSubcommands().keySet()).containsAll(COMMANDS);
    for (String command : COMMANDS) {
      Run help = TestCli.run(command, "--help");
      assertThat(help.exit()).as(command).isZero();
      assertThat(help.out()).as(command).startsWith("Usage: tracemark-keys " + command + " ");
      assertThat(help.out()).as(command).contains("-h, --help");
    }
    Run top = TestCli.run("--help");
    assertThat(top.exit()).isZero();
    assertThat(top.out()).startsWith("Usage: tracemark-keys ").contains("Exit codes:");
    assertThat(TestCli.run("help", "enroll").out()).startsWith("Usage: tracemark-keys enroll ");
  }

  @Test
  void versionIsPrinted() {
    Run top = TestCli.run("--version");
    Run sub = TestCli.run("list", "--version");

    assertThat(top.exit()).isZero();
    assertThat(top.out()).isEqualTo("tracemark-keys 1\n");
    assertThat(sub.out()).isEqualTo("tracemark-keys 1\n");
  }

  @Test
  void withoutACommandItSaysWhichThereAre() {
    Run run = TestCli.run();

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("tracemark-keys: name a command (init-root, ")
        .endsWith("; see tracemark-keys --help\n");
  }

  @Test
  void withNoPassphraseSourceItStopsWithAUsageError() {
    KeysCommand noEnvironmentNoTerminal =
        new KeysCommand(name -> null, PassphrasePrompt.none(), Clock.systemUTC());

    Run run =
        TestCli.run(
            noEnvironmentNoTerminal,
            "init-root",
            "--ca-dir",
            dir.resolve("ca").toString(),
            "--name",
            "Root");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "tracemark-keys: no passphrase for "
                + dir.resolve("ca/root-key.pem")
                + ": set TRACEMARK_KEYS_PASSPHRASE, give --passphrase-file FILE, or run at a"
                + " terminal to be asked\n");
    assertThat(dir.resolve("ca")).doesNotExist();
  }

  @Test
  void thePassphraseComesFromTheEnvironmentOrATerminal() {
    KeysCommand environment =
        new KeysCommand(
            Map.of(PassphraseSource.ENVIRONMENT_VARIABLE, TestCli.PASSPHRASE)::get,
            PassphrasePrompt.none(),
            Clock.systemUTC());
    ok(
        TestCli.run(
            environment, "init-root", "--ca-dir", dir.resolve("ca").toString(), "--name", "Root"));

    List<String> prompts = new ArrayList<>();
    KeysCommand terminal =
        new KeysCommand(
            name -> null,
            prompt -> {
              prompts.add(prompt);
              return Optional.of(TestCli.PASSPHRASE.toCharArray());
            },
            Clock.systemUTC());
    ok(
        TestCli.run(
            terminal,
            "issue-intermediate",
            "--ca-dir",
            dir.resolve("ca").toString(),
            "--name",
            "Devices"));
    ok(
        TestCli.run(
            terminal,
            "csr",
            "--device",
            "d1",
            "--key-out",
            dir.resolve("k.pem").toString(),
            "--out",
            dir.resolve("d1.csr").toString()));

    assertThat(prompts)
        .containsExactly(
            "Passphrase for " + dir.resolve("ca/root-key.pem") + ": ",
            "New passphrase for " + dir.resolve("k.pem") + ": ",
            "Repeat the passphrase for " + dir.resolve("k.pem") + ": ");
  }

  @Test
  void aPassphraseOnTheCommandLineIsRefusedWithoutEchoingIt() {
    Run run =
        TestCli.run(
            "csr",
            "--device",
            "d1",
            "--key-out",
            dir.resolve("k.pem").toString(),
            "--out",
            dir.resolve("d1.csr").toString(),
            "--passphrase",
            "hunter2-secret");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains("a passphrase is never taken on the command line")
        .doesNotContain("hunter2-secret");
    assertThat(dir.resolve("k.pem")).doesNotExist();
  }

  @Test
  void mainTurnsPicocliErrorsIntoOneLine() {
    CommandLine cli = KeysCommand.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));

    int exit = cli.execute("enroll", "--org", "org-42");
    int badAlgorithm =
        cli.execute("csr", "--algorithm", "rsa", "--device", "d", "--key-out", "k", "--out", "o");

    assertThat(exit).isEqualTo(2);
    assertThat(badAlgorithm).isEqualTo(2);
    assertThat(err.toString().lines())
        .containsExactly(
            "tracemark-keys: Missing required option: '--csr=FILE' (see tracemark-keys enroll"
                + " --help)",
            "tracemark-keys: Invalid value for option '--algorithm': 'rsa' is not a key"
                + " algorithm; expected ed25519 or es256 (see tracemark-keys csr --help)");
  }
}
