package org.tracemark.verify;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LogMonitor} talks to the log.
 *
 * @param connectTimeout how long to wait for a TCP (and TLS) connection
 * @param requestTimeout how long one request may take from sending it to the last byte of the body;
 *     it bounds a server that trickles its answer, not only one that never answers
 * @param crossCheckServerProofs whether to also ask the server's {@code /ledger/proof/...}
 *     endpoints and check their answers. The monitor never needs them (it builds every proof from
 *     tiles); checking them catches an endpoint that would mislead clients that do trust it. Turn
 *     off for a plain C2SP tlog-tiles log, which has no such endpoints.
 */
public record MonitorSettings(
    Duration connectTimeout, Duration requestTimeout, boolean crossCheckServerProofs) {

  public static final MonitorSettings DEFAULT =
      new MonitorSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), true);

  public MonitorSettings {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("the connect timeout must be positive");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("the request timeout must be positive");
    }
  }

  public MonitorSettings withRequestTimeout(Duration timeout) {
    return new MonitorSettings(connectTimeout, timeout, crossCheckServerProofs);
  }

  public MonitorSettings withCrossCheckServerProofs(boolean crossCheck) {
    return new MonitorSettings(connectTimeout, requestTimeout, crossCheck);
  }
}
