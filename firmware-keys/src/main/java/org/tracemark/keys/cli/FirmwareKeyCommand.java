package org.tracemark.keys.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.signing.KeyId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "firmware-key",
    mixinStandardHelpOptions = true,
    version = KeysCommand.VERSION,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Generates a firmware signing key (firmware keys are not device keys and have no"
          + " certificate): the private key, encrypted, to --key-out (rw-------, never"
          + " overwritten) for sign-firmware, and the public key (PEM PUBLIC KEY) to --public-out"
          + " for devices and verify-firmware --trusted-key."
    })
final class FirmwareKeyCommand extends KeysSubcommand {

  @Mixin AlgorithmOption algorithmOption;

  @Option(
      names = "--key-out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the private key (encrypted PKCS#8 PEM).")
  Path keyOut;

  @Option(
      names = "--public-out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the public key (PEM PUBLIC KEY).")
  Path publicOut;

  @Mixin PassphraseOption passphraseOption;

  @Override
  int run() throws CommandFailure {
    if (Files.exists(keyOut)) {
      throw CommandFailure.failed(
          keyOut
              + " already exists; a signing key is never overwritten (choose another --key-out)");
    }
    try (Passphrase passphrase = passphrases(passphraseOption).forNewKey(keyOut)) {
      KeyPair keyPair = KeyPairs.generate(algorithmOption.algorithm);
      PrivateKeyFile.create(keyOut, keyPair.getPrivate(), passphrase);
      OutputFiles.replace(publicOut, PublicKeyFile.toPem(keyPair.getPublic()));
      out().println("firmware signing key created");
      field("algorithm", describe(algorithmOption.algorithm));
      field("kid", KeyId.of(keyPair.getPublic()).hex());
      field("public key", publicOut);
      field("private key", keyOut + " (encrypted)");
    }
    return KeysCommand.OK;
  }
}
