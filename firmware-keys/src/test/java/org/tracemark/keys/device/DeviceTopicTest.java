package org.tracemark.keys.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceTopicTest {

  private final DeviceId device = DeviceId.of("scanner-03");

  @Test
  void ingestSharesTheReadingsOfAllDevices() {
    assertThat(DeviceTopic.INGEST_SHARED_SUBSCRIPTION)
        .isEqualTo("$share/ingest/tracemark/v1/devices/+/readings");
    assertThat(DeviceTopic.READINGS.filterForAllDevices())
        .isEqualTo("tracemark/v1/devices/+/readings");
    assertThat(DeviceTopic.STATUS.filterForAllDevices()).isEqualTo("tracemark/v1/devices/+/status");
  }

  @Test
  void findsTheDeviceInItsOwnTopic() {
    for (DeviceTopic topic : DeviceTopic.values()) {
      assertThat(topic.deviceIn(topic.topicFor(device))).contains(device);
    }
  }

  @Test
  void findsNoDeviceInOtherTopics() {
    assertThat(DeviceTopic.READINGS.deviceIn(device.statusTopic())).isEmpty();
    assertThat(DeviceTopic.READINGS.deviceIn("tracemark/v1/devices/readings")).isEmpty();
    assertThat(DeviceTopic.READINGS.deviceIn("tracemark/v1/devices//readings")).isEmpty();
    assertThat(DeviceTopic.READINGS.deviceIn("tracemark/v1/devices/a/b/readings")).isEmpty();
    assertThat(DeviceTopic.READINGS.deviceIn("tracemark/v2/devices/a/readings")).isEmpty();
    assertThat(DeviceTopic.READINGS.deviceIn("tracemark/v1/devices/+/readings")).isEmpty();
    assertThat(DeviceTopic.READINGS.deviceIn("tracemark/v1/devices/a/readings/x")).isEmpty();
    assertThat(DeviceTopic.READINGS.deviceIn(null)).isEmpty();
  }
}
