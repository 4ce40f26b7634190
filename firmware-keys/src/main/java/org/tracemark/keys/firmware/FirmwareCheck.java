package org.tracemark.keys.firmware;

/** The verdict on a manifest or an image: approved, or refused with a reason and evidence. */
public sealed interface FirmwareCheck {

  record Approved(FirmwareManifest manifest) implements FirmwareCheck {}

  record Refused(FirmwareRejection reason, String detail) implements FirmwareCheck {}

  default boolean approved() {
    return this instanceof Approved;
  }
}
