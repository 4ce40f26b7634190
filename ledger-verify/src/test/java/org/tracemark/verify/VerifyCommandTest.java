package org.tracemark.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.ledger.checkpoint.Checkpoint;
import picocli.CommandLine;

class VerifyCommandTest {

  @TempDir Path dir;

  /** One run of the CLI: exit code and what it printed. */
  private record Run(int exit, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }
  }

  private static Run run(String... args) {
    CommandLine cli = VerifyCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void okPrintsProgressOnStderrAndOneOkLine() throws Exception {
    TestLog log = TestLog.create().grow(700);
    Path entry = dir.resolve("entry.bin");
    Files.write(entry, log.entry(600));
    try (LedgerServer server = LedgerServer.serving(log)) {
      Run ok =
          run(
              "--url", server.base().toString(),
              "--vkey", TestLog.VKEY.encoded(),
              "--state", dir.resolve("cli.state").toString(),
              "--entry", "600",
              "--entry-file", entry.toString());

      assertThat(ok.exit()).isZero();
      assertThat(ok.outLines())
          .containsExactly("OK origin=" + TestLog.ORIGIN + " size=700 root=" + log.root().hex());
      assertThat(ok.err())
          .contains("verifying " + TestLog.ORIGIN + " at " + server.base())
          .contains("  checkpoint: size 700 root " + log.root().hex())
          .contains("  entry 600: ")
          .contains("equal to the expected bytes");
      assertThat(Files.readAllBytes(dir.resolve("cli.state"))).isEqualTo(log.signedCheckpoint());
    }
  }

  @Test
  void aFailedCheckPrintsOneFailLineAndExitsOne() throws Exception {
    TestLog log = TestLog.create().grow(10);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.serveCheckpoint(
          TestLog.sign(Checkpoint.of(TestLog.ORIGIN, log.state()), TestLog.IMPOSTOR));
      Run fail =
          run(
              "--url", server.base().toString(),
              "--vkey", TestLog.VKEY.encoded(),
              "--state", dir.resolve("cli.state").toString());

      assertThat(fail.exit()).isEqualTo(1);
      assertThat(fail.outLines())
          .singleElement()
          .asString()
          .startsWith("FAIL: checkpoint not signed by the log's key: ");
    }
  }

  @Test
  void aLogWithoutProofEndpointsGetsAHintAndPassesWithoutThem() throws Exception {
    TestLog log = TestLog.create().grow(10);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.tamper(
          (path, honest) -> path.startsWith("proof/") ? LedgerServer.Reply.status(404) : honest);
      String[] args = {
        "--url", server.base().toString(),
        "--vkey", TestLog.VKEY.encoded(),
        "--state", dir.resolve("p.state").toString(),
        "--entry", "3"
      };
      Run withProofs = run(args);
      assertThat(withProofs.exit()).isEqualTo(1);
      assertThat(withProofs.out())
          .endsWith(
              "answered HTTP 404, expected 200 (a log without proof endpoints can be checked"
                  + " with --no-server-proofs)"
                  + System.lineSeparator());

      String[] without = java.util.Arrays.copyOf(args, args.length + 1);
      without[args.length] = "--no-server-proofs";
      assertThat(run(without).exit()).isZero();
    }
  }

  @Test
  void anOriginGivenReplacesTheKeyNameAsTheExpectedOrigin() throws Exception {
    TestLog log = TestLog.create().grow(10);
    try (LedgerServer server = LedgerServer.serving(log)) {
      Run other =
          run(
              "--url", server.base().toString(),
              "--vkey", TestLog.VKEY.encoded(),
              "--origin", "tracemark.test/other",
              "--state", dir.resolve("o.state").toString());
      assertThat(other.exit()).isEqualTo(1);
      assertThat(other.out())
          .startsWith("FAIL: origin mismatch: expected a checkpoint of \"tracemark.test/other\"");
    }
  }

  @Test
  void theDefaultStateFileIsASafeNameUnderTheHomeDirectory() {
    Path home = Path.of("/home/someone");
    assertThat(VerifyCommand.defaultStateFile(home, "tracemark.example/ledger"))
        .isEqualTo(Path.of("/home/someone/.tracemark/verify/tracemark.example_ledger.state"));
    assertThat(VerifyCommand.defaultStateFile(home, "../../etc/passwd"))
        .isEqualTo(Path.of("/home/someone/.tracemark/verify/_._.._etc_passwd.state"));
    assertThat(VerifyCommand.defaultStateFile(home, "a b:c\\d"))
        .isEqualTo(Path.of("/home/someone/.tracemark/verify/a_b_c_d.state"));
  }

  @Test
  void usageErrorsExitTwo() {
    String vkey = TestLog.VKEY.encoded();
    assertThat(run("--vkey", vkey).exit()).isEqualTo(2);
    assertThat(run("--url", "http://127.0.0.1:1").exit()).isEqualTo(2);

    Run badKey = run("--url", "http://127.0.0.1:1", "--vkey", "not-a-key");
    assertThat(badKey.exit()).isEqualTo(2);
    assertThat(badKey.err()).contains("--vkey is not a verifier key");

    Run badUrl = run("--url", "ftp://example.com", "--vkey", vkey);
    assertThat(badUrl.exit()).isEqualTo(2);
    assertThat(badUrl.err()).contains("--url: the log URL must be http:// or https://");

    Run fileWithoutIndex =
        run("--url", "http://127.0.0.1:1", "--vkey", vkey, "--entry-file", "x.bin");
    assertThat(fileWithoutIndex.exit()).isEqualTo(2);
    assertThat(fileWithoutIndex.err()).contains("--entry-file needs --entry INDEX");

    Run negative = run("--url", "http://127.0.0.1:1", "--vkey", vkey, "--entry", "-1");
    assertThat(negative.exit()).isEqualTo(2);
    assertThat(negative.err()).contains("--entry must be an index from 0");

    Run missingFile =
        run(
            "--url",
            "http://127.0.0.1:1",
            "--vkey",
            vkey,
            "--entry",
            "0",
            "--entry-file",
            dir.resolve("absent.bin").toString());
    assertThat(missingFile.exit()).isEqualTo(2);
    assertThat(missingFile.err()).contains("cannot be read");

    assertThat(run("--url", "http://127.0.0.1:1", "--vkey", vkey, "--bogus").exit()).isEqualTo(2);
    // Nothing is fetched, and no verdict printed, on a usage error.
    assertThat(badKey.out()).isEmpty();
  }

  @Test
  void anEntryFileLargerThanAnyEntryIsAUsageError() throws Exception {
    Path big = dir.resolve("big.bin");
    Files.write(big, new byte[65_536]);
    Run run =
        run(
            "--url",
            "http://127.0.0.1:1",
            "--vkey",
            TestLog.VKEY.encoded(),
            "--entry",
            "0",
            "--entry-file",
            big.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("over 65,535 bytes");
  }

  @Test
  void helpDocumentsEveryOptionAndTheExitCodes() {
    Run help = run("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains("--url=URL")
        .contains("--vkey=VKEY")
        .contains("--origin=ORIGIN")
        .contains("--state=FILE")
        .contains("--entry=INDEX")
        .contains("--entry-file=FILE")
        .contains("--timeout=SECONDS")
        .contains("--no-server-proofs")
        .contains("Exit codes:")
        .contains("usage error");
  }
}
