package org.tracemark.api.ingest.pulsar;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tracemark.api.ingest.CrashRun;
import org.tracemark.testing.PulsarStandalone;

/**
 * Exactly once through the Pulsar bus of cluster mode (profile {@code pulsar}): three SIGKILLs of
 * the application and a restart of Pulsar standalone while readings are on the bus (see {@link
 * CrashRun}).
 */
class PulsarCrashIT {

  @Test
  void everyReadingIsAnchoredExactlyOnceThroughPulsarAcrossSigkillsAndAPulsarRestart()
      throws Exception {
    try (PulsarStandalone pulsar = PulsarStandalone.start()) {
      new CrashRun(
              "tracemark_crash_pulsar",
              Map.of(
                  "TRACEMARK_BUS", "pulsar",
                  "TRACEMARK_PULSAR_URL", pulsar.serviceUrl(),
                  "TRACEMARK_PULSAR_ADMIN_URL", pulsar.adminUrl().toString()),
              mqtt -> pulsar.restart())
          .run();
    }
  }
}
