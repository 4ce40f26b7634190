package org.tracemark.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.device.DeviceId;

class StatusMessagesTest {

  private static final DeviceId DEVICE = DeviceId.of("reefer-0042");

  @Test
  void onlineOfflineAndTheWillAreSmallJsonObjects() {
    Instant at = Instant.parse("2026-11-25T12:00:00Z");
    assertThat(text(StatusMessages.online(DEVICE, at)))
        .isEqualTo(
            "{\"state\":\"online\",\"dev\":\"reefer-0042\",\"at\":\"2026-11-25T12:00:00Z\"}");
    assertThat(text(StatusMessages.will(DEVICE)))
        .isEqualTo("{\"state\":\"offline\",\"dev\":\"reefer-0042\"}");
    assertThat(text(StatusMessages.offline(DEVICE, at)))
        .contains("\"state\":\"offline\"", "\"at\"");
  }

  @Test
  void agentStatusMustBeAJsonObject() {
    assertThat(text(StatusMessages.requireObject("{\"state\":\"buffer-full\",\"pending\":10}")))
        .contains("buffer-full");
    assertThatThrownBy(() -> StatusMessages.requireObject("buffer full"))
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> StatusMessages.requireObject("[1,2]"))
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> StatusMessages.requireObject(null)).hasMessageContaining("null");
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
