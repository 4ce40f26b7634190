package org.tracemark.keys.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.tracemark.keys.pki.CertificateAuthority;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.DeviceCsr;
import org.tracemark.keys.pki.Revocation;
import org.tracemark.keys.pki.RevocationList;
import org.tracemark.keys.pki.RevocationReason;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    version = KeysCommand.VERSION,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Key rotation: enrolls the new key in --csr, which must be for the same device as"
          + " --old-cert and a different key, then revokes the old certificate with reason"
          + " superseded as of now and publishes a new CRL. Readings the old key signed before"
          + " now stay valid; later ones are rejected. Nothing is written if a check fails."
    })
final class RotateCommand extends KeysSubcommand {

  @Mixin CaDirectoryOption caDirectory;

  @Option(
      names = "--old-cert",
      required = true,
      paramLabel = "FILE",
      description = "The device's current certificate (PEM), issued by this CA.")
  Path oldCertificateFile;

  @Option(
      names = "--csr",
      required = true,
      paramLabel = "FILE",
      description = "The request for the device's new key (PEM CERTIFICATE REQUEST).")
  Path csrFile;

  @Option(
      names = "--org",
      required = true,
      paramLabel = "ORG",
      description = "The owning organisation's id for the new certificate, e.g. org-42.")
  String organisation;

  @Option(
      names = "--days",
      paramLabel = "DAYS",
      defaultValue = "730",
      description = "Validity of the new certificate in days from now (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Also write the new certificate (PEM) here.")
  Path out;

  @Option(
      names = "--crl-days",
      paramLabel = "DAYS",
      defaultValue = "30",
      description = "Days until the new CRL's nextUpdate (default: ${DEFAULT-VALUE}).")
  int crlDays;

  @Mixin PassphraseOption passphraseOption;

  @Override
  int run() throws CommandFailure {
    positive("--days", days);
    positive("--crl-days", crlDays);
    CaDirectory ca = caDirectory.ca();
    DeviceCertificate old = CaDirectory.readDeviceCertificate(oldCertificateFile, "--old-cert");
    ca.requireIssuedHere(old, oldCertificateFile);
    Optional<Revocation> earlier = ca.revocations().find(old.serial());
    if (earlier.isPresent()) {
      throw CommandFailure.failed(
          "--old-cert "
              + oldCertificateFile
              + " (serial "
              + old.serial().toString(16)
              + ") was already revoked at "
              + earlier.get().revokedAt()
              + " ("
              + RevocationLog.code(earlier.get().reason())
              + "); enroll the new key with enroll instead");
    }
    DeviceCsr csr = EnrollCommand.readCsr(csrFile);
    CertificateAuthority issuing = ca.issuing(passphrases(passphraseOption));
    Instant now = now();
    DeviceCertificate renewed = EnrollCommand.issue(issuing, csr, csrFile, organisation, days, now);
    // Checked on the issued certificate because DeviceCsr does not expose the device id; it is
    // only stored once both checks pass.
    if (!renewed.deviceId().equals(old.deviceId())) {
      throw CommandFailure.failed(
          "--csr "
              + csrFile
              + " is for device "
              + renewed.deviceId()
              + " but --old-cert is for device "
              + old.deviceId()
              + "; rotation keeps the device id (enroll a new device with enroll)");
    }
    if (renewed.keyId().equals(old.keyId())) {
      throw CommandFailure.failed(
          "--csr "
              + csrFile
              + " carries the same key as --old-cert (kid "
              + old.keyId().hex()
              + "); rotation needs a new key");
    }
    Path stored = ca.store(renewed);
    if (out != null) {
      OutputFiles.replace(out, renewed.toPem());
    }
    Revocation revocation = new Revocation(old.serial(), now, RevocationReason.SUPERSEDED);
    RevocationList crl = ca.revoke(issuing, revocation, now, Duration.ofDays(crlDays));
    out().println("rotated the key of device " + old.deviceId());
    out().println(" new certificate");
    deviceFields(renewed);
    field("stored", stored);
    if (out != null) {
      field("written", out);
    }
    out().println(" old certificate, revoked (superseded)");
    field("kid", old.keyId().hex());
    field("serial", old.serial().toString(16));
    field("revoked at", revocation.revokedAt());
    RevokeCommand.crlFields(this, ca, crl);
    return KeysCommand.OK;
  }
}
