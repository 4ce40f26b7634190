package org.tracemark.keys.firmware;

/**
 * Why a device refuses a firmware manifest or image; codes as in the firmware-manifest contract.
 */
public enum FirmwareRejection implements org.tracemark.keys.ReasonCode {
  MALFORMED,
  UNKNOWN_KID,
  BAD_SIGNATURE,
  WRONG_CLASS,
  /** The sequence number is not above the installed one: a downgrade or a replay. */
  ROLLBACK,
  WRONG_SIZE,
  WRONG_DIGEST;
}
