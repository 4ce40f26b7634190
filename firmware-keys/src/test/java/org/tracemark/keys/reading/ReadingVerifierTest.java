package org.tracemark.keys.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tracemark.keys.reading.TestDevices.TS;
import static org.tracemark.keys.reading.TestDevices.enrolled;
import static org.tracemark.keys.reading.TestDevices.sensor;
import static org.tracemark.keys.reading.TestDevices.signingKey;
import static org.tracemark.keys.reading.TestDevices.topic;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.ReadingCheck.Rejected;
import org.tracemark.keys.reading.ReadingCheck.Verified;
import org.tracemark.keys.signing.SigningAlgorithm;
import org.tracemark.keys.signing.SigningKey;

class ReadingVerifierTest {

  private static final Instant RX = Instant.ofEpochMilli(TS).plusSeconds(2);

  private final SigningKey silo = signingKey(SigningAlgorithm.ED25519);
  private final SigningKey boat = signingKey(SigningAlgorithm.ES256);
  private final TestDevices.Ring ring =
      new TestDevices.Ring().add(enrolled("silo-7", silo)).add(enrolled("boat-3", boat));
  private final ReadingVerifier verifier = new ReadingVerifier(ring);

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void aReadingSignedByTheDevicesEnrolledKeyIsVerified(SigningAlgorithm algorithm) {
    SigningKey key = signingKey(algorithm);
    ring.add(enrolled("reefer-1", key));
    SignedReading signed = SignedReading.sign(sensor("reefer-1", 2, 0, -18.5), key);

    ReadingCheck check = verifier.verify(topic("reefer-1"), signed.message(), RX);

    assertThat(check).isInstanceOf(Verified.class);
    Verified verified = (Verified) check;
    assertThat(verified.reading().reading()).isEqualTo(signed.reading());
    assertThat(verified.key().kid()).isEqualTo(key.kid());
    assertThat(verified.reading().message()).isEqualTo(signed.message());
  }

  @Test
  void es256SignaturesAreDeterministicAndEd25519OnesToo() {
    Reading reading = sensor("boat-3", 1, 5, 2.0);
    assertThat(SignedReading.sign(reading, boat).message())
        .isEqualTo(SignedReading.sign(reading, boat).message());
    assertThat(SignedReading.sign(reading, silo).message())
        .isEqualTo(SignedReading.sign(reading, silo).message());
  }

  @Test
  void overSixtyKibIsOversizeBeforeAnyParsing() {
    byte[] big = new byte[SignedReading.MAX_MESSAGE_BYTES + 1];
    assertRejected(verifier.verify(topic("silo-7"), big, RX), QuarantineReason.OVERSIZE, "61441");
    byte[] justRight = new byte[SignedReading.MAX_MESSAGE_BYTES];
    assertRejected(verifier.verify(topic("silo-7"), justRight, RX), QuarantineReason.MALFORMED, "");
  }

  @Test
  void garbageAndTruncationAreMalformed() {
    byte[] message = SignedReading.sign(sensor("silo-7", 1, 1, 3.0), silo).message();
    for (int cut = 0; cut < message.length; cut += 7) {
      byte[] truncated = java.util.Arrays.copyOf(message, cut);
      assertRejected(
          verifier.verify(topic("silo-7"), truncated, RX), QuarantineReason.MALFORMED, "");
    }
    byte[] trailing = java.util.Arrays.copyOf(message, message.length + 1);
    assertRejected(
        verifier.verify(topic("silo-7"), trailing, RX), QuarantineReason.MALFORMED, "CBOR");
  }

  @Test
  void aKeyNobodyEnrolledIsUnknownKid() {
    SigningKey stranger = signingKey(SigningAlgorithm.ED25519);
    byte[] message = SignedReading.sign(sensor("silo-7", 1, 1, 3.0), stranger).message();
    Rejected rejected =
        assertRejected(
            verifier.verify(topic("silo-7"), message, RX),
            QuarantineReason.UNKNOWN_KID,
            stranger.kid().hex());
    assertThat(rejected.reading())
        .map(Reading::first)
        .contains(ReadingId.of(DeviceId.of("silo-7"), 1, 1));
  }

  @Test
  void oneFlippedBitAnywhereInTheSignatureIsABadSignature() {
    byte[] message = SignedReading.sign(sensor("silo-7", 1, 1, 3.0), silo).message();
    for (int bit = 0; bit < 64 * 8; bit += 13) {
      byte[] forged = message.clone();
      forged[forged.length - 64 + bit / 8] ^= (byte) (1 << (bit % 8));
      assertRejected(
          verifier.verify(topic("silo-7"), forged, RX), QuarantineReason.BAD_SIGNATURE, "silo-7");
    }
  }

  @Test
  void aChangedPayloadIsABadSignature() {
    Reading honest = sensor("silo-7", 1, 1, 3.0);
    byte[] message = SignedReading.sign(honest, silo).message();
    byte[] forged = message.clone();
    // 3.0 is the half float f9 4200; make it 4.0 (f9 4400) without re-signing.
    int at = indexOf(forged, new byte[] {(byte) 0xf9, 0x42, 0x00});
    forged[at + 1] = 0x44;
    assertRejected(
        verifier.verify(topic("silo-7"), forged, RX), QuarantineReason.BAD_SIGNATURE, "");
  }

  @Test
  void anotherDevicesKeyCannotSignForThisDevice() {
    byte[] message = SignedReading.sign(sensor("silo-7", 1, 1, 3.0), boat).message();
    assertRejected(
        verifier.verify(topic("silo-7"), message, RX),
        QuarantineReason.DEVICE_TOPIC_MISMATCH,
        "enrolled for device boat-3, not silo-7");
  }

  @Test
  void aReadingOnAnotherDevicesTopicIsAMismatch() {
    byte[] message = SignedReading.sign(sensor("silo-7", 1, 1, 3.0), silo).message();
    assertRejected(
        verifier.verify(topic("boat-3"), message, RX),
        QuarantineReason.DEVICE_TOPIC_MISMATCH,
        "arrived on topic tracemark/v1/devices/boat-3/readings");
    assertRejected(
        verifier.verify("tracemark/v1/devices/silo-7/status", message, RX),
        QuarantineReason.DEVICE_TOPIC_MISMATCH,
        "");
  }

  @Test
  void aCompromisedKeyIsRefusedForEverythingReceivedAfterRevocationWhateverItsTimestamp() {
    Instant revokedAt = RX.minusSeconds(1);
    ring.add(enrolled("silo-7", silo).revoked(new KeyRevocation(revokedAt, false)));
    byte[] backdated = SignedReading.sign(sensor("silo-7", 1, 1, 3.0), silo).message();
    assertRejected(
        verifier.verify(topic("silo-7"), backdated, RX), QuarantineReason.REVOKED, "revoked at");
    assertThat(verifier.verify(topic("silo-7"), backdated, revokedAt.minusMillis(1)).verified())
        .isTrue();
  }

  @Test
  void aRotatedKeyStillVerifiesWhatItSignedBeforeTheRotation() {
    Instant rotatedAt = Instant.ofEpochMilli(TS).plusSeconds(60);
    ring.add(enrolled("silo-7", silo).revoked(new KeyRevocation(rotatedAt, true)));
    byte[] before = SignedReading.sign(sensor("silo-7", 1, 1, 3.0), silo).message();
    Instant muchLater = rotatedAt.plus(Duration.ofHours(6)); // delivered from the agent's buffer
    assertThat(verifier.verify(topic("silo-7"), before, muchLater).verified()).isTrue();

    Reading after =
        Reading.single(
            ReadingId.of(DeviceId.of("silo-7"), 1, 2),
            Observation.sensor(
                rotatedAt.toEpochMilli(), java.util.Map.of("mass", 1.0), java.util.List.of()));
    assertRejected(
        verifier.verify(topic("silo-7"), SignedReading.sign(after, silo).message(), muchLater),
        QuarantineReason.REVOKED,
        "superseded at");
  }

  @Test
  void readingsOutsideTheCertificateWindowAreRefused() {
    SigningKey key = signingKey(SigningAlgorithm.ED25519);
    Instant from = Instant.ofEpochMilli(TS).plusSeconds(1);
    ring.add(
        new DeviceKey(
            DeviceId.of("new-1"), key.publicKey(), from, from.plusSeconds(60), Optional.empty()));
    byte[] early = SignedReading.sign(sensor("new-1", 1, 0, 3.0), key).message();
    assertRejected(
        verifier.verify(topic("new-1"), early, RX), QuarantineReason.NOT_YET_VALID, "valid from");

    ring.add(
        new DeviceKey(
            DeviceId.of("new-1"),
            key.publicKey(),
            from.minusSeconds(120),
            from.minusSeconds(60),
            Optional.empty()));
    assertRejected(
        verifier.verify(topic("new-1"), early, RX), QuarantineReason.REVOKED, "expired at");
  }

  @Test
  void aBatchIsVerifiedAsOneMessageAndNamesItsRange() {
    Reading batch =
        Reading.batch(
            ReadingId.of(DeviceId.of("silo-7"), 4, 100),
            TS,
            java.util.List.of(
                sensor("silo-7", 4, 100, 1.0).observations().get(0),
                Observation.scan(
                    TS,
                    "https://id.gs1.org/01/09520123456788/10/LOT1",
                    "shipping",
                    Optional.empty()),
                sensor("silo-7", 4, 102, 1.5).observations().get(0)));
    SignedReading signed = SignedReading.sign(batch, silo);
    ReadingCheck check = verifier.verify(topic("silo-7"), signed.message(), RX);
    assertThat(check).isInstanceOf(Verified.class);
    Reading decoded = ((Verified) check).reading().reading();
    assertThat(decoded.count()).isEqualTo(3);
    assertThat(decoded.last()).isEqualTo(ReadingId.of(DeviceId.of("silo-7"), 4, 102));
    assertThat(signed.toString())
        .isEqualTo("signed batch reading silo-7/4/100..102 by " + silo.kid());
  }

  private static Rejected assertRejected(
      ReadingCheck check, QuarantineReason reason, String detail) {
    assertThat(check).isInstanceOf(Rejected.class);
    Rejected rejected = (Rejected) check;
    assertThat(rejected.reason()).isEqualTo(reason);
    assertThat(rejected.detail()).contains(detail);
    return rejected;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
