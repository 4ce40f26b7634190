package org.tracemark.ingest.broker;

import java.util.Optional;
import org.tracemark.keys.device.DeviceId;

/** Who a connected client is, decided once at CONNECT by {@link DeviceAuthenticator}. */
sealed interface BrokerPrincipal {

  /**
   * A device. {@code certified} says how it was identified: by its client certificate on the TLS
   * listener (true), or merely by its MQTT client id on plain TCP (false).
   */
  record Device(DeviceId id, boolean certified) implements BrokerPrincipal {}

  /** The platform's own client, logged in with {@link InternalCredentials}. */
  record Internal() implements BrokerPrincipal {}

  /** The form kept in HiveMQ's per-connection attribute store. */
  default String encode() {
    if (this instanceof Device device) {
      return (device.certified() ? "device-cert:" : "device-id:") + device.id().value();
    }
    return "internal";
  }

  /** The inverse of {@link #encode()}; anything else is not a principal. */
  static Optional<BrokerPrincipal> decode(String encoded) {
    if (encoded == null) {
      return Optional.empty();
    }
    if ("internal".equals(encoded)) {
      return Optional.of(new Internal());
    }
    for (boolean certified : new boolean[] {true, false}) {
      String prefix = certified ? "device-cert:" : "device-id:";
      if (encoded.startsWith(prefix) && DeviceId.isValid(encoded.substring(prefix.length()))) {
        return Optional.of(new Device(DeviceId.of(encoded.substring(prefix.length())), certified));
      }
    }
    return Optional.empty();
  }
}
