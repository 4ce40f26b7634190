package org.tracemark.ingest.mqtt;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.tracemark.ingest.pipeline.IngestPipeline;
import org.tracemark.keys.device.DeviceTopic;

/**
 * The ingest subscriber (DESIGN §2): the shared subscription {@code
 * $share/ingest/tracemark/v1/devices/+/readings}, QoS 1, a persistent session (the broker queues
 * while ingest is down), and manual acknowledgements: a message is acknowledged only when the
 * pipeline says its outcome is durable. If that fails, it is not acknowledged and the broker
 * delivers it again after a reconnect.
 *
 * <p>Back-pressure: at most {@code maxInFlight} messages are in the pipeline; Paho's callback
 * thread waits for room, which stops reading from the socket, which makes the broker queue.
 */
public final class MqttIngest implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(MqttIngest.class.getName());

  private final MqttClient client;
  private final IngestPipeline pipeline;
  private final Semaphore inFlight;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  private MqttIngest(MqttClient client, IngestPipeline pipeline, int maxInFlight) {
    this.client = client;
    this.pipeline = pipeline;
    this.inFlight = new Semaphore(maxInFlight);
  }

  /**
   * Connects and subscribes to {@link DeviceTopic#INGEST_SHARED_SUBSCRIPTION}.
   *
   * @param clientId stable per ingest process: the broker keeps this session's queue by it
   */
  public static MqttIngest start(
      String brokerUri, String clientId, IngestPipeline pipeline, int maxInFlight)
      throws MqttException {
    return start(
        brokerUri, clientId, DeviceTopic.INGEST_SHARED_SUBSCRIPTION, pipeline, maxInFlight);
  }

  /** As {@link #start(String, String, IngestPipeline, int)}, with another topic filter. */
  public static MqttIngest start(
      String brokerUri,
      String clientId,
      String topicFilter,
      IngestPipeline pipeline,
      int maxInFlight)
      throws MqttException {
    return start(
        new Endpoint(brokerUri, clientId, topicFilter, Optional.empty(), Optional.empty()),
        pipeline,
        maxInFlight);
  }

  /**
   * Where and as whom ingest subscribes.
   *
   * @param password kept by the client for reconnects; never in {@link #toString()}
   */
  public record Endpoint(
      String uri,
      String clientId,
      String topicFilter,
      Optional<String> username,
      Optional<char[]> password) {

    @Override
    public String toString() {
      return uri
          + " as "
          + clientId
          + (username.isPresent() ? " (user " + username.get() + ")" : "");
    }
  }

  /** Connects and subscribes as {@code endpoint} says. */
  public static MqttIngest start(Endpoint endpoint, IngestPipeline pipeline, int maxInFlight)
      throws MqttException {
    MqttClient client =
        new MqttClient(endpoint.uri(), endpoint.clientId(), new MemoryPersistence());
    MqttIngest ingest = new MqttIngest(client, pipeline, maxInFlight);
    client.setManualAcks(true);
    client.setCallback(ingest.new Callback());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(false);
    options.setAutomaticReconnect(true);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setMaxInflight(Math.max(10, maxInFlight));
    options.setKeepAliveInterval(30);
    endpoint.username().ifPresent(options::setUserName);
    endpoint.password().ifPresent(options::setPassword);
    // Paho keeps the password for its automatic reconnects, so it is not cleared here.
    client.connect(options);
    client.subscribe(endpoint.topicFilter(), 1);
    return ingest;
  }

  private final class Callback implements MqttCallbackExtended {

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (reconnect) {
        LOG.log(System.Logger.Level.INFO, "ingest reconnected to " + serverUri);
      }
    }

    @Override
    public void connectionLost(Throwable cause) {
      LOG.log(
          System.Logger.Level.WARNING,
          "ingest lost the broker (" + cause + "); unacknowledged messages will come again");
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
      inFlight.acquire(); // back-pressure: wait for room in the pipeline
      received.incrementAndGet();
      int id = message.getId();
      int qos = message.getQos();
      pipeline
          .submit(topic, message.getPayload(), Instant.now())
          .whenComplete(
              (outcome, error) -> {
                inFlight.release();
                if (error != null) {
                  failed.incrementAndGet();
                  LOG.log(
                      System.Logger.Level.WARNING,
                      "no durable outcome for a message on "
                          + topic
                          + ": "
                          + error.getMessage()
                          + "; not acknowledged, the broker will deliver it again");
                  return;
                }
                try {
                  client.messageArrivedComplete(id, qos);
                  acknowledged.incrementAndGet();
                } catch (MqttException e) {
                  LOG.log(
                      System.Logger.Level.WARNING,
                      "could not acknowledge message " + id + ": " + e.getMessage());
                }
              });
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}
  }

  /** Whether the client is connected to the broker right now. */
  public boolean connected() {
    return client.isConnected();
  }

  public long received() {
    return received.get();
  }

  public long acknowledged() {
    return acknowledged.get();
  }

  public long failed() {
    return failed.get();
  }

  @Override
  public void close() throws MqttException {
    try {
      if (client.isConnected()) {
        client.disconnect(5_000);
      }
    } finally {
      client.close();
    }
  }
}
