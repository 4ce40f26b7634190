package org.tracemark.ingest.broker;

/**
 * A port that was demanded (not merely preferred) is taken by another process. Ports that are only
 * preferred never cause this: the broker then listens elsewhere and says so.
 */
public final class BrokerPortTakenException extends BrokerStartException {

  private final String listener;
  private final String host;
  private final int port;

  public BrokerPortTakenException(String listener, String host, int port) {
    super(
        "the "
            + listener
            + " listener must use "
            + host
            + ":"
            + port
            + " (demanded), but that port is taken (another MQTT broker?); free it, or prefer the"
            + " port instead of demanding it to let the broker pick a free one");
    this.listener = listener;
    this.host = host;
    this.port = port;
  }

  /** {@code MQTT} or {@code MQTT over TLS}. */
  public String listener() {
    return listener;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }
}
