package org.tracemark.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MonitoredLogTest {

  @Test
  void theBaseUrlIsNormalisedSoLedgerPathsResolveUnderIt() {
    assertThat(
            MonitoredLog.of(URI.create("https://log.example"), TestLog.VKEY).ledger("checkpoint"))
        .isEqualTo(URI.create("https://log.example/ledger/checkpoint"));
    assertThat(
            MonitoredLog.of(URI.create("HTTP://log.example:8080/mirror"), TestLog.VKEY)
                .ledger("tile/0/x001/234.p/7"))
        .isEqualTo(URI.create("http://log.example:8080/mirror/ledger/tile/0/x001/234.p/7"));
    assertThat(MonitoredLog.of(URI.create("http://[::1]:80/a/"), TestLog.VKEY).base())
        .isEqualTo(URI.create("http://[::1]:80/a/"));
  }

  @Test
  void theOriginDefaultsToTheKeyName() {
    assertThat(MonitoredLog.of(URI.create("https://log.example"), TestLog.VKEY).origin())
        .isEqualTo(TestLog.KEY.name().value());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://log.example/",
        "log.example",
        "https:///nohost",
        "https://log.example/?a=b",
        "https://log.example/#top",
        "https://user:secret@log.example/",
        "ftp://user:secret@log.example/?q"
      })
  void refusesUrlsThatAreNotAPlainHttpBase(String url) {
    assertThatThrownBy(() -> MonitoredLog.of(URI.create(url), TestLog.VKEY))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("secret");
  }
}
