/**
 * Store-and-forward publishing of signed readings over MQTT 3.1.1 (Eclipse Paho): {@link
 * org.tracemark.edge.publish.Publisher} drains an {@link org.tracemark.edge.publish.Outbox} to
 * {@code tracemark/v1/devices/{dev}/readings} with QoS 1, acknowledging a record only on the
 * broker's PUBACK; it keeps the device's status topic (online, last will, firmware verdicts) and
 * checks the retained firmware manifests ({@link org.tracemark.edge.publish.FirmwareUpdates}).
 *
 * <p>Guarantee: at least once, in order of first delivery, never a loss. Connection failures are
 * typed ({@link org.tracemark.edge.publish.ConnectFailure}) and retried with jittered exponential
 * backoff, including when the very first connect fails.
 */
package org.tracemark.edge.publish;
