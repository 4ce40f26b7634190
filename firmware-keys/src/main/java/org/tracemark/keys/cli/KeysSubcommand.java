package org.tracemark.keys.cli;

import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SigningAlgorithm;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: its error handling and its streams.
 *
 * <p>Errors are handled here rather than by a handler installed on the {@link picocli.CommandLine}
 * so that a command behaves the same however the command line was built: every failure is one line
 * on standard error, {@code tracemark-keys: <what failed>}, and a non-zero exit, never a stack
 * trace.
 */
abstract class KeysSubcommand implements Callable<Integer> {

  static final String PREFIX = "tracemark-keys: ";

  /** Enough for any field of our formats (a manifest URI is at most 2,048 characters). */
  static final int MAX_PRINTED = 4096;

  @Spec CommandSpec spec;

  @ParentCommand KeysCommand keys;

  /** Does the work; returns the exit code, or throws a {@link CommandFailure} that says why not. */
  abstract int run() throws CommandFailure;

  @Override
  public final Integer call() {
    try {
      return run();
    } catch (CommandFailure failure) {
      return fail(failure.getMessage(), failure.exitCode());
    } catch (RuntimeException e) {
      // A bug rather than bad input; still one line, and the type says where to look. Library
      // messages never hold key material, and this code never puts a passphrase in one.
      return fail(
          "internal error: "
              + e.getClass().getName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          KeysCommand.FAILED);
    } finally {
      out().flush();
    }
  }

  private int fail(String message, int exitCode) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(PREFIX + message.replace('\n', ' '));
    err.flush();
    return exitCode;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** One aligned {@code label value} line of a command's report. */
  void field(String label, Object value) {
    out().printf("  %-12s %s%n", label, value);
  }

  /** Subject, key and validity of a CA certificate. */
  void caFields(X509Certificate certificate) {
    field("subject", certificate.getSubjectX500Principal().getName());
    field(
        "algorithm",
        KeyPairs.algorithmOf(certificate.getPublicKey())
            .map(KeysSubcommand::describe)
            .orElse(certificate.getPublicKey().getAlgorithm()));
    field("kid", KeyId.of(certificate.getPublicKey()).hex());
    field("serial", certificate.getSerialNumber().toString(16));
    field(
        "valid",
        certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant());
  }

  /** Device, organisation, key and validity of a device certificate. */
  void deviceFields(DeviceCertificate certificate) {
    field("device", certificate.deviceId());
    field("org", certificate.organisation());
    field("algorithm", describe(certificate.algorithm()));
    field("kid", certificate.keyId().hex());
    field("serial", certificate.serial().toString(16));
    field("valid", certificate.notBefore() + " to " + certificate.notAfter());
  }

  /** E.g. {@code EdDSA (Ed25519)} or {@code ES256 (P-256)}. */
  static String describe(SigningAlgorithm algorithm) {
    return algorithm.coseName() + " (" + algorithm.curve() + ")";
  }

  /**
   * Text from an untrusted message or file, made safe to print: control characters (which could
   * forge lines or drive the terminal) become {@code \\uXXXX}, and it is cut at {@value
   * #MAX_PRINTED} characters.
   */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_PRINTED) + 8);
    for (int i = 0; i < text.length(); i++) {
      if (i == MAX_PRINTED) {
        return out.append('…').toString();
      }
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Refuses a {@code --days} (or similar) value below 1. */
  static int positive(String option, int value) throws CommandFailure {
    if (value < 1) {
      throw CommandFailure.usage(option + " must be at least 1, not " + value);
    }
    return value;
  }

  /** Now, from the clock the command was built with. */
  Instant now() {
    return keys.clock().instant();
  }

  /** The passphrase sources of this run: the given option plus the environment and a console. */
  PassphraseSource passphrases(PassphraseOption option) {
    return new PassphraseSource(option.file, keys.environment(), keys.prompt());
  }
}
