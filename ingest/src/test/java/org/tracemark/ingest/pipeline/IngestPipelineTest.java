package org.tracemark.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tracemark.ingest.outcome.IngestOutcome;
import org.tracemark.ingest.outcome.OutcomeCode;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.DeviceKey;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.ReadingVerifier;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SigningKey;

class IngestPipelineTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private final Map<KeyId, DeviceKey> ring = new HashMap<>();
  private final Map<String, SigningKey> keys = new HashMap<>();
  private final List<QuarantineReason> quarantined =
      Collections.synchronizedList(new ArrayList<>());
  private final Map<ReadingId, Integer> anchored = new ConcurrentHashMap<>();
  private final AtomicBoolean busDown = new AtomicBoolean();
  private final IngestPipeline pipeline =
      new IngestPipeline(
          new ReadingVerifier(kid -> Optional.ofNullable(ring.get(kid))),
          2,
          4,
          256,
          (topic, message, rx, reason, detail, reading) -> quarantined.add(reason),
          (first, count, entry) -> {
            if (busDown.get()) {
              throw new java.io.IOException("bus unavailable");
            }
            anchored.merge(first, 1, Integer::sum);
          });

  @AfterEach
  void close() throws InterruptedException {
    pipeline.close();
  }

  private SigningKey device(String id) throws Exception {
    return keys.computeIfAbsent(
        id,
        d -> {
          try {
            SigningKey key =
                SigningKey.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
            ring.put(
                key.kid(),
                new DeviceKey(
                    DeviceId.of(d),
                    key.publicKey(),
                    NOW.minusSeconds(86_400),
                    NOW.plusSeconds(86_400),
                    Optional.empty()));
            return key;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private byte[] reading(String device, long seq, double value) throws Exception {
    return SignedReading.sign(
            Reading.single(
                ReadingId.of(DeviceId.of(device), 0, seq),
                Observation.sensor(NOW.toEpochMilli(), Map.of("temperature", value), List.of())),
            device(device))
        .message();
  }

  private IngestOutcome submit(String device, byte[] message) throws Exception {
    return pipeline.submit(DeviceId.of(device).readingsTopic(), message, NOW).get();
  }

  @Test
  void newThenDuplicateThenEquivocation() throws Exception {
    byte[] first = reading("silo-7", 0, 4.0);
    assertThat(submit("silo-7", first).code()).isEqualTo(OutcomeCode.ACCEPTED);
    assertThat(submit("silo-7", first).code()).isEqualTo(OutcomeCode.DUPLICATE);
    IngestOutcome other = submit("silo-7", reading("silo-7", 0, 9.0));
    assertThat(other.code()).isEqualTo(OutcomeCode.QUARANTINED);
    assertThat(((IngestOutcome.Quarantined) other).evidence()).contains("silo-7/0/0");
    assertThat(quarantined).containsExactly(QuarantineReason.EQUIVOCATION);
    assertThat(anchored).containsOnlyKeys(ReadingId.of(DeviceId.of("silo-7"), 0, 0));
  }

  @Test
  void aForgeryIsQuarantinedAndNeverAnchored() throws Exception {
    byte[] forged = reading("silo-7", 1, 4.0);
    forged[forged.length - 3] ^= 0x10;
    IngestOutcome outcome = submit("silo-7", forged);
    assertThat(outcome.code()).isEqualTo(OutcomeCode.QUARANTINED);
    assertThat(quarantined).containsExactly(QuarantineReason.BAD_SIGNATURE);
    assertThat(anchored).isEmpty();
  }

  @Test
  void concurrentRedeliveriesAnchorEachReadingExactlyOnce() throws Exception {
    List<byte[]> messages = new ArrayList<>();
    List<String> devices = new ArrayList<>();
    for (int d = 0; d < 20; d++) {
      for (int seq = 0; seq < 50; seq++) {
        messages.add(reading("dev-" + d, seq, seq));
        devices.add("dev-" + d);
      }
    }
    List<CompletableFuture<IngestOutcome>> futures = new ArrayList<>();
    for (int round = 0; round < 2; round++) { // every message twice, as QoS 1 may deliver it
      for (int i = 0; i < messages.size(); i++) {
        futures.add(
            pipeline.submit(DeviceId.of(devices.get(i)).readingsTopic(), messages.get(i), NOW));
      }
    }
    Map<OutcomeCode, Integer> counts = new HashMap<>();
    for (CompletableFuture<IngestOutcome> future : futures) {
      counts.merge(future.get().code(), 1, Integer::sum);
    }
    assertThat(counts)
        .containsEntry(OutcomeCode.ACCEPTED, 1000)
        .containsEntry(OutcomeCode.DUPLICATE, 1000);
    assertThat(anchored).hasSize(1000).allSatisfy((id, times) -> assertThat(times).isEqualTo(1));
  }

  @Test
  void whenTheBusCannotTakeItTheMessageIsNotDecidedAndItsRedeliveryIsNew() throws Exception {
    byte[] message = reading("silo-9", 0, 1.0);
    busDown.set(true);
    assertThatThrownBy(() -> submit("silo-9", message)).isInstanceOf(ExecutionException.class);
    busDown.set(false);
    assertThat(submit("silo-9", message).code()).isEqualTo(OutcomeCode.ACCEPTED);
    assertThat(anchored).containsEntry(ReadingId.of(DeviceId.of("silo-9"), 0, 0), 1);
  }
}
