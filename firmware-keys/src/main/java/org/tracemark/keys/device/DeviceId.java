package org.tracemark.keys.device;

import org.tracemark.keys.Untrusted;

/**
 * A device's identifier: the {@code dev} of every reading, the subject of its certificate, one
 * level of its MQTT topics, and the tail of its URN {@code urn:tracemark:device:{id}}.
 *
 * <p>The rule is 1 to 64 characters from {@code A-Z a-z 0-9 . _ -}, starting with a letter or a
 * digit. Why that narrow:
 *
 * <ul>
 *   <li>MQTT: no {@code /} (level separator), {@code +} or {@code #} (wildcards), no leading {@code
 *       $} (reserved topics), no NUL; so an id is always exactly one literal topic level.
 *   <li>URN (RFC 8141): every allowed character is unreserved in the NSS, so the URN needs no
 *       percent-encoding and maps back to exactly one id.
 *   <li>Files: the edge agent keeps per-device state in a directory named after the id; the first
 *       character rule rules out {@code .}, {@code ..} and hidden names, and ids that look like
 *       command-line options.
 * </ul>
 *
 * <p>Ids are case-sensitive, as MQTT topics and certificate subjects are; do not give two devices
 * ids that differ only in case if their state may share a case-insensitive file system.
 */
public record DeviceId(String value) implements Comparable<DeviceId> {

  /** Longest id accepted. */
  public static final int MAX_LENGTH = 64;

  /** The URN namespace prefix; the id follows it unchanged. */
  public static final String URN_PREFIX = "urn:tracemark:device:";

  public DeviceId {
    if (value == null) {
      throw new IllegalArgumentException("device id must not be null");
    }
    if (!isValid(value)) {
      throw new IllegalArgumentException(
          "device id \""
              + Untrusted.echo(value)
              + "\" ("
              + value.length()
              + " chars) is not 1-"
              + MAX_LENGTH
              + " of [A-Za-z0-9._-] starting with a letter or digit");
    }
  }

  public static DeviceId of(String value) {
    return new DeviceId(value);
  }

  /** Whether {@code value} follows the id rule; for callers that must not throw on bad input. */
  public static boolean isValid(String value) {
    // The rule [A-Za-z0-9][A-Za-z0-9._-]{0,63} as a loop: ingest checks it several times per
    // message (payload, topic), where a regex match was a measurable share of decoding.
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean alphanumeric =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  /** Parses {@code urn:tracemark:device:{id}}; the prefix is matched case-sensitively. */
  public static DeviceId fromUrn(String urn) {
    if (urn == null || !urn.startsWith(URN_PREFIX)) {
      throw new IllegalArgumentException(
          "\""
              + (urn == null ? "null" : Untrusted.echo(urn))
              + "\" does not start with "
              + URN_PREFIX);
    }
    return new DeviceId(urn.substring(URN_PREFIX.length()));
  }

  /** {@code urn:tracemark:device:{id}}. */
  public String urn() {
    return URN_PREFIX + value;
  }

  /** {@code tracemark/v1/devices/{id}/readings}: where this device publishes signed readings. */
  public String readingsTopic() {
    return DeviceTopic.READINGS.topicFor(this);
  }

  /** {@code tracemark/v1/devices/{id}/firmware}: retained signed firmware manifests. */
  public String firmwareTopic() {
    return DeviceTopic.FIRMWARE.topicFor(this);
  }

  /** {@code tracemark/v1/devices/{id}/status}: agent status and last will. */
  public String statusTopic() {
    return DeviceTopic.STATUS.topicFor(this);
  }

  @Override
  public int compareTo(DeviceId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
