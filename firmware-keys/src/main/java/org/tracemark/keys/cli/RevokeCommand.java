package org.tracemark.keys.cli;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.tracemark.keys.pki.CertificateAuthority;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.Revocation;
import org.tracemark.keys.pki.RevocationList;
import org.tracemark.keys.pki.RevocationReason;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    version = KeysCommand.VERSION,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Revokes a device certificate issued by this CA: appends '<serial> <time> <reason>' to"
          + " DIR/revocations.txt and publishes a new CRL, signed by the issuing CA (needs its"
          + " key's passphrase), in DIR/crl.pem, its number (the previous + 1) in DIR/crl-number.",
      "Readings are judged by the reason: after key-compromise (and every reason but superseded)"
          + " nothing received from --at on is accepted; after superseded, readings signed before"
          + " --at still are."
    })
final class RevokeCommand extends KeysSubcommand {

  /** Exactly one way to name the certificate. */
  static final class Target {
    @Option(
        names = "--serial",
        required = true,
        paramLabel = "SERIAL",
        converter = OptionConverters.Serial.class,
        description = "The certificate's serial in hex, as enroll and list print it.")
    BigInteger serial;

    @Option(
        names = "--cert",
        required = true,
        paramLabel = "FILE",
        description = "The certificate itself (PEM); it must chain to this CA.")
    Path certificate;
  }

  @Mixin CaDirectoryOption caDirectory;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(
      names = "--reason",
      paramLabel = "REASON",
      defaultValue = "unspecified",
      converter = OptionConverters.Reason.class,
      description = "key-compromise, superseded, cessation-of-operation or unspecified (default).")
  RevocationReason reason;

  @Option(
      names = "--at",
      paramLabel = "INSTANT",
      converter = OptionConverters.Time.class,
      description =
          "When the certificate stopped being trustworthy, ISO-8601, not in the future. For"
              + " key-compromise, the earliest moment the key may have leaked. Default: now.")
  Instant at;

  @Option(
      names = "--crl-days",
      paramLabel = "DAYS",
      defaultValue = "30",
      description =
          "Days until the new CRL's nextUpdate (default: ${DEFAULT-VALUE}); publish a fresh one"
              + " before then with the crl command.")
  int crlDays;

  @Mixin PassphraseOption passphraseOption;

  @Override
  int run() throws CommandFailure {
    positive("--crl-days", crlDays);
    CaDirectory ca = caDirectory.ca();
    Instant now = now();
    Instant revokedAt = at == null ? now : at;
    if (revokedAt.isAfter(now)) {
      throw CommandFailure.usage(
          "--at "
              + revokedAt
              + " is in the future; a CRL lists revocations that have happened (now is "
              + now
              + ")");
    }
    DeviceCertificate certificate = certificate(ca);
    Optional<Revocation> earlier = ca.revocations().find(certificate.serial());
    if (earlier.isPresent()) {
      throw CommandFailure.failed(
          "serial "
              + certificate.serial().toString(16)
              + " was already revoked at "
              + earlier.get().revokedAt()
              + " ("
              + RevocationLog.code(earlier.get().reason())
              + "); a revocation is final");
    }
    CertificateAuthority issuing = ca.issuing(passphrases(passphraseOption));
    Revocation revocation = new Revocation(certificate.serial(), revokedAt, reason);
    RevocationList crl = ca.revoke(issuing, revocation, now, Duration.ofDays(crlDays));
    out().println("revoked device " + certificate.deviceId() + " certificate");
    field("serial", certificate.serial().toString(16));
    field("kid", certificate.keyId().hex());
    field("revoked at", revocation.revokedAt());
    field("reason", RevocationLog.code(reason));
    crlFields(this, ca, crl);
    return KeysCommand.OK;
  }

  private DeviceCertificate certificate(CaDirectory ca) throws CommandFailure {
    if (target.serial != null) {
      return ca.issued(target.serial)
          .orElseThrow(
              () ->
                  CommandFailure.failed(
                      "no certificate with serial "
                          + target.serial.toString(16)
                          + " in "
                          + ca.file(CaDirectory.ISSUED)
                          + " (see list)"));
    }
    DeviceCertificate certificate = CaDirectory.readDeviceCertificate(target.certificate, "--cert");
    ca.requireIssuedHere(certificate, target.certificate);
    return certificate;
  }

  /** Where the CRL went, its number, size and nextUpdate. */
  static void crlFields(KeysSubcommand command, CaDirectory ca, RevocationList crl) {
    command.field("crl", ca.file(CaDirectory.CRL) + " (" + CaDirectory.summary(crl) + ")");
    command.field("log", ca.revocations().file());
  }
}
