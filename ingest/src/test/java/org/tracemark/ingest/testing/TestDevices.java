package org.tracemark.ingest.testing;

import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.DeviceKey;
import org.tracemark.keys.reading.DeviceKeys;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SigningKey;

/** Devices with Ed25519 keys, enrolled in a key ring the verifier reads; signs their readings. */
public final class TestDevices implements DeviceKeys {

  public static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private final Map<KeyId, DeviceKey> ring = new ConcurrentHashMap<>();
  private final Map<String, SigningKey> keys = new ConcurrentHashMap<>();

  @Override
  public Optional<DeviceKey> byKid(KeyId kid) {
    return Optional.ofNullable(ring.get(kid));
  }

  public SigningKey key(String device) {
    return keys.computeIfAbsent(
        device,
        d -> {
          try {
            SigningKey key =
                SigningKey.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
            ring.put(
                key.kid(),
                new DeviceKey(
                    DeviceId.of(d),
                    key.publicKey(),
                    NOW.minusSeconds(86_400 * 365L),
                    NOW.plusSeconds(86_400 * 365L * 10),
                    Optional.empty()));
            return key;
          } catch (java.security.GeneralSecurityException
              | org.tracemark.keys.signing.UnsupportedKeyException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** A signed single sensor reading. */
  public byte[] reading(String device, long boot, long seq, double temperature) {
    return SignedReading.sign(
            Reading.single(
                ReadingId.of(DeviceId.of(device), boot, seq),
                Observation.sensor(
                    NOW.toEpochMilli() + seq, Map.of("temperature", temperature), List.of())),
            key(device))
        .message();
  }

  /** A signed batch of {@code n} sensor readings from {@code seq}. */
  public byte[] batch(String device, long boot, long seq, int n) {
    List<Observation> observations =
        java.util.stream.IntStream.range(0, n)
            .mapToObj(
                i ->
                    Observation.sensor(
                        NOW.toEpochMilli() + i, Map.of("temperature", 3.0 + i / 10.0), List.of()))
            .toList();
    return SignedReading.sign(
            Reading.batch(
                ReadingId.of(DeviceId.of(device), boot, seq), NOW.toEpochMilli(), observations),
            key(device))
        .message();
  }

  public static String topic(String device) {
    return DeviceId.of(device).readingsTopic();
  }
}
