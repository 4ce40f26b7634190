package org.tracemark.keys.reading;

import java.util.Optional;
import org.tracemark.keys.signing.KeyId;

/**
 * Where a verifier finds the key a message names. Must return every key ever enrolled, revoked ones
 * included: a revoked key is a {@code revoked} outcome, an absent one {@code unknown-kid}.
 *
 * <p>Called on the hot path for every message; implementations cache.
 */
@FunctionalInterface
public interface DeviceKeys {

  Optional<DeviceKey> byKid(KeyId kid);
}
