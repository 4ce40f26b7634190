package org.tracemark.keys.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tracemark.keys.firmware.FirmwareCheck;
import org.tracemark.keys.firmware.FirmwareManifest;
import org.tracemark.keys.firmware.FirmwareVerifier;
import org.tracemark.keys.firmware.SignedManifest;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SignatureKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "verify-firmware",
    mixinStandardHelpOptions = true,
    version = KeysCommand.VERSION,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Runs a device's firmware check on a signed manifest: well-formed, signed by a trusted key,"
          + " for this device class, seq above the installed one, and with --image, the image's"
          + " size and SHA-256 (rules 1-6 of the firmware-manifest contract, the first failing"
          + " rule deciding).",
      "The last line is 'approved: <manifest>' or 'refused: <reason code>: <detail>'."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:approved", "1:refused, or a file could not be read", "2:usage error"})
final class VerifyFirmwareCommand extends KeysSubcommand {

  @Option(
      names = "--manifest",
      required = true,
      paramLabel = "FILE",
      description = "The signed manifest (binary CBOR), e.g. from sign-firmware.")
  Path manifestFile;

  @Option(
      names = "--trusted-key",
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description =
          "A firmware key the device trusts: PEM PUBLIC KEY (from firmware-key) or a PEM"
              + " CERTIFICATE. Repeat, or list several.")
  List<Path> trustedKeyFiles;

  @Option(
      names = "--class",
      required = true,
      paramLabel = "CLASS",
      description = "The device's class.")
  String deviceClass;

  @Option(
      names = "--installed-seq",
      required = true,
      paramLabel = "N",
      description = "The seq of the manifest installed now; only a higher one is approved.")
  long installedSeq;

  @Option(
      names = "--image",
      paramLabel = "FILE",
      description = "The downloaded image, to check its size and SHA-256 against the manifest.")
  Path image;

  @Override
  int run() throws CommandFailure {
    Map<KeyId, SignatureKey> trusted = new LinkedHashMap<>();
    for (Path file : trustedKeyFiles) {
      SignatureKey key = PublicKeyFile.read(file, "--trusted-key");
      trusted.put(key.kid(), key);
      field("trusted", file + ": kid " + key.kid().hex() + ", " + describe(key.algorithm()));
    }
    // One byte over the limit is enough for the verifier to say "over 8,192 bytes".
    byte[] message =
        InputFiles.bytes(manifestFile, "--manifest", SignedManifest.MAX_MESSAGE_BYTES + 1);
    field("manifest", manifestFile + " (" + message.length + " bytes)");
    FirmwareCheck check =
        new FirmwareVerifier(trusted).checkManifest(message, deviceClass, installedSeq);
    if (check instanceof FirmwareCheck.Approved approved && image != null) {
      check = checkImage(approved.manifest());
    }
    return verdict(check);
  }

  private FirmwareCheck checkImage(FirmwareManifest manifest) throws CommandFailure {
    try (InputStream in = Files.newInputStream(image)) {
      return FirmwareVerifier.checkImage(manifest, in);
    } catch (IOException e) {
      throw CommandFailure.failed("cannot read --image " + image + ": " + InputFiles.describe(e));
    }
  }

  private int verdict(FirmwareCheck check) {
    if (check instanceof FirmwareCheck.Refused refused) {
      out().println("refused: " + refused.reason().code() + ": " + printable(refused.detail()));
      return KeysCommand.FAILED;
    }
    FirmwareManifest manifest = ((FirmwareCheck.Approved) check).manifest();
    out()
        .println(
            "approved: "
                + printable(manifest.toString())
                + (image == null ? "; image not checked (give --image)" : "; image matches"));
    return KeysCommand.OK;
  }
}
