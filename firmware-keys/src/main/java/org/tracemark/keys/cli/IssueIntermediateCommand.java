package org.tracemark.keys.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.tracemark.keys.pki.CertificateAuthority;
import org.tracemark.keys.pki.IssuanceException;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.pki.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "issue-intermediate",
    mixinStandardHelpOptions = true,
    version = KeysCommand.VERSION,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Creates the issuing CA: a key pair and an intermediate certificate (CA, pathLen 0) signed"
          + " by the root, in DIR/issuing.pem and DIR/issuing-key.pem (encrypted, rw-------)."
          + " Needs the root key's passphrase. The issuing CA signs device certificates and CRLs.",
      "The new key is encrypted with the root key's passphrase unless --new-passphrase-file is"
          + " given. Refuses if DIR already has an issuing CA."
    })
final class IssueIntermediateCommand extends KeysSubcommand {

  @Mixin CaDirectoryOption caDirectory;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "CN",
      description = "The issuing CA's common name, e.g. 'Tracemark Devices 1' (1-64 characters).")
  String name;

  @Mixin AlgorithmOption algorithmOption;

  @Option(
      names = "--days",
      paramLabel = "DAYS",
      defaultValue = "3650",
      description =
          "Validity in days from now (default: ${DEFAULT-VALUE}); must end within the root's.")
  int days;

  @Mixin PassphraseOption passphraseOption;

  @Option(
      names = "--new-passphrase-file",
      paramLabel = "FILE",
      description =
          "Encrypt the issuing CA key with the passphrase in the first line of FILE instead of"
              + " the root key's.")
  Path newPassphraseFile;

  @Override
  int run() throws CommandFailure {
    positive("--days", days);
    CaDirectory ca = caDirectory.ca();
    Path certificateFile = ca.file(CaDirectory.ISSUING_CERTIFICATE);
    Path keyFile = ca.file(CaDirectory.ISSUING_KEY);
    for (Path existing : new Path[] {certificateFile, keyFile}) {
      if (Files.exists(existing)) {
        throw CommandFailure.failed(
            existing + " already exists: " + ca.directory() + " has an issuing CA already");
      }
    }
    X509Certificate rootCertificate = ca.rootCertificate();
    Path rootKey = ca.existingKey(CaDirectory.ROOT_KEY, "root CA key");
    try (Passphrase rootPassphrase = passphrases(passphraseOption).forKey(rootKey)) {
      CertificateAuthority root = ca.root(rootPassphrase);
      Instant now = now();
      KeyPair keyPair = KeyPairs.generate(algorithmOption.algorithm);
      X509Certificate issuing;
      try {
        issuing =
            root.issueIntermediate(
                name,
                keyPair.getPublic(),
                CaDirectory.notBefore(now, rootCertificate),
                now.plus(Duration.ofDays(days)));
      } catch (IssuanceException e) {
        throw CommandFailure.failed(
            "cannot issue the intermediate: "
                + e.getMessage()
                + (e.reason() == IssuanceException.Reason.OUTSIDE_ISSUER_VALIDITY
                    ? " (give a smaller --days)"
                    : ""));
      }
      if (newPassphraseFile == null) {
        PrivateKeyFile.create(keyFile, keyPair.getPrivate(), rootPassphrase);
      } else {
        try (Passphrase own =
            new Passphrase(
                PassphraseSource.readFile(newPassphraseFile),
                "--new-passphrase-file " + newPassphraseFile)) {
          PrivateKeyFile.create(keyFile, keyPair.getPrivate(), own);
        }
      }
      OutputFiles.createNew(certificateFile, Pem.certificate(issuing));
      out().println("issuing CA created in " + ca.directory());
      caFields(issuing);
      field("issuer", issuing.getIssuerX500Principal().getName());
      field("certificate", certificateFile);
      field("private key", keyFile + " (encrypted)");
    }
    return KeysCommand.OK;
  }
}
