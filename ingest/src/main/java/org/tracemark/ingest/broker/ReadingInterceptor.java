package org.tracemark.ingest.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.tracemark.keys.device.DeviceTopic;

/**
 * Takes readings out of the broker as they arrive (those the device ACL allows) and hands them to
 * ingest in the same JVM: the publish is held until the outcome is durable, then delivered to no
 * subscriber and acknowledged to the device. So the device's PUBACK means "kept" (anchored, or
 * quarantined with a reason), nothing waits in a broker queue that a crash could lose, and no
 * subscription round trip caps throughput. Other topics pass untouched.
 */
final class ReadingInterceptor implements PublishInboundInterceptor {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ReadingHandoff handoff;

  ReadingInterceptor(ReadingHandoff handoff) {
    this.handoff = handoff;
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    String topic = input.getPublishPacket().getTopic();
    if (DeviceTopic.READINGS.deviceIn(topic).isEmpty()) {
      return;
    }
    // HiveMQ runs inbound interceptors before the publish authorizer: check the ACL here too, and
    // leave what it refuses to the authorizer (which drops it and disconnects the client).
    if (!TopicAuthorizer.principalOf(input)
        .map(principal -> DeviceAcl.mayPublish(principal, topic))
        .orElse(false)) {
      return;
    }
    ByteBuffer payload = input.getPublishPacket().getPayload().orElse(ByteBuffer.allocate(0));
    byte[] message = new byte[payload.remaining()];
    payload.duplicate().get(message);
    // On a timeout the publish fails: no PUBACK, the device sends it again.
    Async<PublishInboundOutput> async =
        output.async(TIMEOUT, TimeoutFallback.FAILURE, AckReasonCode.UNSPECIFIED_ERROR);
    handoff
        .take(topic, message)
        .whenComplete(
            (done, error) -> {
              if (error == null) {
                async.getOutput().preventPublishDelivery();
              } else {
                async
                    .getOutput()
                    .preventPublishDelivery(
                        AckReasonCode.UNSPECIFIED_ERROR, "not kept yet; send it again");
              }
              async.resume();
            });
  }
}
