package org.tracemark.keys.device;

import java.util.Optional;

/**
 * The per-device MQTT topics of DESIGN §2 (a contract): {@code tracemark/v1/devices/{dev}/{kind}}.
 */
public enum DeviceTopic {
  /** Signed readings, QoS 1. */
  READINGS("readings"),
  /** Signed firmware manifests, retained. */
  FIRMWARE("firmware"),
  /** Agent status and last will. */
  STATUS("status");

  /** Everything before the device id. */
  public static final String PREFIX = "tracemark/v1/devices/";

  /**
   * The shared subscription the ingest tier uses, so that every reading goes to exactly one of the
   * ingest nodes.
   */
  public static final String INGEST_SHARED_SUBSCRIPTION =
      "$share/ingest/" + PREFIX + "+/" + "readings";

  private final String leaf;

  DeviceTopic(String leaf) {
    this.leaf = leaf;
  }

  /** The last topic level, e.g. {@code readings}. */
  public String leaf() {
    return leaf;
  }

  /** This topic for one device. */
  public String topicFor(DeviceId device) {
    return PREFIX + device.value() + "/" + leaf;
  }

  /** A filter matching this topic for every device: {@code tracemark/v1/devices/+/{leaf}}. */
  public String filterForAllDevices() {
    return PREFIX + "+/" + leaf;
  }

  /**
   * The device a topic name belongs to, if it is exactly this topic for a valid device id. Used to
   * check that a reading's {@code dev} equals the device in the topic it arrived on.
   */
  public Optional<DeviceId> deviceIn(String topic) {
    String suffix = "/" + leaf;
    if (topic == null || !topic.startsWith(PREFIX) || !topic.endsWith(suffix)) {
      return Optional.empty();
    }
    int end = topic.length() - suffix.length();
    if (end < PREFIX.length()) {
      return Optional.empty();
    }
    String id = topic.substring(PREFIX.length(), end);
    return DeviceId.isValid(id) ? Optional.of(DeviceId.of(id)) : Optional.empty();
  }
}
