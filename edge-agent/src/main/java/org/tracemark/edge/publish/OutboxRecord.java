package org.tracemark.edge.publish;

/**
 * One buffered message: its outbox id and the complete MQTT payload for the device's readings topic
 * (a signed reading, DESIGN §2).
 */
public record OutboxRecord(long id, byte[] payload) {

  public OutboxRecord {
    if (id < 0) {
      throw new IllegalArgumentException("record id must be >= 0, got " + id);
    }
    if (payload == null) {
      throw new IllegalArgumentException("payload of record " + id + " must not be null");
    }
  }
}
