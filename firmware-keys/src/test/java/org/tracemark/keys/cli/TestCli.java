package org.tracemark.keys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.EncryptedPrivateKey;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.SigningKey;
import picocli.CommandLine;

/**
 * Runs {@code tracemark-keys} in-process as {@code new CommandLine(new KeysCommand())}, with the
 * passphrase in a file instead of {@code TRACEMARK_KEYS_PASSPHRASE}, and builds CA directories in a
 * temporary directory.
 */
final class TestCli {

  static final String PASSPHRASE = "correct horse battery staple";

  /** What one run printed, and its exit code. */
  record Run(int exit, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }

    String lastLine() {
      List<String> lines = outLines();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** The value of a {@code " label value"} line of a report. */
    String field(String label) {
      return outLines().stream()
          .filter(line -> line.startsWith(String.format("  %-12s ", label)))
          .map(line -> line.substring(15))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no field '" + label + "' in:\n" + out));
    }
  }

  final Path dir;
  final Path ca;
  final Path passphraseFile;

  TestCli(Path dir) throws Exception {
    this.dir = dir;
    this.ca = dir.resolve("ca");
    this.passphraseFile = dir.resolve("passphrase.txt");
    Files.writeString(passphraseFile, PASSPHRASE + "\n", StandardCharsets.UTF_8);
  }

  Path path(String name) {
    return dir.resolve(name);
  }

  static Run run(KeysCommand command, String... args) {
    CommandLine cli = new CommandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    Run run = new Run(exit, out.toString(), err.toString());
    // Whatever happened: no stack trace, and never the passphrase.
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain(PASSPHRASE);
    assertThat(run.out()).doesNotContain(PASSPHRASE);
    return run;
  }

  static Run run(String... args) {
    return run(new KeysCommand(), args);
  }

  /** Runs a command that needs a passphrase, with {@code --passphrase-file}. */
  Run runWithPassphrase(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--passphrase-file");
    all.add(passphraseFile.toString());
    return run(all.toArray(new String[0]));
  }

  /** Asserts a run succeeded, showing what it printed if not. */
  static Run ok(Run run) {
    assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isZero();
    return run;
  }

  /** A root and an issuing CA in {@link #ca}. */
  TestCli withCa() {
    ok(runWithPassphrase("init-root", "--ca-dir", ca.toString(), "--name", "Test Root"));
    ok(
        runWithPassphrase(
            "issue-intermediate", "--ca-dir", ca.toString(), "--name", "Test Devices 1"));
    return this;
  }

  /**
   * Generates a key and CSR for {@code device} as {@code <name>-key.pem} and {@code <name>.csr}.
   */
  Run csr(String device, String name, String algorithm) {
    return ok(
        runWithPassphrase(
            "csr",
            "--device",
            device,
            "--algorithm",
            algorithm,
            "--key-out",
            path(name + "-key.pem").toString(),
            "--out",
            path(name + ".csr").toString()));
  }

  /** Enrolls {@code <name>.csr}, writing {@code <name>.pem}. */
  Run enroll(String name) {
    return ok(
        runWithPassphrase(
            "enroll",
            "--ca-dir",
            ca.toString(),
            "--csr",
            path(name + ".csr").toString(),
            "--org",
            "org-42",
            "--out",
            path(name + ".pem").toString()));
  }

  DeviceCertificate certificate(String name) throws Exception {
    return DeviceCertificate.fromPem(Files.readString(path(name + ".pem")));
  }

  /**
   * Signs as the device would: decrypts {@code <name>-key.pem} and pairs it with the public key of
   * its certificate {@code <name>.pem}.
   */
  Path sign(String name, Reading reading, String file) throws Exception {
    PrivateKey key =
        EncryptedPrivateKey.fromPem(
            Files.readString(path(name + "-key.pem")), PASSPHRASE.toCharArray());
    SigningKey signingKey = SigningKey.of(new KeyPair(certificate(name).publicKey(), key));
    Path message = path(file);
    Files.write(message, SignedReading.sign(reading, signingKey).message());
    return message;
  }
}
