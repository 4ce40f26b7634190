package org.tracemark.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocketFactory;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.device.DeviceTopic;

/**
 * The embedded broker with real Paho clients over real TCP and TLS. One broker serves the tests
 * (HiveMQ takes seconds to start); it is started on preferred ports this test holds itself, so it
 * also shows the fallback, whatever else runs on the machine.
 */
class EmbeddedBrokerIT {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String HOST = "127.0.0.1";
  private static final DeviceId DEVICE_A = DeviceId.of("dev-a");
  private static final DeviceId DEVICE_B = DeviceId.of("dev-b");

  @TempDir static Path folder;

  private static ServerSocket heldPlain;
  private static ServerSocket heldTls;
  private static TestPki pki;
  private static EmbeddedBroker broker;

  private final List<MqttClient> clients = new ArrayList<>();
  private final List<MqttAsyncClient> asyncClients = new ArrayList<>();

  @BeforeAll
  static void startBroker() throws Exception {
    heldPlain = hold();
    heldTls = hold();
    pki = new TestPki();
    BrokerTls tls =
        BrokerTls.of(pki.writeBrokerKey(folder), pki.writeDeviceCa(folder))
            .preferringPort(heldTls.getLocalPort());
    broker =
        EmbeddedBroker.start(
            BrokerSettings.builder()
                .host(HOST)
                .preferPort(heldPlain.getLocalPort())
                .dataDirectory(folder.resolve("data"))
                .tls(tls)
                .build());
    System.out.println(broker.portReport() + " — started in " + broker.startDuration());
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
    heldPlain.close();
    heldTls.close();
  }

  @AfterEach
  void disconnectClients() {
    for (MqttClient client : clients) {
      try {
        if (client.isConnected()) {
          client.disconnect();
        }
        client.close(true);
      } catch (MqttException e) {
        // Already gone.
      }
    }
    for (MqttAsyncClient client : asyncClients) {
      try {
        if (client.isConnected()) {
          client.disconnect().waitForCompletion();
        }
        client.close(true);
      } catch (MqttException e) {
        // Already gone.
      }
    }
  }

  // (1) ports

  @Test
  void takenPreferredPortsAreReplacedAndReported() throws Exception {
    assertThat(broker.port()).isNotEqualTo(heldPlain.getLocalPort());
    assertThat(broker.tlsPort()).isPresent();
    assertThat(broker.tlsPort().getAsInt()).isNotEqualTo(heldTls.getLocalPort());
    assertThat(broker.uri()).hasToString("tcp://" + HOST + ":" + broker.port());
    assertThat(broker.portReport())
        .contains(Integer.toString(heldPlain.getLocalPort()))
        .contains(Integer.toString(heldTls.getLocalPort()))
        .contains("taken (another MQTT broker?)")
        .contains("listens on " + HOST + ":" + broker.port())
        .contains("TLS on " + HOST + ":" + broker.tlsPort().getAsInt());
    // And it is really there: a device connects at the reported URI.
    MqttClient device = connectDevice(DEVICE_A);
    assertThat(device.isConnected()).isTrue();
  }

  @Test
  void aDemandedPortThatIsTakenIsATypedErrorNamingIt() throws Exception {
    try (ServerSocket taken = hold()) {
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () ->
                  EmbeddedBroker.start(
                      BrokerSettings.builder()
                          .host(HOST)
                          .demandPort(port)
                          .dataDirectory(folder.resolve("demanded"))
                          .build()))
          .isInstanceOfSatisfying(
              BrokerPortTakenException.class,
              e -> {
                assertThat(e.port()).isEqualTo(port);
                assertThat(e.listener()).isEqualTo("MQTT");
              })
          .hasMessageContaining(HOST + ":" + port);
    }
  }

  // (2) readings reach the internal shared subscription

  @Test
  void aDeviceReadingReachesTheInternalSharedSubscription() throws Exception {
    Set<String> received = ConcurrentHashMap.newKeySet();
    connectInternal("ingest-2", true, received);
    MqttClient device = connectDevice(DEVICE_A);

    device.publish(DEVICE_A.readingsTopic(), payload("a-1"), 1, false);

    Awaitility.await().atMost(DEADLINE).until(() -> received.contains(entry(DEVICE_A, "a-1")));
  }

  // (3) a device cannot publish as another

  @Test
  void publishingToAnotherDevicesTopicIsDroppedCountedAndDisconnects() throws Exception {
    Set<String> received = ConcurrentHashMap.newKeySet();
    connectInternal("ingest-3", true, received);
    MqttClient deviceA = connectDevice(DEVICE_A);
    long refusedBefore = broker.refusedPublishes();

    // MQTT 3.1.1 cannot refuse one PUBLISH: HiveMQ closes the connection, so no PUBACK comes.
    assertThatThrownBy(() -> deviceA.publish(DEVICE_B.readingsTopic(), payload("forged"), 1, false))
        .isInstanceOf(MqttException.class);
    Awaitility.await().atMost(DEADLINE).until(() -> !deviceA.isConnected());
    assertThat(broker.refusedPublishes()).isEqualTo(refusedBefore + 1);

    // A marker from device B after the refusal: once it is in, the forgery would have been too.
    MqttClient deviceB = connectDevice(DEVICE_B);
    deviceB.publish(DEVICE_B.readingsTopic(), payload("b-marker"), 1, false);
    Awaitility.await().atMost(DEADLINE).until(() -> received.contains(entry(DEVICE_B, "b-marker")));
    assertThat(received).doesNotContain(entry(DEVICE_B, "forged"));
  }

  @Test
  void aDeviceMayNotPublishItsOwnFirmwareTopic() throws Exception {
    MqttClient device = connectDevice(DEVICE_A);
    long refusedBefore = broker.refusedPublishes();

    assertThatThrownBy(() -> device.publish(DEVICE_A.firmwareTopic(), payload("fw"), 1, true))
        .isInstanceOf(MqttException.class);

    assertThat(broker.refusedPublishes()).isEqualTo(refusedBefore + 1);
  }

  @Test
  void aDevicesLastWillOnItsOwnStatusReachesTheInternalClient() throws Exception {
    Set<String> received = ConcurrentHashMap.newKeySet();
    MqttClient internal = connectInternal("status-3", true, ConcurrentHashMap.newKeySet());
    internal.setCallback(recorder(received));
    internal.subscribe(DeviceTopic.STATUS.filterForAllDevices(), 1);
    MqttClient device =
        track(new MqttClient(broker.uri().toString(), DEVICE_A.value(), new MemoryPersistence()));
    MqttConnectOptions options = options311();
    options.setWill(DEVICE_A.statusTopic(), payload("offline"), 1, false);
    device.connect(options);

    // Gone without DISCONNECT, as a device losing power: the broker publishes the will.
    device.disconnectForcibly(0, 1_000, false);

    Awaitility.await()
        .atMost(DEADLINE)
        .until(() -> received.contains(DEVICE_A.statusTopic() + " offline"));
  }

  @Test
  void aLastWillOnAnotherDevicesTopicIsRefusedAtConnect() throws Exception {
    MqttClient device =
        track(new MqttClient(broker.uri().toString(), DEVICE_A.value(), new MemoryPersistence()));
    MqttConnectOptions options = options311();
    options.setWill(DEVICE_B.statusTopic(), payload("forged-offline"), 1, false);
    long refusedBefore = broker.refusedPublishes();

    // HiveMQ authorizes the will like a PUBLISH, at CONNECT: refused means CONNACK 5.
    assertThatThrownBy(() -> device.connect(options))
        .isInstanceOfSatisfying(
            MqttException.class,
            e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
    assertThat(broker.refusedPublishes()).isEqualTo(refusedBefore + 1);
  }

  // (4) subscriptions and logins

  @Test
  void aDeviceSubscribesOnlyToItsOwnFirmware() throws Exception {
    MqttAsyncClient device = connectAsyncDevice(DEVICE_A);
    long refusedBefore = broker.refusedSubscriptions();

    assertThat(grantedQos(device, DEVICE_A.firmwareTopic())).isEqualTo(1);
    assertThat(grantedQos(device, DeviceTopic.INGEST_SHARED_SUBSCRIPTION)).isEqualTo(0x80);
    assertThat(grantedQos(device, DEVICE_B.firmwareTopic())).isEqualTo(0x80);
    assertThat(grantedQos(device, DeviceTopic.READINGS.filterForAllDevices())).isEqualTo(0x80);
    assertThat(grantedQos(device, "#")).isEqualTo(0x80);

    assertThat(broker.refusedSubscriptions()).isEqualTo(refusedBefore + 4);
    assertThat(device.isConnected()).isTrue();
  }

  @Test
  void firmwarePublishedByTheInternalClientReachesItsDevice() throws Exception {
    MqttClient internal = connectInternal("firmware-4", true, ConcurrentHashMap.newKeySet());
    Set<String> received = ConcurrentHashMap.newKeySet();
    MqttClient device = connectDevice(DEVICE_A);
    device.setCallback(recorder(received));
    device.subscribe(DEVICE_A.firmwareTopic(), 1);

    internal.publish(DEVICE_A.firmwareTopic(), payload("manifest-1"), 1, false);

    Awaitility.await()
        .atMost(DEADLINE)
        .until(() -> received.contains(DEVICE_A.firmwareTopic() + " manifest-1"));
  }

  @Test
  void theWrongInternalPasswordIsRefusedAtConnect() throws Exception {
    long refusedBefore = broker.refusedConnects();
    MqttClient client =
        track(
            new MqttClient(
                broker.uri().toString(),
                InternalCredentials.clientId("intruder"),
                new MemoryPersistence()));
    MqttConnectOptions options = options311();
    options.setUserName(InternalCredentials.USERNAME);
    options.setPassword("not-the-password".toCharArray());

    assertThatThrownBy(() -> client.connect(options))
        .isInstanceOfSatisfying(
            MqttException.class,
            e ->
                assertThat(e.getReasonCode())
                    .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
    assertThat(broker.refusedConnects()).isEqualTo(refusedBefore + 1);
  }

  @Test
  void anInternalClientIdWithoutTheLoginIsRefused() throws Exception {
    MqttClient client =
        track(
            new MqttClient(
                broker.uri().toString(),
                InternalCredentials.clientId("ingest-1"),
                new MemoryPersistence()));

    assertThatThrownBy(() -> client.connect(options311()))
        .isInstanceOfSatisfying(
            MqttException.class,
            e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
  }

  // (5) the persistent session keeps everything while ingest is away

  @Test
  void aPersistentInternalSessionReceivesAll2000ReadingsPublishedWhileItWasAway() throws Exception {
    String name = "ingest-5";
    Set<String> received = ConcurrentHashMap.newKeySet();
    MqttClient first = connectInternal(name, false, received);
    first.disconnect();
    first.close();
    clients.remove(first);

    MqttClient device = connectDevice(DEVICE_A);
    int count = 2_000;
    for (int i = 0; i < count; i++) {
      device.publish(DEVICE_A.readingsTopic(), payload("p-" + i), 1, false);
    }

    try {
      connectInternal(name, false, received);
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == count);
      for (int i = 0; i < count; i++) {
        assertThat(received).contains(entry(DEVICE_A, "p-" + i));
      }
    } finally {
      removeSession(InternalCredentials.clientId(name));
    }
  }

  // (6) TLS with device certificates

  @Test
  void aCertifiedDevicePublishesItsOwnReadingsOverTls() throws Exception {
    Set<String> received = ConcurrentHashMap.newKeySet();
    connectInternal("ingest-6", true, received);
    TestPki.Device deviceA = pki.enrol(DEVICE_A);
    MqttClient device = connectTls(DEVICE_A.value(), pki.clientSocketFactory(deviceA));

    device.publish(DEVICE_A.readingsTopic(), payload("tls-1"), 1, false);

    Awaitility.await().atMost(DEADLINE).until(() -> received.contains(entry(DEVICE_A, "tls-1")));
  }

  @Test
  void aCertifiedDeviceCannotPublishToAnotherDevicesTopic() throws Exception {
    TestPki.Device deviceA = pki.enrol(DEVICE_A);
    MqttClient device = connectTls(DEVICE_A.value(), pki.clientSocketFactory(deviceA));
    long refusedBefore = broker.refusedPublishes();

    assertThatThrownBy(() -> device.publish(DEVICE_B.readingsTopic(), payload("x"), 1, false))
        .isInstanceOf(MqttException.class);

    Awaitility.await().atMost(DEADLINE).until(() -> !device.isConnected());
    assertThat(broker.refusedPublishes()).isEqualTo(refusedBefore + 1);
  }

  @Test
  void aCertifiedDeviceCannotTakeAnotherDevicesClientId() throws Exception {
    TestPki.Device deviceA = pki.enrol(DEVICE_A);
    long refusedBefore = broker.refusedConnects();

    // The certificate says dev-a; claiming dev-b's client id would take over dev-b's session.
    assertThatThrownBy(() -> connectTls(DEVICE_B.value(), pki.clientSocketFactory(deviceA)))
        .isInstanceOfSatisfying(
            MqttException.class,
            e ->
                assertThat(e.getReasonCode())
                    .isEqualTo(MqttException.REASON_CODE_INVALID_CLIENT_ID));
    assertThat(broker.refusedConnects()).isEqualTo(refusedBefore + 1);
  }

  @Test
  void withoutAClientCertificateTheTlsListenerRefuses() throws Exception {
    SSLSocketFactory noCertificate = pki.clientSocketFactory(null);

    assertThatThrownBy(() -> connectTls(DEVICE_A.value(), noCertificate))
        .isInstanceOf(MqttException.class);
  }

  // helpers

  private static ServerSocket hold() throws Exception {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
    return socket;
  }

  /**
   * MQTT 3.1.1 pinned: Paho's default tries 3.1.1 and, when the CONNECT is refused, tries again
   * with 3.1, which would count as a second refusal.
   */
  private static MqttConnectOptions options311() {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    return options;
  }

  private static byte[] payload(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String entry(DeviceId device, String text) {
    return device.readingsTopic() + " " + text;
  }

  private <T extends MqttClient> T track(T client) {
    clients.add(client);
    return client;
  }

  private MqttClient connectDevice(DeviceId device) throws MqttException {
    MqttClient client =
        track(new MqttClient(broker.uri().toString(), device.value(), new MemoryPersistence()));
    client.setTimeToWait(DEADLINE.toMillis());
    MqttConnectOptions options = options311();
    options.setMaxInflight(1_000);
    client.connect(options);
    return client;
  }

  private MqttAsyncClient connectAsyncDevice(DeviceId device) throws MqttException {
    MqttAsyncClient client =
        new MqttAsyncClient(broker.uri().toString(), device.value(), new MemoryPersistence());
    asyncClients.add(client);
    client.connect(options311()).waitForCompletion(DEADLINE.toMillis());
    return client;
  }

  private static int grantedQos(MqttAsyncClient client, String filter) throws MqttException {
    IMqttToken token = client.subscribe(filter, 1);
    token.waitForCompletion(DEADLINE.toMillis());
    return token.getGrantedQos()[0];
  }

  private MqttClient connectTls(String clientId, SSLSocketFactory factory) throws MqttException {
    MqttClient client =
        track(
            new MqttClient(
                broker.tlsUri().orElseThrow().toString(), clientId, new MemoryPersistence()));
    client.setTimeToWait(DEADLINE.toMillis());
    MqttConnectOptions options = options311();
    options.setSocketFactory(factory);
    options.setHttpsHostnameVerificationEnabled(true);
    client.connect(options);
    return client;
  }

  private MqttClient connectInternal(String name, boolean cleanSession, Set<String> received)
      throws MqttException {
    MqttClient client =
        track(
            new MqttClient(
                broker.uri().toString(),
                InternalCredentials.clientId(name),
                new MemoryPersistence()));
    client.setTimeToWait(DEADLINE.toMillis());
    client.setCallback(recorder(received));
    MqttConnectOptions options = options311();
    options.setCleanSession(cleanSession);
    options.setUserName(broker.internalCredentials().username());
    options.setPassword(broker.internalCredentials().password());
    options.setMaxInflight(1_000);
    client.connect(options);
    // Again on a resumed session too: subscribing to the same filter keeps its queue.
    client.subscribe(DeviceTopic.INGEST_SHARED_SUBSCRIPTION, 1);
    return client;
  }

  private void removeSession(String clientId) throws MqttException {
    MqttClient cleaner = new MqttClient(broker.uri().toString(), clientId, new MemoryPersistence());
    MqttConnectOptions options = options311();
    options.setCleanSession(true);
    options.setUserName(broker.internalCredentials().username());
    options.setPassword(broker.internalCredentials().password());
    cleaner.connect(options);
    cleaner.disconnect();
    cleaner.close();
  }

  private static MqttCallback recorder(Set<String> received) {
    return new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {}

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    };
  }
}
