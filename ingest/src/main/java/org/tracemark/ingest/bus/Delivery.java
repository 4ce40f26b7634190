package org.tracemark.ingest.bus;

/** One message as the sequencer receives it. */
public interface Delivery {

  BusMessage message();

  /** Its outcome is durable: the bus may forget it (and the publisher's future completes). */
  void ack();

  /**
   * Its outcome could not be made durable: deliver it again later (the memory bus fails the
   * publisher's future, so the MQTT message is redelivered by the broker).
   */
  void nack(Throwable why);
}
