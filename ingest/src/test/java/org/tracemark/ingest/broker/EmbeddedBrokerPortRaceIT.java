package org.tracemark.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The race between probing a port and HiveMQ binding it, lost on purpose: the probe says a port
 * this test holds is free, so HiveMQ really fails to bind it, and the broker has to notice.
 */
class EmbeddedBrokerPortRaceIT {

  private static final String HOST = "127.0.0.1";

  @TempDir Path folder;

  @Test
  void aPreferredPortLostToAnotherProcessIsReplacedByAnother() throws Exception {
    try (ServerSocket racer = hold()) {
      int lost = racer.getLocalPort();
      EmbeddedBroker.PortProbe wrong =
          (host, port) -> port == lost || EmbeddedBroker.isFree(host, port);

      try (EmbeddedBroker broker =
          EmbeddedBroker.start(settings().preferPort(lost).build(), wrong)) {
        assertThat(broker.port()).isNotEqualTo(lost);
        assertThat(broker.portReport()).contains("Port " + lost + " is taken");
        assertConnects(broker);
      }
    }
  }

  @Test
  void aTlsPortLostToAnotherProcessIsReplacedWhilePlainMqttBound() throws Exception {
    TestPki pki = new TestPki();
    try (ServerSocket racer = hold()) {
      int lost = racer.getLocalPort();
      EmbeddedBroker.PortProbe wrong =
          (host, port) -> port == lost || EmbeddedBroker.isFree(host, port);
      BrokerTls tls =
          BrokerTls.of(pki.writeBrokerKey(folder), pki.writeDeviceCa(folder)).preferringPort(lost);

      try (EmbeddedBroker broker =
          EmbeddedBroker.start(settings().preferPort(freePort()).tls(tls).build(), wrong)) {
        // HiveMQ itself started fine with only the plain listener; the check caught the TLS one.
        assertThat(broker.tlsPort()).isPresent();
        assertThat(broker.tlsPort().getAsInt()).isNotEqualTo(lost);
        assertConnects(broker);
      }
    }
  }

  @Test
  void aDemandedPortLostToAnotherProcessIsTheTypedError() throws Exception {
    try (ServerSocket racer = hold()) {
      int lost = racer.getLocalPort();
      EmbeddedBroker.PortProbe wrong =
          (host, port) -> port == lost || EmbeddedBroker.isFree(host, port);

      assertThatThrownBy(() -> EmbeddedBroker.start(settings().demandPort(lost).build(), wrong))
          .isInstanceOfSatisfying(
              BrokerPortTakenException.class, e -> assertThat(e.port()).isEqualTo(lost));
    }
  }

  private BrokerSettings.Builder settings() {
    return BrokerSettings.builder().host(HOST).dataDirectory(folder.resolve("data"));
  }

  private static void assertConnects(EmbeddedBroker broker) throws Exception {
    MqttClient device =
        new MqttClient(broker.uri().toString(), "dev-race", new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    device.connect(options);
    assertThat(device.isConnected()).isTrue();
    device.disconnect();
    device.close();
  }

  private static ServerSocket hold() throws Exception {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
    return socket;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = hold()) {
      return socket.getLocalPort();
    }
  }
}
