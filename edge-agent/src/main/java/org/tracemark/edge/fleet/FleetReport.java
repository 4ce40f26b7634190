package org.tracemark.edge.fleet;

import java.time.Duration;

/**
 * What a fleet run achieved.
 *
 * @param sent messages handed to the MQTT client
 * @param acknowledged messages the broker acknowledged (QoS 1 PUBACK)
 * @param publishing from the first publish to the last acknowledgement
 * @param signing time spent signing before the timed window ({@code presign}), else zero
 * @param payloadBytes mean message size
 */
public record FleetReport(
    long sent,
    long acknowledged,
    Duration publishing,
    Duration signing,
    double payloadBytes,
    int devices,
    int connections,
    boolean presigned) {

  /** Acknowledged messages per second over the publishing window. */
  public double rate() {
    double seconds = publishing.toNanos() / 1e9;
    return seconds == 0 ? 0 : acknowledged / seconds;
  }

  public String summary() {
    return String.format(
        "fleet: %,d devices on %d connections, %s: %,d sent, %,d acknowledged in %.1f s ="
            + " %,.0f messages/s (mean %.0f bytes)%s",
        devices,
        connections,
        presigned ? "pre-signed" : "signing live",
        sent,
        acknowledged,
        publishing.toNanos() / 1e9,
        rate(),
        payloadBytes,
        presigned ? String.format("; signing took %.1f s", signing.toNanos() / 1e9) : "");
  }
}
