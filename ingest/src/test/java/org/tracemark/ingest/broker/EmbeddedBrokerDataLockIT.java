package org.tracemark.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two platforms on one data directory would corrupt each other's sessions; the second is refused.
 */
class EmbeddedBrokerDataLockIT {

  @TempDir Path data;

  @Test
  void aSecondBrokerOnTheSameDataDirectoryFailsSayingWhy() throws Exception {
    BrokerSettings settings =
        BrokerSettings.builder().host("127.0.0.1").preferPort(1883).dataDirectory(data).build();
    try (EmbeddedBroker first = EmbeddedBroker.start(settings)) {
      assertThatThrownBy(() -> EmbeddedBroker.start(settings))
          .isInstanceOf(BrokerStartException.class)
          .hasMessageContaining(data.toString())
          .hasMessageContaining("another HiveMQ instance running?");
      assertThat(first.port()).isPositive();
    }
  }
}
