package org.tracemark.keys.cli;

import java.time.Duration;
import org.tracemark.keys.pki.CertificateAuthority;
import org.tracemark.keys.pki.RevocationList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "crl",
    mixinStandardHelpOptions = true,
    version = KeysCommand.VERSION,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Publishes a fresh CRL of everything in DIR/revocations.txt, with the next number and a new"
          + " nextUpdate, in DIR/crl.pem. Run it before the current CRL's nextUpdate: relying"
          + " parties treat a CRL past it as stale. Needs the issuing CA key's passphrase."
    })
final class CrlCommand extends KeysSubcommand {

  @Mixin CaDirectoryOption caDirectory;

  @Option(
      names = "--crl-days",
      paramLabel = "DAYS",
      defaultValue = "30",
      description = "Days until the CRL's nextUpdate (default: ${DEFAULT-VALUE}).")
  int crlDays;

  @Mixin PassphraseOption passphraseOption;

  @Override
  int run() throws CommandFailure {
    positive("--crl-days", crlDays);
    CaDirectory ca = caDirectory.ca();
    CertificateAuthority issuing = ca.issuing(passphrases(passphraseOption));
    RevocationList crl = ca.reissueCrl(issuing, now(), Duration.ofDays(crlDays));
    out().println("CRL published");
    RevokeCommand.crlFields(this, ca, crl);
    return KeysCommand.OK;
  }
}
