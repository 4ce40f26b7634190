package org.tracemark.keys.firmware;

/**
 * Why a device refuses a firmware manifest or image; codes as in the firmware-manifest contract.
 */
public enum FirmwareRejection {
  MALFORMED("malformed"),
  UNKNOWN_KID("unknown-kid"),
  BAD_SIGNATURE("bad-signature"),
  WRONG_CLASS("wrong-class"),
  /** The sequence number is not above the installed one: a downgrade or a replay. */
  ROLLBACK("rollback"),
  WRONG_SIZE("wrong-size"),
  WRONG_DIGEST("wrong-digest");

  private final String code;

  FirmwareRejection(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  @Override
  public String toString() {
    return code;
  }
}
