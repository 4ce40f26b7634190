package org.tracemark.keys.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tracemark.keys.cli.TestCli.ok;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.keys.cli.TestCli.Run;
import org.tracemark.keys.signing.Sha256;

class FirmwareCommandsTest {

  private static final byte[] IMAGE =
      "reefer logger firmware 2.4.1, not really".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private TestCli cli;
  private Path image;
  private Path manifest;

  @BeforeEach
  void signedManifest() throws Exception {
    cli = new TestCli(dir);
    image = cli.path("image.bin");
    Files.write(image, IMAGE);
    manifest = cli.path("manifest.cbor");
    Run key =
        ok(
            cli.runWithPassphrase(
                "firmware-key",
                "--algorithm",
                "es256",
                "--key-out",
                cli.path("fw-key.pem").toString(),
                "--public-out",
                cli.path("fw.pub").toString()));
    Run signed =
        ok(
            cli.runWithPassphrase(
                "sign-firmware",
                "--key",
                cli.path("fw-key.pem").toString(),
                "--class",
                "reefer-logger-2",
                "--version",
                "2.4.1",
                "--seq",
                "8",
                "--image",
                image.toString(),
                "--uri",
                "https://firmware.example/reefer-logger-2/2.4.1.bin",
                "--out",
                manifest.toString()));
    assertThat(signed.field("sha256")).isEqualTo(HexFormat.of().formatHex(Sha256.digest(IMAGE)));
    assertThat(signed.field("size")).isEqualTo(IMAGE.length + " bytes");
    // The kid sign-firmware signs under is the key firmware-key made, recomputed from the file.
    assertThat(signed.field("kid")).isEqualTo(key.field("kid"));
  }

  private Run verify(String installedSeq, Path withImage) {
    return TestCli.run(
        "verify-firmware",
        "--manifest",
        manifest.toString(),
        "--trusted-key",
        cli.path("fw.pub").toString(),
        "--class",
        "reefer-logger-2",
        "--installed-seq",
        installedSeq,
        "--image",
        withImage.toString());
  }

  @Test
  void aNewerManifestWithItsImageIsApproved() {
    Run approved = verify("7", image);

    assertThat(approved.exit()).isZero();
    assertThat(approved.lastLine())
        .isEqualTo(
            "approved: reefer-logger-2 2.4.1 (seq 8, "
                + IMAGE.length
                + " bytes, sha256 "
                + HexFormat.of().formatHex(Sha256.digest(IMAGE))
                + ") at https://firmware.example/reefer-logger-2/2.4.1.bin; image matches");
  }

  @Test
  void theSameOrAnOlderSequenceIsARollback() {
    Run replay = verify("8", image);

    assertThat(replay.exit()).isEqualTo(1);
    assertThat(replay.lastLine())
        .isEqualTo("refused: rollback: manifest seq 8 is not above the installed 8");
  }

  @Test
  void anImageThatIsNotTheSignedOneIsRefused() throws Exception {
    byte[] tampered = IMAGE.clone();
    tampered[0] ^= 1;
    Path sameSize = cli.path("tampered.bin");
    Files.write(sameSize, tampered);
    Path shorter = cli.path("truncated.bin");
    Files.write(shorter, java.util.Arrays.copyOf(IMAGE, 10));

    Run wrongDigest = verify("7", sameSize);
    Run wrongSize = verify("7", shorter);

    assertThat(wrongDigest.exit()).isEqualTo(1);
    assertThat(wrongDigest.lastLine()).startsWith("refused: wrong-digest: image sha256 ");
    assertThat(wrongSize.exit()).isEqualTo(1);
    assertThat(wrongSize.lastLine())
        .isEqualTo("refused: wrong-size: image is 10 bytes, manifest says " + IMAGE.length);
  }

  @Test
  void aKeyTheDeviceDoesNotTrustIsAnUnknownKid() {
    ok(
        cli.runWithPassphrase(
            "firmware-key",
            "--key-out",
            cli.path("other-key.pem").toString(),
            "--public-out",
            cli.path("other.pub").toString()));

    Run refused =
        TestCli.run(
            "verify-firmware",
            "--manifest",
            manifest.toString(),
            "--trusted-key",
            cli.path("other.pub").toString(),
            "--class",
            "reefer-logger-2",
            "--installed-seq",
            "0");

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.lastLine()).startsWith("refused: unknown-kid: kid ");
  }

  @Test
  void signingWithTheWrongPassphraseFailsClearly() throws Exception {
    Path wrong = cli.path("wrong.txt");
    Files.writeString(wrong, "guess\n");

    Run refused =
        TestCli.run(
            "sign-firmware",
            "--key",
            cli.path("fw-key.pem").toString(),
            "--class",
            "c",
            "--version",
            "1",
            "--seq",
            "9",
            "--image",
            image.toString(),
            "--uri",
            "u",
            "--out",
            cli.path("other.cbor").toString(),
            "--passphrase-file",
            wrong.toString());

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith(
            "tracemark-keys: cannot open --key " + cli.path("fw-key.pem") + ": wrong-passphrase: ");
    assertThat(cli.path("other.cbor")).doesNotExist();
  }
}
