package org.tracemark.keys.cli;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.tracemark.keys.pki.CertificateAuthority;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.DeviceCsr;
import org.tracemark.keys.pki.DeviceEnrolment;
import org.tracemark.keys.pki.IssuanceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    version = KeysCommand.VERSION,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Issues a device certificate for a CSR with the issuing CA (needs its key's passphrase),"
          + " after checking the request: proof of possession, key type, device id and SAN. Keeps"
          + " a copy in DIR/issued/<serial>.pem and prints device id, kid, serial and validity."
    })
final class EnrollCommand extends KeysSubcommand {

  @Mixin CaDirectoryOption caDirectory;

  @Option(
      names = "--csr",
      required = true,
      paramLabel = "FILE",
      description = "The device's request (PEM CERTIFICATE REQUEST), e.g. from csr.")
  Path csrFile;

  @Option(
      names = "--org",
      required = true,
      paramLabel = "ORG",
      description = "The owning organisation's id, e.g. org-42; becomes the subject O.")
  String organisation;

  @Option(
      names = "--days",
      paramLabel = "DAYS",
      defaultValue = "730",
      description =
          "Validity in days from now (default: ${DEFAULT-VALUE}); must end within the issuing"
              + " CA's.")
  int days;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Also write the certificate (PEM) here, e.g. for the device.")
  Path out;

  @Mixin PassphraseOption passphraseOption;

  @Override
  int run() throws CommandFailure {
    positive("--days", days);
    CaDirectory ca = caDirectory.ca();
    DeviceCsr csr = readCsr(csrFile);
    CertificateAuthority issuing = ca.issuing(passphrases(passphraseOption));
    DeviceCertificate certificate = issue(issuing, csr, csrFile, organisation, days, now());
    Path stored = ca.store(certificate);
    if (out != null) {
      OutputFiles.replace(out, certificate.toPem());
    }
    out().println("enrolled device " + certificate.deviceId());
    deviceFields(certificate);
    field("stored", stored);
    if (out != null) {
      field("written", out);
    }
    return KeysCommand.OK;
  }

  static DeviceCsr readCsr(Path file) throws CommandFailure {
    try {
      return DeviceCsr.fromPem(InputFiles.text(file, "--csr"));
    } catch (IssuanceException e) {
      throw CommandFailure.failed("--csr " + file + ": " + e.getMessage());
    }
  }

  /** A device certificate for {@code csr}, valid from now (backdated a little) for {@code days}. */
  static DeviceCertificate issue(
      CertificateAuthority issuing,
      DeviceCsr csr,
      Path csrFile,
      String organisation,
      int days,
      Instant now)
      throws CommandFailure {
    X509Certificate issuer = issuing.certificate();
    try {
      return DeviceEnrolment.issue(
          issuing,
          csr,
          organisation,
          CaDirectory.notBefore(now, issuer),
          now.plus(Duration.ofDays(days)));
    } catch (IssuanceException e) {
      if (e.reason() == IssuanceException.Reason.INVALID_ORGANISATION) {
        throw CommandFailure.usage("--org: " + e.getMessage());
      }
      throw CommandFailure.failed(
          "cannot enroll "
              + csrFile
              + ": "
              + e.getMessage()
              + (e.reason() == IssuanceException.Reason.OUTSIDE_ISSUER_VALIDITY
                  ? " (give a smaller --days)"
                  : ""));
    }
  }
}
