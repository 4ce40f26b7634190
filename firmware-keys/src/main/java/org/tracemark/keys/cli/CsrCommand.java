package org.tracemark.keys.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.DeviceCsr;
import org.tracemark.keys.pki.IssuanceException;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.signing.KeyId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "csr",
    mixinStandardHelpOptions = true,
    version = KeysCommand.VERSION,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "The device side of enrolment, for tests and for devices without the edge agent: generates"
          + " a device key, writes it encrypted to --key-out (rw-------, never overwritten) and a"
          + " PKCS#10 request for it (CN=<device>, SAN urn:tracemark:device:<device>), signed with"
          + " it, to --out. Give the request to enroll (or rotate)."
    })
final class CsrCommand extends KeysSubcommand {

  @Option(
      names = "--device",
      required = true,
      paramLabel = "ID",
      description = "The device id: 1-64 of [A-Za-z0-9._-], starting with a letter or digit.")
  String device;

  @Mixin AlgorithmOption algorithmOption;

  @Option(
      names = "--key-out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the device's private key (encrypted PKCS#8 PEM).")
  Path keyOut;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the request (PEM CERTIFICATE REQUEST).")
  Path out;

  @Mixin PassphraseOption passphraseOption;

  @Override
  int run() throws CommandFailure {
    if (!DeviceId.isValid(device)) {
      try {
        DeviceId.of(device);
      } catch (IllegalArgumentException e) {
        throw CommandFailure.usage("--device: " + e.getMessage());
      }
    }
    if (Files.exists(keyOut)) {
      throw CommandFailure.failed(
          keyOut + " already exists; a device key is never overwritten (choose another --key-out)");
    }
    try (Passphrase passphrase = passphrases(passphraseOption).forNewKey(keyOut)) {
      KeyPair keyPair = KeyPairs.generate(algorithmOption.algorithm);
      DeviceCsr csr;
      try {
        csr = DeviceCsr.create(DeviceId.of(device), keyPair);
      } catch (IssuanceException e) {
        throw CommandFailure.failed("cannot create the request: " + e.getMessage());
      }
      PrivateKeyFile.create(keyOut, keyPair.getPrivate(), passphrase);
      OutputFiles.replace(out, csr.toPem());
      out().println("certificate request for device " + device);
      field("algorithm", describe(algorithmOption.algorithm));
      field("kid", KeyId.of(keyPair.getPublic()).hex());
      field("request", out);
      field("private key", keyOut + " (encrypted)");
    }
    return KeysCommand.OK;
  }
}
