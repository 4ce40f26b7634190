package org.tracemark.ingest.broker;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.tracemark.keys.Untrusted;

/**
 * Applies {@link DeviceAcl} to every PUBLISH (including a last will) and every topic filter of a
 * SUBSCRIBE, for the principal {@link DeviceAuthenticator} stored at CONNECT. A connection without
 * one (which the authenticator never lets through) is refused everything.
 *
 * <p>What a refusal does is the SDK's: a refused PUBLISH is dropped and, for an MQTT 3.1.1 client,
 * the connection is closed (3.1.1 has no way to refuse a single PUBLISH); an MQTT 5 client gets a
 * PUBACK with NOT_AUTHORIZED and then a DISCONNECT. A refused subscription gets SUBACK failure
 * {@code 0x80} (3.1.1) or NOT_AUTHORIZED (5) for that filter, and the connection stays up.
 */
final class TopicAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {

  private static final System.Logger LOG = System.getLogger(TopicAuthorizer.class.getName());

  private final AtomicLong refusedPublishes;
  private final AtomicLong refusedSubscriptions;

  TopicAuthorizer(AtomicLong refusedPublishes, AtomicLong refusedSubscriptions) {
    this.refusedPublishes = refusedPublishes;
    this.refusedSubscriptions = refusedSubscriptions;
  }

  @Override
  public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
    String topic = input.getPublishPacket().getTopic();
    Optional<BrokerPrincipal> principal = principalOf(input);
    if (principal.isPresent() && DeviceAcl.mayPublish(principal.get(), topic)) {
      output.authorizeSuccessfully();
      return;
    }
    refusedPublishes.incrementAndGet();
    LOG.log(
        Level.DEBUG,
        "refused PUBLISH by {0} to {1}",
        principal.map(BrokerPrincipal::encode).orElse("unidentified"),
        Untrusted.echo(topic));
    output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "not your topic");
  }

  @Override
  public void authorizeSubscribe(
      SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
    String filter = input.getSubscription().getTopicFilter();
    Optional<BrokerPrincipal> principal = principalOf(input);
    if (principal.isPresent() && DeviceAcl.maySubscribe(principal.get(), filter)) {
      output.authorizeSuccessfully();
      return;
    }
    refusedSubscriptions.incrementAndGet();
    LOG.log(
        Level.DEBUG,
        "refused SUBSCRIBE by {0} to {1}",
        principal.map(BrokerPrincipal::encode).orElse("unidentified"),
        Untrusted.echo(filter));
    output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "not your topic");
  }

  static Optional<BrokerPrincipal> principalOf(ClientBasedInput input) {
    return input
        .getConnectionInformation()
        .getConnectionAttributeStore()
        .getAsString(DeviceAuthenticator.PRINCIPAL_ATTRIBUTE)
        .flatMap(BrokerPrincipal::decode);
  }
}
