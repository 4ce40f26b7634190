package org.tracemark.keys.reading;

import java.time.Instant;
import java.util.Optional;
import org.tracemark.keys.cose.MalformedCoseException;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.device.DeviceTopic;
import org.tracemark.keys.reading.ReadingCheck.Rejected;
import org.tracemark.keys.reading.ReadingCheck.Verified;

/**
 * The stateless part of deciding a message's outcome: rules 1–7 of the signed-reading v1 contract,
 * in order, the first failing rule deciding. The stateful rules (duplicate, stale, equivocation)
 * are ingest's.
 *
 * <p>Never throws on any input: hostile bytes are a {@link Rejected}, not an exception. Safe for
 * concurrent use if the {@link DeviceKeys} is.
 */
public final class ReadingVerifier {

  private final DeviceKeys keys;

  public ReadingVerifier(DeviceKeys keys) {
    this.keys = keys;
  }

  /**
   * Verifies one message.
   *
   * @param topic the MQTT topic it arrived on
   * @param message the MQTT payload
   * @param receivedAt when the platform received it ({@code rx})
   */
  public ReadingCheck verify(String topic, byte[] message, Instant receivedAt) {
    if (message.length > SignedReading.MAX_MESSAGE_BYTES) {
      return reject(
          QuarantineReason.OVERSIZE,
          message.length + " bytes, more than " + SignedReading.MAX_MESSAGE_BYTES,
          null);
    }
    SignedReading signed;
    try {
      signed = SignedReading.decode(message);
    } catch (MalformedCoseException e) {
      return reject(QuarantineReason.MALFORMED, e.getMessage(), null);
    }
    Reading reading = signed.reading();
    Optional<DeviceKey> found = keys.byKid(signed.envelope().header().kid());
    if (found.isEmpty()) {
      return reject(
          QuarantineReason.UNKNOWN_KID,
          "no enrolled key has kid " + signed.envelope().header().kid().hex(),
          reading);
    }
    DeviceKey key = found.get();
    if (!signed.envelope().isSignedBy(key.key())) {
      return reject(QuarantineReason.BAD_SIGNATURE, badSignature(signed, key), reading);
    }
    DeviceId dev = reading.device();
    if (!key.device().equals(dev)) {
      return reject(
          QuarantineReason.DEVICE_TOPIC_MISMATCH,
          "key " + key.kid().hex() + " is enrolled for device " + key.device() + ", not " + dev,
          reading);
    }
    Optional<Rejected> timing = checkTime(key, reading.ts(), receivedAt, reading);
    if (timing.isPresent()) {
      return timing.get();
    }
    Optional<DeviceId> topicDevice = DeviceTopic.READINGS.deviceIn(topic);
    if (topicDevice.isEmpty() || !topicDevice.get().equals(dev)) {
      return reject(
          QuarantineReason.DEVICE_TOPIC_MISMATCH,
          "payload dev " + dev + " arrived on topic " + ReadingPayload.excerpt(topic),
          reading);
    }
    return new Verified(signed, key);
  }

  private static String badSignature(SignedReading signed, DeviceKey key) {
    var header = signed.envelope().header();
    if (header.alg() != key.key().algorithm()) {
      return "header alg "
          + header.alg().coseName()
          + " but key "
          + key.kid().hex()
          + " is "
          + key.key().algorithm().coseName();
    }
    if (signed.envelope().signatureLength() != 64) {
      return "signature is " + signed.envelope().signatureLength() + " bytes, expected 64";
    }
    return "signature does not verify with key " + key.kid().hex() + " of " + key.device();
  }

  private static Optional<Rejected> checkTime(
      DeviceKey key, long ts, Instant receivedAt, Reading reading) {
    Instant signedAt = Instant.ofEpochMilli(ts);
    if (key.revocation().isPresent()) {
      KeyRevocation revocation = key.revocation().get();
      if (!revocation.rotation() && !receivedAt.isBefore(revocation.at())) {
        return Optional.of(
            reject(
                QuarantineReason.REVOKED,
                "key "
                    + key.kid().hex()
                    + " was revoked at "
                    + revocation.at()
                    + "; message received at "
                    + receivedAt,
                reading));
      }
      if (revocation.rotation() && !signedAt.isBefore(revocation.at())) {
        return Optional.of(
            reject(
                QuarantineReason.REVOKED,
                "key "
                    + key.kid().hex()
                    + " was superseded at "
                    + revocation.at()
                    + "; reading signed at "
                    + signedAt,
                reading));
      }
    }
    if (signedAt.isAfter(key.notAfter())) {
      return Optional.of(
          reject(
              QuarantineReason.REVOKED,
              "key " + key.kid().hex() + " expired at " + key.notAfter() + "; signed " + signedAt,
              reading));
    }
    if (signedAt.isBefore(key.notBefore())) {
      return Optional.of(
          reject(
              QuarantineReason.NOT_YET_VALID,
              "key " + key.kid().hex() + " valid from " + key.notBefore() + "; signed " + signedAt,
              reading));
    }
    return Optional.empty();
  }

  private static Rejected reject(QuarantineReason reason, String detail, Reading reading) {
    return new Rejected(reason, detail, Optional.ofNullable(reading));
  }
}
