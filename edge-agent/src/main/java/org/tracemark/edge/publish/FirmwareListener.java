package org.tracemark.edge.publish;

import org.tracemark.keys.firmware.FirmwareManifest;

/**
 * What the agent does with a firmware manifest that passed the checks of {@link
 * org.tracemark.keys.firmware.FirmwareVerifier#checkManifest}: download the image from {@link
 * FirmwareManifest#uri()}, check it with {@link
 * org.tracemark.keys.firmware.FirmwareVerifier#checkImage}, install it, and persist its {@link
 * FirmwareManifest#seq()} as the new installed sequence number.
 *
 * <p>Called on the publisher's firmware thread, one manifest at a time; it may block (a download),
 * which delays only later manifests, never the readings.
 */
@FunctionalInterface
public interface FirmwareListener {

  void approved(FirmwareManifest manifest);
}
