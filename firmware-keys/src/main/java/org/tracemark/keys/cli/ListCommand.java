package org.tracemark.keys.cli;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.Revocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    version = KeysCommand.VERSION,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Lists the certificates in DIR/issued/, oldest first: serial, device, organisation, kid,"
          + " notAfter and status, which is active, revoked(<reason>, <time>) as recorded in"
          + " DIR/revocations.txt, or expired (notAfter has passed). Needs no passphrase."
    })
final class ListCommand extends KeysSubcommand {

  private static final String[] HEADINGS = {
    "SERIAL", "DEVICE", "ORG", "KID", "NOT AFTER", "STATUS"
  };

  @Mixin CaDirectoryOption caDirectory;

  @Override
  int run() throws CommandFailure {
    CaDirectory ca = caDirectory.ca();
    if (!ca.exists()) {
      throw CommandFailure.failed("no CA directory " + ca.directory() + " (see --ca-dir)");
    }
    List<CaDirectory.Issued> issued = ca.issued();
    if (issued.isEmpty()) {
      out().println("no certificates issued yet in " + ca.directory());
      return KeysCommand.OK;
    }
    Map<BigInteger, Revocation> revoked =
        ca.revocations().read().stream()
            .collect(Collectors.toMap(Revocation::serial, Function.identity()));
    Instant now = now();
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADINGS);
    for (CaDirectory.Issued entry : issued) {
      DeviceCertificate certificate = entry.certificate();
      rows.add(
          new String[] {
            certificate.serial().toString(16),
            certificate.deviceId().value(),
            certificate.organisation(),
            certificate.keyId().hex(),
            certificate.notAfter().toString(),
            status(certificate, revoked.get(certificate.serial()), now)
          });
    }
    int[] widths = new int[HEADINGS.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out().println(line.toString().stripTrailing());
    }
    return KeysCommand.OK;
  }

  static String status(DeviceCertificate certificate, Revocation revocation, Instant now) {
    if (revocation != null) {
      return "revoked("
          + RevocationLog.code(revocation.reason())
          + ", "
          + revocation.revokedAt()
          + ")";
    }
    return now.isAfter(certificate.notAfter()) ? "expired" : "active";
  }
}
