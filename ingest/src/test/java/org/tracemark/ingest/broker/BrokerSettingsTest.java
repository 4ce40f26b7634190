package org.tracemark.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerSettingsTest {

  @TempDir Path folder;

  @Test
  void defaultsSuitEmbeddedModeOnALaptop() {
    BrokerSettings settings = BrokerSettings.defaults();

    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(1883);
    assertThat(settings.portDemanded()).isFalse();
    assertThat(settings.dataDirectory()).endsWithRaw(Path.of(".tracemark", "broker"));
    assertThat(settings.maxQueuedMessagesPerClient()).isEqualTo(1_000_000L);
    assertThat(settings.tls()).isEmpty();
  }

  @Test
  void toStringNeverShowsTheKeyStorePassword() throws Exception {
    Path store = Files.writeString(folder.resolve("broker.p12"), "not parsed here");
    Path cas = Files.writeString(folder.resolve("cas.pem"), "not parsed here");
    BrokerTls tls = BrokerTls.of(BrokerTls.pkcs12(store, "s3cret-pass".toCharArray()), cas);

    String text = BrokerSettings.builder().tls(tls).build().toString();

    assertThat(text).doesNotContain("s3cret-pass").contains("<hidden>").contains("8883");
  }

  @Test
  void badSettingsAreRefusedNamingTheSetting() throws Exception {
    Path store = Files.writeString(folder.resolve("broker.p12"), "x");
    Path cas = Files.writeString(folder.resolve("cas.pem"), "x");

    assertThatThrownBy(() -> BrokerSettings.builder().preferPort(0).build())
        .hasMessageContaining("port");
    assertThatThrownBy(() -> BrokerSettings.builder().maxQueuedMessagesPerClient(0).build())
        .hasMessageContaining("maxQueuedMessagesPerClient");
    assertThatThrownBy(
            () ->
                BrokerSettings.builder()
                    .preferPort(8883)
                    .tls(BrokerTls.of(BrokerTls.pkcs12(store, null), cas))
                    .build())
        .hasMessageContaining("both 8883");
    assertThatThrownBy(() -> BrokerTls.of(BrokerTls.pkcs12(store, null), folder.resolve("none")))
        .hasMessageContaining("device CA");
  }
}
