package org.tracemark.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.device.DeviceTopic;

class DeviceAclTest {

  private static final DeviceId A = DeviceId.of("dev-a");
  private static final DeviceId B = DeviceId.of("dev-b");
  private static final BrokerPrincipal DEVICE_A = new BrokerPrincipal.Device(A, false);
  private static final BrokerPrincipal INTERNAL = new BrokerPrincipal.Internal();

  @Test
  void aDevicePublishesItsOwnReadingsAndStatusOnly() {
    assertThat(DeviceAcl.mayPublish(DEVICE_A, A.readingsTopic())).isTrue();
    assertThat(DeviceAcl.mayPublish(DEVICE_A, A.statusTopic())).isTrue();
    assertThat(DeviceAcl.mayPublish(DEVICE_A, A.firmwareTopic())).isFalse();
    assertThat(DeviceAcl.mayPublish(DEVICE_A, B.readingsTopic())).isFalse();
    assertThat(DeviceAcl.mayPublish(DEVICE_A, A.readingsTopic() + "/extra")).isFalse();
    assertThat(DeviceAcl.mayPublish(DEVICE_A, "tracemark/v1/devices/dev-a")).isFalse();
    assertThat(DeviceAcl.mayPublish(DEVICE_A, "other/topic")).isFalse();
  }

  @Test
  void aDeviceSubscribesToItsOwnFirmwareOnly() {
    assertThat(DeviceAcl.maySubscribe(DEVICE_A, A.firmwareTopic())).isTrue();
    assertThat(DeviceAcl.maySubscribe(DEVICE_A, B.firmwareTopic())).isFalse();
    assertThat(DeviceAcl.maySubscribe(DEVICE_A, A.readingsTopic())).isFalse();
    assertThat(DeviceAcl.maySubscribe(DEVICE_A, DeviceTopic.FIRMWARE.filterForAllDevices()))
        .isFalse();
    assertThat(DeviceAcl.maySubscribe(DEVICE_A, "tracemark/v1/devices/dev-a/#")).isFalse();
    assertThat(DeviceAcl.maySubscribe(DEVICE_A, "#")).isFalse();
    assertThat(DeviceAcl.maySubscribe(DEVICE_A, DeviceTopic.INGEST_SHARED_SUBSCRIPTION)).isFalse();
  }

  @Test
  void theInternalClientSubscribesToTheSharedReadingsAndPublishesFirmware() {
    assertThat(DeviceAcl.maySubscribe(INTERNAL, DeviceTopic.INGEST_SHARED_SUBSCRIPTION)).isTrue();
    assertThat(DeviceAcl.maySubscribe(INTERNAL, "$share/other/tracemark/v1/devices/+/readings"))
        .isFalse();
    assertThat(DeviceAcl.maySubscribe(INTERNAL, "tracemark/v1/devices/+/status")).isTrue();
    assertThat(DeviceAcl.maySubscribe(INTERNAL, "$share/ingest/tracemark/v1/devices/+/status"))
        .isTrue();
    assertThat(DeviceAcl.maySubscribe(INTERNAL, "tracemark/v1/devices/+/firmware")).isFalse();
    assertThat(DeviceAcl.maySubscribe(INTERNAL, "#")).isFalse();
    assertThat(DeviceAcl.mayPublish(INTERNAL, A.firmwareTopic())).isTrue();
    assertThat(DeviceAcl.mayPublish(INTERNAL, B.firmwareTopic())).isTrue();
    assertThat(DeviceAcl.mayPublish(INTERNAL, A.readingsTopic())).isFalse();
    assertThat(DeviceAcl.mayPublish(INTERNAL, "tracemark/v1/devices/+/firmware")).isFalse();
  }

  @Test
  void principalsSurviveTheConnectionAttributeStoreAndNothingElseDecodes() {
    BrokerPrincipal certified = new BrokerPrincipal.Device(A, true);
    assertThat(BrokerPrincipal.decode(DEVICE_A.encode())).contains(DEVICE_A);
    assertThat(BrokerPrincipal.decode(certified.encode())).contains(certified);
    assertThat(BrokerPrincipal.decode(INTERNAL.encode())).contains(INTERNAL);
    assertThat(BrokerPrincipal.decode("device-id:bad/id")).isEmpty();
    assertThat(BrokerPrincipal.decode("root")).isEmpty();
    assertThat(BrokerPrincipal.decode(null)).isEmpty();
  }
}
