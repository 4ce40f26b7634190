package org.tracemark.ingest.broker;

import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.device.DeviceTopic;

/**
 * The broker's topic rules (DESIGN §2 topics), as plain functions of who asks and for what. Exact
 * topic names and filters only: a wildcard is never granted to a device, and the internal client
 * gets exactly the shared subscription of the contract, so nothing here has to reason about which
 * topics a filter could match.
 *
 * <ul>
 *   <li>A device publishes its own readings and status: {@code tracemark/v1/devices/{id}/readings}
 *       and {@code .../{id}/status} (the last will is a status publish). Not its firmware topic:
 *       firmware manifests are signed by the platform and published by its internal client.
 *   <li>A device subscribes to its own {@code .../{id}/firmware} and nothing else.
 *   <li>The internal client subscribes to {@code $share/ingest/tracemark/v1/devices/+/readings} and
 *       publishes {@code tracemark/v1/devices/{any valid id}/firmware}.
 *   <li>Everything else is refused, including {@code $share/...} and {@code
 *       tracemark/v1/devices/+/...} for any device.
 * </ul>
 */
final class DeviceAcl {

  static final String STATUS_OF_ALL_DEVICES = DeviceTopic.STATUS.filterForAllDevices();
  static final String SHARED_STATUS_OF_ALL_DEVICES = "$share/ingest/" + STATUS_OF_ALL_DEVICES;

  private DeviceAcl() {}

  static boolean mayPublish(BrokerPrincipal principal, String topic) {
    if (topic == null) {
      return false;
    }
    if (principal instanceof BrokerPrincipal.Device device) {
      DeviceId id = device.id();
      return topic.equals(id.readingsTopic()) || topic.equals(id.statusTopic());
    }
    if (principal instanceof BrokerPrincipal.Internal) {
      return DeviceTopic.FIRMWARE.deviceIn(topic).isPresent();
    }
    return false;
  }

  static boolean maySubscribe(BrokerPrincipal principal, String topicFilter) {
    if (topicFilter == null) {
      return false;
    }
    if (principal instanceof BrokerPrincipal.Device device) {
      return topicFilter.equals(device.id().firmwareTopic());
    }
    if (principal instanceof BrokerPrincipal.Internal) {
      return topicFilter.equals(DeviceTopic.INGEST_SHARED_SUBSCRIPTION)
          || topicFilter.equals(STATUS_OF_ALL_DEVICES)
          || topicFilter.equals(SHARED_STATUS_OF_ALL_DEVICES);
    }
    return false;
  }
}
