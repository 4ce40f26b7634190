package org.tracemark.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tracemark.ingest.bus.Bus;
import org.tracemark.ingest.bus.BusMessage;
import org.tracemark.ingest.bus.BusSubscription;
import org.tracemark.ingest.metrics.IngestMetrics;
import org.tracemark.ingest.testing.TestDevices;
import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.reading.ReadingVerifier;

class IngestPipelineTest {

  private final TestDevices devices = new TestDevices();
  private final List<QuarantineReason> quarantined =
      Collections.synchronizedList(new ArrayList<>());
  private final List<ReadingId> claims = Collections.synchronizedList(new ArrayList<>());
  private final List<BusMessage> published = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean busDown;
  private final IngestMetrics metrics = IngestMetrics.standalone();

  /** A bus of the test's own that keeps what it is given. */
  private final Bus bus =
      new Bus() {
        @Override
        public CompletableFuture<Void> publish(BusMessage message) {
          if (busDown) {
            return CompletableFuture.failedFuture(new java.io.IOException("bus unavailable"));
          }
          published.add(message);
          return CompletableFuture.completedFuture(null);
        }

        @Override
        public BusSubscription subscribe() {
          throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
      };

  private final IngestPipeline pipeline =
      new IngestPipeline(
          new ReadingVerifier(devices),
          2,
          (topic, message, rx, reason, detail, claimed) -> {
            quarantined.add(reason);
            claimed.ifPresent(claims::add);
          },
          bus,
          metrics);

  @AfterEach
  void close() throws InterruptedException {
    pipeline.close();
  }

  private void submit(String device, byte[] message) throws Exception {
    pipeline.submit(TestDevices.topic(device), message, TestDevices.NOW).get();
  }

  @Test
  void aVerifiedReadingGoesOnTheBusAsReceived() throws Exception {
    byte[] message = devices.batch("silo-7", 3, 10, 5);
    submit("silo-7", message);
    assertThat(published).hasSize(1);
    BusMessage m = published.get(0);
    assertThat(m.first().toString()).isEqualTo("silo-7/3/10");
    assertThat(m.count()).isEqualTo(5);
    assertThat(m.message()).isEqualTo(message);
    assertThat(m.receivedAtMillis()).isEqualTo(TestDevices.NOW.toEpochMilli());
    assertThat(quarantined).isEmpty();
    assertThat(metrics.verify().count()).isEqualTo(1);
  }

  @Test
  void aForgeryIsQuarantinedWithWhatItClaimsAndNeverReachesTheBus() throws Exception {
    byte[] forged = devices.reading("silo-7", 0, 1, 4.0);
    forged[forged.length - 3] ^= 0x10;
    submit("silo-7", forged);
    assertThat(quarantined).containsExactly(QuarantineReason.BAD_SIGNATURE);
    assertThat(claims).extracting(Object::toString).containsExactly("silo-7/0/1");
    assertThat(published).isEmpty();
    assertThat(metrics.count("quarantined", "bad-signature")).isEqualTo(1);
  }

  @Test
  void aReadingOnAnotherDevicesTopicIsQuarantined() throws Exception {
    submit("silo-8", devices.reading("silo-7", 0, 1, 4.0));
    assertThat(quarantined).containsExactly(QuarantineReason.DEVICE_TOPIC_MISMATCH);
    assertThat(published).isEmpty();
  }

  @Test
  void garbageIsQuarantinedAsMalformed() throws Exception {
    submit("silo-7", new byte[] {(byte) 0xd2, (byte) 0x84, 0x01});
    assertThat(quarantined).containsExactly(QuarantineReason.MALFORMED);
    assertThat(claims).isEmpty();
  }

  @Test
  void whenTheBusCannotTakeItTheFutureFailsSoTheMessageIsNotAcknowledged() throws Exception {
    busDown = true;
    byte[] message = devices.reading("silo-9", 0, 0, 1.0);
    assertThatThrownBy(() -> submit("silo-9", message)).isInstanceOf(ExecutionException.class);
    busDown = false;
    submit("silo-9", message);
    assertThat(published).hasSize(1);
  }
}
