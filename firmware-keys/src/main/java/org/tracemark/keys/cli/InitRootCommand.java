package org.tracemark.keys.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
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
    name = "init-root",
    mixinStandardHelpOptions = true,
    version = KeysCommand.VERSION,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Creates the root CA of a new CA directory: a key pair, a self-signed certificate (CA,"
          + " pathLen 1, keyCertSign and cRLSign) in DIR/root.pem, and the key, encrypted, in"
          + " DIR/root-key.pem (rw-------). Refuses if the directory already has a root.",
      "The root signs only the issuing CA (issue-intermediate); keep root-key.pem offline after."
    })
final class InitRootCommand extends KeysSubcommand {

  @Mixin CaDirectoryOption caDirectory;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "CN",
      description = "The root's common name, e.g. 'Tracemark Device Root 2026' (1-64 characters).")
  String name;

  @Mixin AlgorithmOption algorithmOption;

  @Option(
      names = "--days",
      paramLabel = "DAYS",
      defaultValue = "7300",
      description = "Validity in days from now (default: ${DEFAULT-VALUE}, 20 years).")
  int days;

  @Mixin PassphraseOption passphraseOption;

  @Override
  int run() throws CommandFailure {
    positive("--days", days);
    CaDirectory ca = caDirectory.ca();
    Path certificateFile = ca.file(CaDirectory.ROOT_CERTIFICATE);
    Path keyFile = ca.file(CaDirectory.ROOT_KEY);
    for (Path existing : new Path[] {certificateFile, keyFile}) {
      if (Files.exists(existing)) {
        throw CommandFailure.failed(
            existing + " already exists: " + ca.directory() + " has a root CA already");
      }
    }
    try (Passphrase passphrase = passphrases(passphraseOption).forNewKey(keyFile)) {
      Instant now = now();
      KeyPair keyPair = KeyPairs.generate(algorithmOption.algorithm);
      CertificateAuthority root;
      try {
        root =
            CertificateAuthority.createRoot(
                name, keyPair, now.minus(CaDirectory.BACKDATE), now.plus(Duration.ofDays(days)));
      } catch (IssuanceException e) {
        throw CommandFailure.usage("cannot create the root CA: " + e.getMessage());
      }
      OutputFiles.createDirectory(ca.directory(), true);
      PrivateKeyFile.create(keyFile, keyPair.getPrivate(), passphrase);
      OutputFiles.createNew(certificateFile, Pem.certificate(root.certificate()));
      out().println("root CA created in " + ca.directory());
      caFields(root.certificate());
      field("certificate", certificateFile);
      field("private key", keyFile + " (encrypted; keep it offline once the issuing CA exists)");
    }
    return KeysCommand.OK;
  }
}
