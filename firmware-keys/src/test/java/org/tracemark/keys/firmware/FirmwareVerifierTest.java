package org.tracemark.keys.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.firmware.FirmwareCheck.Approved;
import org.tracemark.keys.firmware.FirmwareCheck.Refused;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.reading.TestDevices;
import org.tracemark.keys.signing.Sha256;
import org.tracemark.keys.signing.SigningAlgorithm;
import org.tracemark.keys.signing.SigningKey;

class FirmwareVerifierTest {

  private static final byte[] IMAGE =
      "reefer logger firmware 2.4.1".getBytes(StandardCharsets.UTF_8);

  private final SigningKey vendor = TestDevices.signingKey(SigningAlgorithm.ED25519);
  private final FirmwareVerifier device =
      new FirmwareVerifier(Map.of(vendor.kid(), vendor.publicKey()));

  private static FirmwareManifest manifest(long seq) {
    return new FirmwareManifest(
        "reefer-logger-2",
        "2.4.1",
        seq,
        Sha256.digest(IMAGE),
        IMAGE.length,
        "https://firmware.example/reefer-logger-2/2.4.1.bin");
  }

  @Test
  void aNewerManifestSignedByTheVendorIsApprovedAndDecodesToWhatWasSigned() {
    byte[] signed = SignedManifest.sign(manifest(8), vendor);
    FirmwareCheck check = device.checkManifest(signed, "reefer-logger-2", 7);
    assertThat(check).isEqualTo(new Approved(manifest(8)));
    assertThat(FirmwareVerifier.checkImage(manifest(8), new ByteArrayInputStream(IMAGE)).approved())
        .isTrue();
  }

  @Test
  void theSameOrAnOlderSequenceNumberIsARollback() {
    assertRefused(
        device.checkManifest(SignedManifest.sign(manifest(7), vendor), "reefer-logger-2", 7),
        FirmwareRejection.ROLLBACK,
        "seq 7 is not above the installed 7");
    assertRefused(
        device.checkManifest(SignedManifest.sign(manifest(3), vendor), "reefer-logger-2", 7),
        FirmwareRejection.ROLLBACK,
        "seq 3");
  }

  @Test
  void aForgedOrForeignManifestIsRefused() {
    byte[] signed = SignedManifest.sign(manifest(8), vendor);
    signed[signed.length - 1] ^= 1;
    assertRefused(
        device.checkManifest(signed, "reefer-logger-2", 7), FirmwareRejection.BAD_SIGNATURE, "");
    SigningKey other = TestDevices.signingKey(SigningAlgorithm.ES256);
    assertRefused(
        device.checkManifest(SignedManifest.sign(manifest(8), other), "reefer-logger-2", 7),
        FirmwareRejection.UNKNOWN_KID,
        other.kid().hex());
    assertRefused(
        device.checkManifest(SignedManifest.sign(manifest(8), vendor), "grain-probe-1", 7),
        FirmwareRejection.WRONG_CLASS,
        "for class reefer-logger-2");
  }

  @Test
  void aSignedReadingIsNeverTakenForAManifest() {
    byte[] reading = SignedReading.sign(TestDevices.sensor("silo-7", 1, 1, 2.0), vendor).message();
    assertRefused(
        device.checkManifest(reading, "reefer-logger-2", 0),
        FirmwareRejection.MALFORMED,
        "protected header");
  }

  @Test
  void anImageThatIsNotTheOneSignedIsRefused() {
    byte[] tampered = IMAGE.clone();
    tampered[0] ^= 1;
    assertRefused(
        FirmwareVerifier.checkImage(manifest(8), new ByteArrayInputStream(tampered)),
        FirmwareRejection.WRONG_DIGEST,
        "manifest says");
    assertRefused(
        FirmwareVerifier.checkImage(
            manifest(8), new ByteArrayInputStream(java.util.Arrays.copyOf(IMAGE, 5))),
        FirmwareRejection.WRONG_SIZE,
        "5 bytes");
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 'x';
          }
        };
    assertRefused(
        FirmwareVerifier.checkImage(manifest(8), endless),
        FirmwareRejection.WRONG_SIZE,
        "more than " + IMAGE.length);
  }

  private static void assertRefused(FirmwareCheck check, FirmwareRejection reason, String detail) {
    assertThat(check).isInstanceOf(Refused.class);
    assertThat(((Refused) check).reason()).isEqualTo(reason);
    assertThat(((Refused) check).detail()).contains(detail);
  }
}
