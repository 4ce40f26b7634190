package org.tracemark.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.device.DeviceTopic;

/**
 * What the data directory is for: readings queued for ingest's persistent session while ingest is
 * away survive a restart of the platform (and so of the embedded broker).
 */
class EmbeddedBrokerRestartIT {

  private static final DeviceId DEVICE = DeviceId.of("dev-restart");
  private static final String INGEST = InternalCredentials.clientId("ingest-restart");

  @TempDir Path data;

  @Test
  void readingsQueuedForAnOfflineSessionSurviveABrokerRestart() throws Exception {
    int count = 500;
    BrokerSettings settings =
        BrokerSettings.builder().host("127.0.0.1").preferPort(1883).dataDirectory(data).build();

    try (EmbeddedBroker broker = EmbeddedBroker.start(settings)) {
      MqttClient ingest = connectIngest(broker, ConcurrentHashMap.newKeySet());
      ingest.disconnect();
      ingest.close();
      MqttClient device =
          new MqttClient(broker.uri().toString(), DEVICE.value(), new MemoryPersistence());
      device.connect(options());
      for (int i = 0; i < count; i++) {
        device.publish(
            DEVICE.readingsTopic(), ("r-" + i).getBytes(StandardCharsets.UTF_8), 1, false);
      }
      device.disconnect();
      device.close();
    }

    // A new broker on the same data directory: new port (maybe), new internal password.
    try (EmbeddedBroker broker = EmbeddedBroker.start(settings)) {
      Set<String> received = ConcurrentHashMap.newKeySet();
      MqttClient ingest = connectIngest(broker, received);
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == count);
      for (int i = 0; i < count; i++) {
        assertThat(received).contains("r-" + i);
      }
      ingest.disconnect();
      ingest.close();
    }
  }

  private static MqttClient connectIngest(EmbeddedBroker broker, Set<String> received)
      throws MqttException {
    MqttClient client = new MqttClient(broker.uri().toString(), INGEST, new MemoryPersistence());
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    MqttConnectOptions options = options();
    options.setCleanSession(false);
    options.setUserName(broker.internalCredentials().username());
    options.setPassword(broker.internalCredentials().password());
    client.connect(options);
    client.subscribe(DeviceTopic.INGEST_SHARED_SUBSCRIPTION, 1);
    return client;
  }

  private static MqttConnectOptions options() {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setMaxInflight(1_000);
    return options;
  }
}
