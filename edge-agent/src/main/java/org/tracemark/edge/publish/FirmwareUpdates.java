package org.tracemark.edge.publish;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.firmware.FirmwareCheck;
import org.tracemark.keys.firmware.FirmwareRejection;
import org.tracemark.keys.firmware.FirmwareVerifier;

/**
 * The device side of the firmware topic: every manifest that arrives on {@code
 * tracemark/v1/devices/{dev}/firmware} is checked by {@link FirmwareVerifier} (trusted signer,
 * device class, no rollback), the verdict is reported on the status topic, and an approved manifest
 * is handed to the {@link FirmwareListener}.
 *
 * <p>The installed sequence number comes from the caller, who persists it after an install; it is
 * read afresh for every manifest, so a rollback is refused against what is installed now.
 *
 * <p>The firmware topic is retained, so the broker sends the current manifest again on every
 * (re)subscribe and after every agent restart. A message identical to the last one handled is not
 * checked or reported again, and a valid manifest for exactly the installed sequence number is
 * reported as {@code "current"}, not as a refused rollback.
 */
public final class FirmwareUpdates {

  private static final System.Logger LOG = System.getLogger(FirmwareUpdates.class.getName());

  private final FirmwareVerifier verifier;
  private final String deviceClass;
  private final LongSupplier installedSeq;
  private final FirmwareListener listener;

  // Only touched from the publisher's single firmware thread.
  private byte[] lastMessage;

  /**
   * @param verifier with the firmware signing keys this device trusts
   * @param deviceClass this device's class, as in manifests
   * @param installedSeq the sequence number of the installed firmware, persisted by the caller
   * @param listener receives approved manifests
   */
  public FirmwareUpdates(
      FirmwareVerifier verifier,
      String deviceClass,
      LongSupplier installedSeq,
      FirmwareListener listener) {
    if (verifier == null || deviceClass == null || installedSeq == null || listener == null) {
      throw new IllegalArgumentException(
          "firmware updates need a verifier, a device class, the installed seq and a listener");
    }
    this.verifier = verifier;
    this.deviceClass = deviceClass;
    this.installedSeq = installedSeq;
    this.listener = listener;
  }

  /** The verdict on one manifest message against the currently installed sequence number. */
  public FirmwareCheck check(byte[] message) {
    return verifier.checkManifest(message, deviceClass, installedSeq.getAsLong());
  }

  /**
   * Checks {@code message}, sends the status JSON to {@code status}, then, if approved, calls the
   * listener. Repeats of the last message (retained redelivery) are skipped.
   *
   * @return the verdict, or null for a skipped repeat
   */
  FirmwareCheck handle(byte[] message, DeviceId device, Consumer<byte[]> status) {
    if (Arrays.equals(message, lastMessage)) {
      return null;
    }
    lastMessage = message.clone();
    long installed = installedSeq.getAsLong();
    FirmwareCheck verdict = verifier.checkManifest(message, deviceClass, installed);
    if (verdict instanceof FirmwareCheck.Approved approved) {
      LOG.log(Level.INFO, "firmware manifest approved: {0}", approved.manifest());
      status.accept(StatusMessages.firmware(device, verdict, installed));
      try {
        listener.approved(approved.manifest());
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "firmware listener failed on " + approved.manifest(), e);
      }
      return verdict;
    }
    FirmwareCheck.Refused refused = (FirmwareCheck.Refused) verdict;
    if (refused.reason() == FirmwareRejection.ROLLBACK && isInstalled(message, installed)) {
      LOG.log(Level.DEBUG, "firmware manifest for the installed seq {0}", installed);
      status.accept(StatusMessages.firmwareCurrent(device, installed));
      return verdict;
    }
    LOG.log(
        Level.WARNING,
        "firmware manifest refused ({0}): {1}",
        refused.reason().code(),
        refused.detail());
    status.accept(StatusMessages.firmware(device, verdict, installed));
    return verdict;
  }

  // A rollback refusal for a manifest that is valid against installed - 1 has exactly the
  // installed seq: it describes what is running, typically the retained manifest after an install.
  private boolean isInstalled(byte[] message, long installed) {
    return installed != Long.MIN_VALUE
        && verifier.checkManifest(message, deviceClass, installed - 1)
            instanceof FirmwareCheck.Approved approved
        && approved.manifest().seq() == installed;
  }
}
