package org.tracemark.keys.reading;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SigningAlgorithm;
import org.tracemark.keys.signing.SigningKey;

/** Real keys and a key ring for reading tests. */
public final class TestDevices {

  public static final Instant VALID_FROM = Instant.parse("2025-01-01T00:00:00Z");
  public static final Instant VALID_UNTIL = Instant.parse("2030-01-01T00:00:00Z");
  public static final long TS = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();

  private TestDevices() {}

  public static KeyPair keyPair(SigningAlgorithm algorithm) {
    try {
      if (algorithm == SigningAlgorithm.ED25519) {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      }
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp256r1"));
      return ec.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static SigningKey signingKey(SigningAlgorithm algorithm) {
    try {
      return SigningKey.of(keyPair(algorithm));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static DeviceKey enrolled(String device, SigningKey key) {
    return new DeviceKey(
        DeviceId.of(device), key.publicKey(), VALID_FROM, VALID_UNTIL, Optional.empty());
  }

  /** A mutable key ring: the simplest {@link DeviceKeys}. */
  public static final class Ring implements DeviceKeys {
    private final Map<KeyId, DeviceKey> keys = new HashMap<>();

    public Ring add(DeviceKey key) {
      keys.put(key.kid(), key);
      return this;
    }

    @Override
    public Optional<DeviceKey> byKid(KeyId kid) {
      return Optional.ofNullable(keys.get(kid));
    }
  }

  public static Reading sensor(String device, long boot, long seq, double celsius) {
    TreeMap<String, Double> m = new TreeMap<>();
    m.put("temperature", celsius);
    m.put("humidity", 81.5);
    return Reading.single(
        ReadingId.of(DeviceId.of(device), boot, seq), Observation.sensor(TS, m, List.of()));
  }

  public static String topic(String device) {
    return DeviceId.of(device).readingsTopic();
  }
}
