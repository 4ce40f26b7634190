package org.tracemark.edge.publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A Paho subscriber that records everything it receives, QoS 1, for the tests to look at. */
final class RecordingSubscriber implements AutoCloseable {

  /** One received message. */
  record Received(String topic, byte[] payload, boolean retained) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final MqttAsyncClient client;
  private final MqttConnectOptions options;
  private final String[] topics;
  private final List<Received> received = new ArrayList<>();

  private RecordingSubscriber(
      String uri, String clientId, boolean cleanSession, SocketFactory sockets, String... topics)
      throws MqttException {
    this.client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    this.topics = topics.clone();
    this.options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(cleanSession);
    options.setAutomaticReconnect(false);
    options.setMaxInflight(1000);
    options.setConnectionTimeout(5);
    if (sockets != null) {
      options.setSocketFactory(sockets);
    }
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            synchronized (received) {
              received.add(new Received(topic, message.getPayload(), message.isRetained()));
            }
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
  }

  static RecordingSubscriber connect(
      String uri, String clientId, boolean cleanSession, SocketFactory sockets, String... topics)
      throws MqttException {
    RecordingSubscriber subscriber =
        new RecordingSubscriber(uri, clientId, cleanSession, sockets, topics);
    subscriber.connect();
    return subscriber;
  }

  static RecordingSubscriber connect(String uri, String clientId, String... topics)
      throws MqttException {
    return connect(uri, clientId, true, null, topics);
  }

  /** Connects (again) and subscribes, waiting for both. */
  void connect() throws MqttException {
    client.connect(options).waitForCompletion(10_000);
    int[] qos = new int[topics.length];
    java.util.Arrays.fill(qos, 1);
    client.subscribe(topics, qos).waitForCompletion(10_000);
  }

  boolean isConnected() {
    return client.isConnected();
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  List<Received> on(String topic) {
    return received().stream().filter(r -> r.topic().equals(topic)).toList();
  }

  /** The record ids of the payloads received on {@code topic}, in arrival order. */
  List<Long> ids(String topic) {
    return on(topic).stream().map(r -> MemoryOutbox.idOf(r.payload())).toList();
  }

  /** Arrival order with repeats dropped: what a deduplicating consumer (ingest) sees. */
  static List<Long> firstOccurrences(List<Long> ids) {
    return new ArrayList<>(new LinkedHashSet<>(ids));
  }

  /** Publishes (e.g. a retained firmware manifest) and waits for the broker's confirmation. */
  void publish(String topic, byte[] payload, boolean retained) throws MqttException {
    client.publish(topic, payload, 1, retained).waitForCompletion(10_000);
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect(0).waitForCompletion(2_000);
      }
    } catch (MqttException e) {
      // Going away anyway.
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // Already closed.
    }
  }
}
