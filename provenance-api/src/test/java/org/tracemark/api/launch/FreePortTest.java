package org.tracemark.api.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortTest {

  @Test
  void aTakenPortIsNoticedAndAnotherFreeOneIsChosen() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThat(FreePort.isFree("127.0.0.1", port)).isFalse();

      int chosen = FreePort.preferOrAny("127.0.0.1", port);

      assertThat(chosen).isNotEqualTo(port).isPositive();
      assertThat(FreePort.isFree("127.0.0.1", chosen)).isTrue();
    }
  }

  @Test
  void aFreePreferredPortIsKept() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    assertThat(FreePort.preferOrAny("127.0.0.1", port)).isEqualTo(port);
  }
}
