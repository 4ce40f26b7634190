package org.tracemark.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.firmware.FirmwareManifest;
import org.tracemark.keys.firmware.FirmwareVerifier;
import org.tracemark.keys.firmware.SignedManifest;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.signing.SigningAlgorithm;
import org.tracemark.keys.signing.SigningKey;

class FirmwareUpdatesTest {

  static final String CLASS = "reefer-logger-2";
  private static final DeviceId DEVICE = DeviceId.of("reefer-0042");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SigningKey vendor = signingKey();
  private final AtomicLong installed = new AtomicLong(5);
  private final List<FirmwareManifest> approved = new ArrayList<>();
  private final List<JsonNode> statuses = new ArrayList<>();
  private final FirmwareUpdates updates =
      new FirmwareUpdates(
          new FirmwareVerifier(Map.of(vendor.kid(), vendor.publicKey())),
          CLASS,
          installed::get,
          approved::add);

  static SigningKey signingKey() {
    try {
      return SigningKey.of(KeyPairs.generate(SigningAlgorithm.ED25519));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static FirmwareManifest manifest(String deviceClass, long seq) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("image " + seq).getBytes(StandardCharsets.UTF_8));
      return new FirmwareManifest(
          deviceClass, "2." + seq + ".0", seq, digest, 1024, "https://fw.example/" + seq + ".bin");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aNewerManifestIsApprovedReportedAndHandedOn() throws Exception {
    updates.handle(SignedManifest.sign(manifest(CLASS, 6), vendor), DEVICE, this::status);
    assertThat(approved).containsExactly(manifest(CLASS, 6));
    JsonNode status = statuses.get(0);
    assertThat(status.get("firmware").asText()).isEqualTo("approved");
    assertThat(status.get("dev").asText()).isEqualTo("reefer-0042");
    assertThat(status.get("seq").asLong()).isEqualTo(6);
    assertThat(status.get("installed").asLong()).isEqualTo(5);
    assertThat(status.get("version").asText()).isEqualTo("2.6.0");
    assertThat(status.get("sha256").asText()).hasSize(64);
  }

  @Test
  void anOlderManifestIsARefusedRollback() throws Exception {
    updates.handle(SignedManifest.sign(manifest(CLASS, 3), vendor), DEVICE, this::status);
    assertThat(approved).isEmpty();
    JsonNode status = statuses.get(0);
    assertThat(status.get("firmware").asText()).isEqualTo("refused");
    assertThat(status.get("reason").asText()).isEqualTo("rollback");
    assertThat(status.get("detail").asText()).contains("seq 3 is not above the installed 5");
  }

  @Test
  void theManifestOfTheInstalledFirmwareIsCurrentNotARollback() throws Exception {
    updates.handle(SignedManifest.sign(manifest(CLASS, 5), vendor), DEVICE, this::status);
    assertThat(approved).isEmpty();
    assertThat(statuses.get(0).get("firmware").asText()).isEqualTo("current");
    assertThat(statuses.get(0).get("installed").asLong()).isEqualTo(5);
  }

  @Test
  void aRetainedRepeatIsNotCheckedTwiceButAnInstallIsRespected() throws Exception {
    byte[] seven = SignedManifest.sign(manifest(CLASS, 7), vendor);
    assertThat(updates.handle(seven, DEVICE, this::status)).isNotNull();
    installed.set(7); // the agent installed it and persisted the seq
    assertThat(updates.handle(seven, DEVICE, this::status)).isNull();
    assertThat(statuses).hasSize(1);
    updates.handle(SignedManifest.sign(manifest(CLASS, 6), vendor), DEVICE, this::status);
    assertThat(statuses.get(1).get("reason").asText()).isEqualTo("rollback");
    assertThat(statuses.get(1).get("installed").asLong()).isEqualTo(7);
  }

  @Test
  void foreignSignersOtherClassesAndGarbageAreRefusedWithTheirReason() throws Exception {
    updates.handle(SignedManifest.sign(manifest(CLASS, 9), signingKey()), DEVICE, this::status);
    updates.handle(SignedManifest.sign(manifest("other-class", 9), vendor), DEVICE, this::status);
    updates.handle("not cbor".getBytes(StandardCharsets.UTF_8), DEVICE, this::status);
    assertThat(statuses.stream().map(s -> s.get("reason").asText()))
        .containsExactly("unknown-kid", "wrong-class", "malformed");
    assertThat(approved).isEmpty();
  }

  @Test
  void aFailingListenerDoesNotUndoTheReport() throws Exception {
    FirmwareUpdates failing =
        new FirmwareUpdates(
            new FirmwareVerifier(Map.of(vendor.kid(), vendor.publicKey())),
            CLASS,
            installed::get,
            manifest -> {
              throw new IllegalStateException("download failed");
            });
    failing.handle(SignedManifest.sign(manifest(CLASS, 8), vendor), DEVICE, this::status);
    assertThat(statuses.get(0).get("firmware").asText()).isEqualTo("approved");
  }

  private void status(byte[] json) {
    try {
      statuses.add(JSON.readTree(json));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
