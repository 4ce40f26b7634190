package org.tracemark.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tracemark.ledger.note.VerifierKey;
import org.tracemark.ledger.tile.EntryBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tracemark-verify}: one {@link LogMonitor} run from the command line. Progress lines go to
 * standard error, the verdict ({@code OK ...} or {@code FAIL: ...}) to standard output as its last
 * line, so a script or cron job can keep just that line.
 */
@Command(
    name = "tracemark-verify",
    mixinStandardHelpOptions = true,
    version = "tracemark-verify 1",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Checks a Tracemark (or any C2SP tlog-tiles) log without trusting its operator: verifies the"
          + " signed checkpoint with the key you give, recomputes its root from the hash tiles,"
          + " proves it consistent with the checkpoint verified last time (kept in a state file),"
          + " and optionally proves one entry included.",
      "Progress goes to standard error; the last line on standard output is"
          + " 'OK origin=... size=... root=<hex>' or 'FAIL: <what failed>'."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every check passed; the state file holds the new checkpoint",
      "1:a check failed (FAIL line); the state file is unchanged",
      "2:usage error: a missing or invalid option"
    })
public final class VerifyCommand implements Callable<Integer> {

  static final int OK = 0;
  static final int FAIL = 1;
  static final int USAGE = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description =
          "Base URL of the log: the part before /ledger/checkpoint, e.g. https://tracemark.example"
              + " (http or https). Redirects are followed only on the same host and port.")
  URI url;

  @Option(
      names = "--vkey",
      required = true,
      paramLabel = "VKEY",
      description =
          "The log's verifier key, name+hex8+base64 (as GET /ledger/vkey shows it). Get it from"
              + " somewhere you trust, not from the log you are checking.")
  String vkey;

  @Option(
      names = "--origin",
      paramLabel = "ORIGIN",
      description =
          "The origin the checkpoints must name (their first line). Default: the key's name.")
  String origin;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description =
          "Where the last verified checkpoint is kept between runs. Default:"
              + " ~/.tracemark/verify/<origin, with characters other than letters, digits, '.',"
              + " '-' and '_' replaced by '_'>.state")
  Path state;

  @Option(
      names = "--entry",
      paramLabel = "INDEX",
      description =
          "Also fetch the entry at this index (from 0) and prove it included in the checkpoint.")
  Long entry;

  @Option(
      names = "--entry-file",
      paramLabel = "FILE",
      description =
          "With --entry: the exact bytes the entry at INDEX must be (at most 65,535 bytes).")
  Path entryFile;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "Limit for each HTTP request, body included (default: ${DEFAULT-VALUE}); connecting"
              + " is limited to 10 seconds or this, whichever is shorter.")
  int timeoutSeconds;

  @Option(
      names = "--no-server-proofs",
      description =
          "Do not cross-check the server's /ledger/proof/ endpoints (for a plain tlog-tiles log"
              + " that has none). Proofs are built from tiles either way.")
  boolean noServerProofs;

  public static void main(String... args) {
    System.exit(commandLine().execute(args));
  }

  /** The command with its error handling, ready to {@code execute}. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new VerifyCommand());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          // A bug here, not a verdict on the log: still exactly one FAIL line, and exit 1.
          commandLine.getOut().println("FAIL: internal error: " + e);
          commandLine.getOut().flush();
          return FAIL;
        });
    return cli;
  }

  @Override
  public Integer call() {
    MonitoredLog log = monitoredLog();
    Optional<EntryCheck> entryCheck = entryCheck();
    if (timeoutSeconds < 1) {
      throw usage("--timeout must be at least 1 second, not " + timeoutSeconds);
    }
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    Duration connect =
        timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
    MonitorSettings settings = new MonitorSettings(connect, timeout, !noServerProofs);
    Path stateFile =
        state != null
            ? state
            : defaultStateFile(Path.of(System.getProperty("user.home")), log.origin());

    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LogMonitor monitor = LogMonitor.create(log, stateFile, settings);
    err.println("verifying " + log.origin() + " at " + log.base());
    err.flush();
    MonitorResult result =
        monitor.check(
            entryCheck,
            line -> {
              err.println("  " + line);
              err.flush();
            });
    if (result instanceof MonitorResult.Verified verified) {
      out.println(
          "OK origin="
              + verified.checkpoint().origin()
              + " size="
              + verified.checkpoint().size().value()
              + " root="
              + verified.checkpoint().root().hex());
      out.flush();
      return OK;
    }
    Failure failure = ((MonitorResult.Failed) result).failure();
    out.println("FAIL: " + failure.message() + hint(failure));
    out.flush();
    return FAIL;
  }

  // A plain C2SP tlog-tiles log has no proof endpoints; say how to check it anyway.
  private static String hint(Failure failure) {
    return failure instanceof Failure.UnexpectedStatus status
            && status.status() == 404
            && status.url().contains("/ledger/proof/")
        ? " (a log without proof endpoints can be checked with --no-server-proofs)"
        : "";
  }

  /**
   * {@code <home>/.tracemark/verify/<origin>.state}, the origin made a safe single file name: every
   * character but ASCII letters, digits, '.', '-' and '_' becomes '_', and a leading '.' too, so no
   * origin can name a hidden file, a parent directory or a path.
   */
  static Path defaultStateFile(Path home, String origin) {
    StringBuilder name = new StringBuilder(origin.length());
    for (int i = 0; i < origin.length(); i++) {
      char c = origin.charAt(i);
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || (c == '.' && i > 0);
      name.append(safe ? c : '_');
    }
    return home.resolve(".tracemark").resolve("verify").resolve(name + ".state");
  }

  private MonitoredLog monitoredLog() {
    VerifierKey key;
    try {
      key = VerifierKey.parse(vkey.strip());
    } catch (IllegalArgumentException e) {
      // The message describes the problem without echoing the key back.
      throw usage("--vkey is not a verifier key (name+hex8+base64): " + e.getMessage());
    }
    if (origin != null && (origin.isEmpty() || origin.contains("\n"))) {
      throw usage("--origin must be one non-empty line, as in a checkpoint");
    }
    try {
      return origin == null ? MonitoredLog.of(url, key) : new MonitoredLog(url, key, origin);
    } catch (IllegalArgumentException e) {
      throw usage("--url: " + e.getMessage());
    }
  }

  private Optional<EntryCheck> entryCheck() {
    if (entryFile != null && entry == null) {
      throw usage(
          "--entry-file needs --entry INDEX: the verifier checks the entry at an index,"
              + " it does not search for one");
    }
    if (entry == null) {
      return Optional.empty();
    }
    if (entry < 0) {
      throw usage("--entry must be an index from 0, not " + entry);
    }
    if (entryFile == null) {
      return Optional.of(EntryCheck.at(entry));
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(entryFile)) {
      bytes = in.readNBytes(EntryBundle.MAX_ENTRY_LENGTH + 1);
    } catch (IOException e) {
      throw usage("--entry-file " + entryFile + " cannot be read: " + e);
    }
    if (bytes.length > EntryBundle.MAX_ENTRY_LENGTH) {
      throw usage(
          "--entry-file " + entryFile + " is over 65,535 bytes, so it cannot be a ledger entry");
    }
    return Optional.of(EntryCheck.at(entry, bytes));
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
