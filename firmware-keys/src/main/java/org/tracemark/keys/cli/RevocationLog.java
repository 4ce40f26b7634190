package org.tracemark.keys.cli;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tracemark.keys.pki.Revocation;
import org.tracemark.keys.pki.RevocationReason;

/**
 * {@code revocations.txt} in a CA directory: the CA's own record of every certificate it revoked,
 * from which each CRL is built. Append-only: a revocation is final, so lines are added and never
 * changed, and the file doubles as an audit trail.
 *
 * <p>Format, UTF-8 text, one revocation per line, fields separated by one space:
 *
 * <pre>
 * &lt;serial&gt; &lt;revoked-at&gt; &lt;reason&gt;
 * 3f2a0c9d... 2026-06-01T12:00:00Z key-compromise
 * </pre>
 *
 * {@code serial} is the certificate serial in lower-case hex (as {@code enroll} and {@code list}
 * print it), {@code revoked-at} an ISO-8601 UTC instant in whole seconds, {@code reason} one of
 * {@code unspecified}, {@code key-compromise}, {@code superseded}, {@code cessation-of-operation}.
 * Blank lines and lines starting with {@code #} are comments. A serial appears at most once.
 */
final class RevocationLog {

  static final String HEADER =
      "# tracemark-keys revocations v1: <serial, hex> <revoked at, ISO-8601 UTC> <reason>\n"
          + "# Appended by revoke and rotate; each CRL lists every line. Never edit or reorder.\n";

  static final String REASON_CODES =
      Stream.of(RevocationReason.values())
          .map(RevocationLog::code)
          .collect(Collectors.joining(", "));

  private final Path file;

  RevocationLog(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** Every revocation recorded, in the order they were made; empty if there is no file yet. */
  List<Revocation> read() throws CommandFailure {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<Revocation> revocations = new ArrayList<>();
    Set<BigInteger> serials = new HashSet<>();
    List<String> lines = InputFiles.text(file, "revocation log").lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Revocation revocation = parse(line, i + 1);
      if (!serials.add(revocation.serial())) {
        throw CommandFailure.failed(
            file
                + " line "
                + (i + 1)
                + ": serial "
                + revocation.serial().toString(16)
                + " is revoked twice; the log is damaged");
      }
      revocations.add(revocation);
    }
    return revocations;
  }

  /** The recorded revocation of {@code serial}, if any. */
  Optional<Revocation> find(BigInteger serial) throws CommandFailure {
    return read().stream().filter(r -> r.serial().equals(serial)).findFirst();
  }

  /** Records {@code revocation} as a new last line. */
  void append(Revocation revocation) throws CommandFailure {
    OutputFiles.append(file, HEADER, line(revocation));
  }

  static String line(Revocation revocation) {
    return revocation.serial().toString(16)
        + " "
        + revocation.revokedAt()
        + " "
        + code(revocation.reason());
  }

  private Revocation parse(String line, int number) throws CommandFailure {
    String[] fields = line.split(" ");
    if (fields.length != 3) {
      throw damaged(
          number, "expected '<serial> <revoked-at> <reason>', found " + fields.length + " fields");
    }
    BigInteger serial;
    try {
      serial = new BigInteger(fields[0], 16);
    } catch (NumberFormatException e) {
      throw damaged(number, "serial '" + fields[0] + "' is not hex");
    }
    Instant at;
    try {
      at = Instant.parse(fields[1]);
    } catch (DateTimeParseException e) {
      throw damaged(number, "'" + fields[1] + "' is not an ISO-8601 instant");
    }
    RevocationReason reason =
        reason(fields[2])
            .orElseThrow(
                () ->
                    damaged(
                        number,
                        "'" + fields[2] + "' is not a reason; expected one of " + REASON_CODES));
    try {
      return new Revocation(serial, at, reason);
    } catch (IllegalArgumentException e) {
      throw damaged(number, e.getMessage());
    }
  }

  private CommandFailure damaged(int number, String problem) {
    return CommandFailure.failed(file + " line " + number + ": " + problem);
  }

  /** The kebab-case code of a reason, e.g. {@code key-compromise}. */
  static String code(RevocationReason reason) {
    return reason.code();
  }

  /** The reason with this code, matched exactly. */
  static Optional<RevocationReason> reason(String code) {
    return Stream.of(RevocationReason.values()).filter(r -> code(r).equals(code)).findFirst();
  }
}
