package org.tracemark.api.ingest;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exactly once with the memory bus of embedded mode: three SIGKILLs of the application and a
 * restart of the MQTT broker while readings are in flight (see {@link CrashRun}).
 */
class IngestCrashIT {

  @Test
  void everyReadingIsAnchoredExactlyOnceAcrossSigkillsAndABrokerRestart() throws Exception {
    new CrashRun(
            "tracemark_crash",
            Map.of(),
            mqtt -> {
              mqtt.stop(); // SIGTERM: Mosquitto saves its persistent sessions and queues
              mqtt.start();
            })
        .run();
  }
}
