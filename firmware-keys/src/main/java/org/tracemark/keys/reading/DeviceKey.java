package org.tracemark.keys.reading;

import java.time.Instant;
import java.util.Optional;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SignatureKey;

/**
 * An enrolled device key as reading verification sees it: the device it belongs to, the key, the
 * validity window of its certificate and its revocation, if any (contract rule 6).
 */
public record DeviceKey(
    DeviceId device,
    SignatureKey key,
    Instant notBefore,
    Instant notAfter,
    Optional<KeyRevocation> revocation) {

  public DeviceKey {
    if (device == null || key == null || notBefore == null || notAfter == null) {
      throw new IllegalArgumentException("a device key needs a device, a key and a validity");
    }
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("notAfter " + notAfter + " is not after " + notBefore);
    }
    if (revocation == null) {
      throw new IllegalArgumentException("revocation must be an Optional");
    }
  }

  public KeyId kid() {
    return key.kid();
  }

  /** The same key, revoked. */
  public DeviceKey revoked(KeyRevocation revocation) {
    return new DeviceKey(device, key, notBefore, notAfter, Optional.of(revocation));
  }
}
