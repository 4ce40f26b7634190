package org.tracemark.ingest.bus;

import java.time.Duration;
import java.util.List;

/** The sequencer's end of the {@link Bus}. */
public interface BusSubscription extends AutoCloseable {

  /**
   * Waits up to {@code wait} for the first message, then takes whatever else is ready, up to {@code
   * max} messages in all, without waiting again. Returns an empty list when nothing came. Messages
   * of one device come in the order they were published.
   */
  List<Delivery> take(int max, Duration wait) throws InterruptedException;

  /**
   * Messages delivered but not yet acknowledged. Unacknowledged messages are delivered again after
   * a crash of the subscriber (the Pulsar bus) or are lost with the process together with the MQTT
   * messages they came from, which the broker then redelivers (the memory bus).
   */
  @Override
  void close() throws Exception;
}
