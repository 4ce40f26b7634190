package org.tracemark.edge.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.firmware.FirmwareCheck;
import org.tracemark.keys.firmware.FirmwareManifest;

/**
 * The JSON documents the agent puts on its status topic ({@code
 * tracemark/v1/devices/{dev}/status}):
 *
 * <ul>
 *   <li>{@code {"state":"online","dev":…,"at":…}} on every connect, retained;
 *   <li>{@code {"state":"offline","dev":…}} as the last will, retained, and the same with {@code
 *       "at"} on a clean close;
 *   <li>{@code {"firmware":"approved"|"refused"|"current",…}} for each manifest checked, not
 *       retained.
 * </ul>
 */
final class StatusMessages {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusMessages() {}

  static byte[] online(DeviceId device, Instant at) {
    return bytes(
        JSON.createObjectNode()
            .put("state", "online")
            .put("dev", device.value())
            .put("at", at.toString()));
  }

  /** The last will: no time, since the broker sends it whenever it notices the device gone. */
  static byte[] will(DeviceId device) {
    return bytes(JSON.createObjectNode().put("state", "offline").put("dev", device.value()));
  }

  static byte[] offline(DeviceId device, Instant at) {
    return bytes(
        JSON.createObjectNode()
            .put("state", "offline")
            .put("dev", device.value())
            .put("at", at.toString()));
  }

  static byte[] firmware(DeviceId device, FirmwareCheck check, long installedSeq) {
    ObjectNode node = JSON.createObjectNode();
    if (check instanceof FirmwareCheck.Approved approved) {
      FirmwareManifest manifest = approved.manifest();
      node.put("firmware", "approved")
          .put("dev", device.value())
          .put("class", manifest.deviceClass())
          .put("version", manifest.version())
          .put("seq", manifest.seq())
          .put("installed", installedSeq)
          .put("size", manifest.size())
          .put("sha256", HexFormat.of().formatHex(manifest.digest()));
    } else if (check instanceof FirmwareCheck.Refused refused) {
      node.put("firmware", "refused")
          .put("dev", device.value())
          .put("reason", refused.reason().code())
          .put("detail", refused.detail())
          .put("installed", installedSeq);
    }
    return bytes(node);
  }

  /** A manifest for exactly the installed firmware (a retained manifest after its install). */
  static byte[] firmwareCurrent(DeviceId device, long installedSeq) {
    return bytes(
        JSON.createObjectNode()
            .put("firmware", "current")
            .put("dev", device.value())
            .put("installed", installedSeq));
  }

  /** {@code json} as UTF-8 bytes, if it is one JSON object. */
  static byte[] requireObject(String json) {
    if (json == null) {
      throw new IllegalArgumentException("status must not be null");
    }
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("status is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("status must be a JSON object");
    }
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an ObjectNode of strings and numbers always serialises", e);
    }
  }
}
