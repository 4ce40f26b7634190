package org.tracemark.ingest.bus.pulsar;

/**
 * Bytes on the bus topic that are not a {@link BusMessageCodec} message: written by something other
 * than a Tracemark ingest, by a newer version, or damaged. The subscriber logs it once,
 * acknowledges it and counts it, so one bad message can never block the sequencer.
 *
 * <p>The message says what was wrong and where (offset, expected, found); it never contains the
 * payload, which is untrusted.
 */
public final class MalformedBusMessageException extends Exception {

  private final int length;

  MalformedBusMessageException(String problem, int length) {
    super(problem + " (" + length + " bytes)");
    this.length = length;
  }

  /** How many bytes the rejected message had. */
  public int length() {
    return length;
  }
}
