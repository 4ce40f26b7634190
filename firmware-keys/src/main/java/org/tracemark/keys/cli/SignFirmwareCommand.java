package org.tracemark.keys.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.tracemark.keys.firmware.FirmwareManifest;
import org.tracemark.keys.firmware.SignedManifest;
import org.tracemark.keys.signing.Sha256;
import org.tracemark.keys.signing.SigningKey;
import org.tracemark.keys.signing.UnsupportedKeyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "sign-firmware",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Signs a firmware manifest v1 (docs/contracts/firmware-manifest-v1.md) for an image: the"
          + " SHA-256 and size are computed from --image, the rest comes from the options. The"
          + " manifest (COSE_Sign1, CBOR) goes to --out, ready to publish retained on"
          + " tracemark/v1/devices/<dev>/firmware."
    })
final class SignFirmwareCommand extends KeysSubcommand {

  // No standard --version here: --version is the firmware's (tracemark-keys --version still works).
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "The firmware signing key (encrypted PEM), e.g. from firmware-key.")
  Path keyFile;

  @Option(
      names = "--class",
      required = true,
      paramLabel = "CLASS",
      description = "The device class the image is for: 1-64 of [A-Za-z0-9._-].")
  String deviceClass;

  @Option(
      names = "--version",
      required = true,
      paramLabel = "VERSION",
      description = "Human-readable version, 1-64 characters, e.g. 2.4.1.")
  String version;

  @Option(
      names = "--seq",
      required = true,
      paramLabel = "N",
      description =
          "Anti-rollback sequence number, strictly increasing per class: devices refuse a"
              + " manifest whose seq is not above the one installed.")
  long seq;

  @Option(
      names = "--image",
      required = true,
      paramLabel = "FILE",
      description = "The firmware image (1 byte to 2 GiB - 1).")
  Path image;

  @Option(
      names = "--uri",
      required = true,
      paramLabel = "URI",
      description = "Where devices fetch the image, 1-2048 characters.")
  String uri;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the signed manifest (binary CBOR).")
  Path out;

  @Mixin PassphraseOption passphraseOption;

  @Override
  int run() throws CommandFailure {
    byte[] digest;
    long size;
    MessageDigest sha256 = Sha256.newDigest();
    try (InputStream in = Files.newInputStream(image)) {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      int read;
      while ((read = in.read(buffer)) != -1) {
        sha256.update(buffer, 0, read);
        total += read;
      }
      size = total;
      digest = sha256.digest();
    } catch (IOException e) {
      throw CommandFailure.failed("cannot read --image " + image + ": " + InputFiles.describe(e));
    }
    FirmwareManifest manifest;
    try {
      manifest = new FirmwareManifest(deviceClass, version, seq, digest, size, uri);
    } catch (IllegalArgumentException e) {
      throw CommandFailure.usage("not a valid manifest: " + e.getMessage());
    }
    SigningKey key;
    try (Passphrase passphrase = passphrases(passphraseOption).forKey(keyFile)) {
      KeyPair keyPair = PrivateKeyFile.openKeyPair(keyFile, passphrase, "--key");
      key = SigningKey.of(keyPair);
    } catch (UnsupportedKeyException e) {
      throw CommandFailure.failed("--key " + keyFile + ": " + e.getMessage());
    }
    byte[] signed = SignedManifest.sign(manifest, key);
    OutputFiles.replace(out, signed);
    out().println("firmware manifest signed");
    field("class", manifest.deviceClass());
    field("version", manifest.version());
    field("seq", manifest.seq());
    field("size", manifest.size() + " bytes");
    field("sha256", HexFormat.of().formatHex(manifest.digest()));
    field("uri", manifest.uri());
    field("kid", key.kid().hex());
    field("algorithm", describe(key.algorithm()));
    field("manifest", out + " (" + signed.length + " bytes)");
    return KeysCommand.OK;
  }
}
