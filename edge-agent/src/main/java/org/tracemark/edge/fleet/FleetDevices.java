package org.tracemark.edge.fleet;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.signing.SigningKey;

/**
 * The virtual devices of a fleet: {@code fleet-0 … fleet-(n-1)}, each with an Ed25519 key derived
 * from the seed, so that the same seed gives the same keys in another process (to enrol the fleet
 * with a platform, or to check what it sent).
 */
public final class FleetDevices {

  /** One virtual device. */
  public record Device(DeviceId id, SigningKey key) {}

  private FleetDevices() {}

  public static List<Device> create(int count, long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed); // before first use: the generator is then deterministic
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(255, random);
      List<Device> devices = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        devices.add(
            new Device(DeviceId.of("fleet-" + i), SigningKey.of(generator.generateKeyPair())));
      }
      return devices;
    } catch (GeneralSecurityException | org.tracemark.keys.signing.UnsupportedKeyException e) {
      throw new IllegalStateException("the JDK cannot make Ed25519 keys", e);
    }
  }
}
