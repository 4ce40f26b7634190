package org.tracemark.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.firmware.FirmwareManifest;
import org.tracemark.keys.firmware.FirmwareVerifier;
import org.tracemark.keys.firmware.SignedManifest;
import org.tracemark.keys.signing.SigningKey;
import org.tracemark.testing.MosquittoBroker;

/** Retained firmware manifests in, verdicts out on the status topic. */
class PublisherFirmwareIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aNewerManifestIsApprovedAndARollbackRefusedBothReportedOnTheStatusTopic() throws Exception {
    SigningKey vendor = FirmwareUpdatesTest.signingKey();
    AtomicLong installed = new AtomicLong(3);
    List<FirmwareManifest> handedOn = new CopyOnWriteArrayList<>();
    FirmwareUpdates updates =
        new FirmwareUpdates(
            new FirmwareVerifier(Map.of(vendor.kid(), vendor.publicKey())),
            FirmwareUpdatesTest.CLASS,
            installed::get,
            manifest -> {
              handedOn.add(manifest);
              installed.set(manifest.seq()); // "installed and persisted"
            });
    int port = MosquittoBroker.freePort();
    String uri = "tcp://127.0.0.1:" + port;
    DeviceId device = FastRetry.uniqueDevice("it-fw");
    try (MosquittoBroker broker = MosquittoBroker.plain(dir, port);
        RecordingSubscriber operator =
            RecordingSubscriber.connect(uri, "operator-" + device, device.statusTopic())) {
      // Published before the device is online: the retained manifest waits for it.
      operator.publish(
          device.firmwareTopic(),
          SignedManifest.sign(FirmwareUpdatesTest.manifest(FirmwareUpdatesTest.CLASS, 5), vendor),
          true);
      try (Publisher publisher =
          Publisher.start(FastRetry.options(device, uri).build(), new MemoryOutbox(), updates)) {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> statuses(operator, device).stream().anyMatch(s -> s.has("firmware")));
        JsonNode approved = firmwareStatuses(operator, device).get(0);
        assertThat(approved.get("firmware").asText()).isEqualTo("approved");
        assertThat(approved.get("seq").asLong()).isEqualTo(5);
        assertThat(approved.get("installed").asLong()).isEqualTo(3);
        assertThat(handedOn).extracting(FirmwareManifest::seq).containsExactly(5L);
        assertThat(statuses(operator, device))
            .anySatisfy(s -> assertThat(s.get("state").asText()).isEqualTo("online"));

        operator.publish(
            device.firmwareTopic(),
            SignedManifest.sign(FirmwareUpdatesTest.manifest(FirmwareUpdatesTest.CLASS, 4), vendor),
            true);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> firmwareStatuses(operator, device).size() >= 2);
        JsonNode refused = firmwareStatuses(operator, device).get(1);
        assertThat(refused.get("firmware").asText()).isEqualTo("refused");
        assertThat(refused.get("reason").asText()).isEqualTo("rollback");
        assertThat(refused.get("detail").asText()).contains("seq 4 is not above the installed 5");
        assertThat(handedOn).hasSize(1);

        assertThat(publisher.publishStatus("{\"state\":\"buffer-full\",\"pending\":100000}"))
            .isTrue();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    statuses(operator, device).stream()
                        .anyMatch(s -> "buffer-full".equals(s.path("state").asText())));
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  statuses(operator, device).stream()
                      .anyMatch(s -> "offline".equals(s.path("state").asText())));
      assertThat(broker.isRunning()).isTrue();
    }
  }

  private static List<JsonNode> statuses(RecordingSubscriber subscriber, DeviceId device) {
    return subscriber.on(device.statusTopic()).stream()
        .map(
            message -> {
              try {
                return JSON.readTree(message.payload());
              } catch (Exception e) {
                throw new AssertionError("status is not JSON: " + message.text(), e);
              }
            })
        .toList();
  }

  private static List<JsonNode> firmwareStatuses(RecordingSubscriber subscriber, DeviceId device) {
    return statuses(subscriber, device).stream().filter(s -> s.has("firmware")).toList();
  }
}
