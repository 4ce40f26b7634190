package org.tracemark.ingest.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tracemark.ingest.bus.BusMessage;
import org.tracemark.ingest.bus.MemoryBus;
import org.tracemark.ingest.metrics.CheckpointLatency;
import org.tracemark.ingest.metrics.IngestMetrics;
import org.tracemark.ingest.sequencer.MemoryAnchorLog.Fault;
import org.tracemark.ingest.testing.TestDevices;
import org.tracemark.keys.cose.MalformedCoseException;
import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.SignedReading;

class SequencerTest {

  private final TestDevices devices = new TestDevices();
  private final MemoryAnchorLog log = new MemoryAnchorLog();
  private final List<QuarantineReason> quarantined =
      Collections.synchronizedList(new ArrayList<>());
  private final IngestMetrics metrics = IngestMetrics.standalone();
  private MemoryBus bus = new MemoryBus(10_000);
  private Sequencer sequencer;

  private void start(Sequencer.Settings settings) throws Exception {
    sequencer =
        Sequencer.start(
            bus.subscribe(),
            log,
            (topic, message, rx, reason, detail, claimed) -> quarantined.add(reason),
            settings,
            metrics,
            new CheckpointLatency(metrics));
  }

  private void start() throws Exception {
    start(new Sequencer.Settings(256, Duration.ofMillis(5), 64));
  }

  private void restart() throws Exception {
    sequencer.close();
    bus = new MemoryBus(10_000);
    start();
  }

  @AfterEach
  void stop() throws Exception {
    if (sequencer != null) {
      sequencer.close();
    }
  }

  private static BusMessage onBus(byte[] message) throws MalformedCoseException {
    Reading reading = SignedReading.decode(message).reading();
    return new BusMessage(
        reading.first(), reading.count(), message, TestDevices.NOW.toEpochMilli(), reading.ts());
  }

  private void publish(byte[] message) throws Exception {
    bus.publish(onBus(message)).get();
  }

  @Test
  void newThenDuplicateThenEquivocationThenStale() throws Exception {
    start();
    byte[] first = devices.reading("silo-7", 0, 0, 4.0);
    publish(first);
    publish(first);
    publish(devices.reading("silo-7", 0, 0, 9.0)); // same (dev, boot, seq), other bytes
    for (int seq = 1; seq <= 100; seq++) {
      publish(devices.reading("silo-7", 0, seq, 4.0));
    }
    publish(devices.reading("silo-7", 0, 1, 5.0)); // 1 is now below the window of 64
    assertThat(log.anchoredReadings()).hasSize(101).allSatisfy((id, n) -> assertThat(n).isOne());
    assertThat(quarantined).containsExactly(QuarantineReason.EQUIVOCATION, QuarantineReason.STALE);
    assertThat(metrics.count("accepted", "none")).isEqualTo(101);
    assertThat(metrics.count("duplicate", "none")).isEqualTo(1);
    assertThat(metrics.count("quarantined", "equivocation")).isEqualTo(1);
    assertThat(metrics.count("quarantined", "stale")).isEqualTo(1);
  }

  @Test
  void aBatchIsOneEntryAndAnOverlappingBatchIsAnEquivocation() throws Exception {
    start();
    publish(devices.batch("reefer-1", 2, 0, 100));
    publish(devices.reading("reefer-1", 2, 50, 1.0));
    assertThat(log.entries).hasSize(1);
    assertThat(log.anchoredReadings()).hasSize(100).containsKeys("reefer-1/2/0", "reefer-1/2/99");
    assertThat(quarantined).containsExactly(QuarantineReason.EQUIVOCATION);
  }

  @Test
  void concurrentCopiesOfEveryMessageAnchorEachReadingOnce() throws Exception {
    start();
    List<byte[]> messages = new ArrayList<>();
    for (int d = 0; d < 20; d++) {
      for (int seq = 0; seq < 50; seq++) {
        messages.add(devices.reading("dev-" + d, 0, seq, seq));
      }
    }
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int round = 0; round < 2; round++) { // every message twice, as QoS 1 may deliver it
      for (byte[] m : messages) {
        futures.add(bus.publish(onBus(m)));
      }
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
    assertThat(log.anchoredReadings()).hasSize(1000).allSatisfy((id, n) -> assertThat(n).isOne());
    assertThat(metrics.count("accepted", "none")).isEqualTo(1000);
    assertThat(metrics.count("duplicate", "none")).isEqualTo(1000);
  }

  @Test
  void aFailedAppendIsRetriedAndNothingIsAcknowledgedBeforeItIsDurable() throws Exception {
    start();
    log.fault = Fault.NOT_LANDED;
    log.failuresLeft.set(2);
    CompletableFuture<Void> done = bus.publish(onBus(devices.reading("silo-9", 0, 0, 1.0)));
    await().atMost(Duration.ofSeconds(10)).until(done::isDone);
    assertThat(done).isCompleted();
    assertThat(log.failuresLeft).hasValue(0);
    assertThat(log.anchoredReadings()).containsExactly(Map.entry("silo-9/0/0", 1));
  }

  @Test
  void anAppendThatLandedBeforeTheFailureIsNotAnchoredAgain() throws Exception {
    start();
    log.fault = Fault.LANDED_WITHOUT_INDEX;
    log.failuresLeft.set(1);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int seq = 0; seq < 10; seq++) {
      futures.add(bus.publish(onBus(devices.reading("silo-9", 0, seq, 1.0))));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
    assertThat(log.anchoredReadings()).hasSize(10).allSatisfy((id, n) -> assertThat(n).isOne());
    assertThat(metrics.count("duplicate", "none")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void duplicatesAndEquivocationAreJudgedTheSameAfterARestart() throws Exception {
    start();
    byte[] original = devices.reading("boat-3", 5, 7, 2.5);
    publish(original);
    restart();
    publish(original); // a redelivery after the restart
    publish(devices.reading("boat-3", 5, 7, 8.5)); // a forgery of the same id by the device key
    assertThat(log.anchoredReadings()).containsExactly(Map.entry("boat-3/5/7", 1));
    assertThat(quarantined).containsExactly(QuarantineReason.EQUIVOCATION);
    assertThat(metrics.count("duplicate", "none")).isEqualTo(1);
  }

  @Test
  void whatWasStaleBeforeARestartIsStaleAfterIt() throws Exception {
    start(); // window of 64 messages
    for (int seq = 0; seq < 100; seq++) {
      publish(devices.reading("silo-4", 0, seq, 1.0));
    }
    restart();
    publish(devices.reading("silo-4", 0, 3, 1.0)); // anchored, then forgotten: must not be new
    publish(devices.reading("silo-4", 0, 99, 1.0)); // remembered: a duplicate
    assertThat(log.anchoredReadings()).hasSize(100).allSatisfy((id, n) -> assertThat(n).isOne());
    assertThat(quarantined).containsExactly(QuarantineReason.STALE);
    assertThat(metrics.count("duplicate", "none")).isEqualTo(1);
  }

  @Test
  void batchesAreCutBySize() throws Exception {
    start(new Sequencer.Settings(10, Duration.ofMillis(5), 64));
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int seq = 0; seq < 95; seq++) {
      futures.add(bus.publish(onBus(devices.reading("silo-1", 0, seq, 1.0))));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
    assertThat(log.appends.get()).isGreaterThanOrEqualTo(10);
    assertThat(log.anchoredReadings()).hasSize(95);
    assertThat(Optional.of(sequencer.anchoredEntries())).contains(95L);
  }
}
