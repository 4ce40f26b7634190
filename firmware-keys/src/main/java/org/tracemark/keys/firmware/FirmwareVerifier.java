package org.tracemark.keys.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.tracemark.keys.cose.CoseSign1;
import org.tracemark.keys.cose.MalformedCoseException;
import org.tracemark.keys.firmware.FirmwareCheck.Approved;
import org.tracemark.keys.firmware.FirmwareCheck.Refused;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.Sha256;
import org.tracemark.keys.signing.SignatureKey;

/**
 * What a device runs before installing firmware: the six rules of the firmware-manifest contract,
 * the first failing one deciding. Never throws on a hostile manifest or image.
 */
public final class FirmwareVerifier {

  private final Map<KeyId, SignatureKey> trusted;

  /**
   * @param trusted the firmware signing keys this device accepts, by kid
   */
  public FirmwareVerifier(Map<KeyId, SignatureKey> trusted) {
    this.trusted = Map.copyOf(trusted);
  }

  /**
   * Rules 1–5: the manifest is well-formed, signed by a trusted key, for this device class, and
   * newer than what is installed.
   */
  public FirmwareCheck checkManifest(byte[] message, String deviceClass, long installedSeq) {
    if (message.length > SignedManifest.MAX_MESSAGE_BYTES) {
      return new Refused(
          FirmwareRejection.MALFORMED,
          message.length + " bytes, more than " + SignedManifest.MAX_MESSAGE_BYTES);
    }
    CoseSign1 envelope;
    FirmwareManifest manifest;
    try {
      envelope = SignedManifest.envelope(message);
      manifest = SignedManifest.payload(envelope.payload());
    } catch (MalformedCoseException e) {
      return new Refused(FirmwareRejection.MALFORMED, e.getMessage());
    }
    KeyId kid = envelope.header().kid();
    SignatureKey key = trusted.get(kid);
    if (key == null) {
      return new Refused(FirmwareRejection.UNKNOWN_KID, "kid " + kid.hex() + " is not trusted");
    }
    if (!envelope.isSignedBy(key)) {
      return new Refused(
          FirmwareRejection.BAD_SIGNATURE, "signature does not verify with key " + kid.hex());
    }
    if (!manifest.deviceClass().equals(deviceClass)) {
      return new Refused(
          FirmwareRejection.WRONG_CLASS,
          "manifest is for class " + manifest.deviceClass() + ", this device is " + deviceClass);
    }
    if (manifest.seq() <= installedSeq) {
      return new Refused(
          FirmwareRejection.ROLLBACK,
          "manifest seq " + manifest.seq() + " is not above the installed " + installedSeq);
    }
    return new Approved(manifest);
  }

  /**
   * Rule 6: the downloaded image has the manifest's size and SHA-256. Reads at most {@code size +
   * 1} bytes, so an endless stream cannot keep the device busy.
   */
  public static FirmwareCheck checkImage(FirmwareManifest manifest, InputStream image) {
    MessageDigest sha256 = Sha256.newDigest();
    byte[] buffer = new byte[8192];
    long total = 0;
    try {
      int read;
      while (total <= manifest.size() && (read = image.read(buffer)) != -1) {
        sha256.update(buffer, 0, read);
        total += read;
      }
    } catch (IOException e) {
      return new Refused(
          FirmwareRejection.WRONG_SIZE, "image unreadable after " + total + " bytes");
    }
    if (total != manifest.size()) {
      return new Refused(
          FirmwareRejection.WRONG_SIZE,
          "image is "
              + (total > manifest.size() ? "more than " + manifest.size() : total)
              + " bytes, manifest says "
              + manifest.size());
    }
    byte[] digest = sha256.digest();
    if (!MessageDigest.isEqual(digest, manifest.digest())) {
      return new Refused(
          FirmwareRejection.WRONG_DIGEST,
          "image sha256 "
              + HexFormat.of().formatHex(digest)
              + ", manifest says "
              + HexFormat.of().formatHex(manifest.digest()));
    }
    return new Approved(manifest);
  }
}
