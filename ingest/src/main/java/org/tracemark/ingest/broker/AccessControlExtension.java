package org.tracemark.ingest.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker's security, loaded into HiveMQ as an embedded extension: {@link DeviceAuthenticator}
 * for CONNECT and {@link TopicAuthorizer} for PUBLISH and SUBSCRIBE. Registering an authenticator
 * also switches off embedded HiveMQ's default of letting every client in. Keeps the refusal
 * counters the broker reports.
 */
final class AccessControlExtension implements ExtensionMain {

  private final AtomicLong refusedConnects = new AtomicLong();
  private final AtomicLong refusedPublishes = new AtomicLong();
  private final AtomicLong refusedSubscriptions = new AtomicLong();
  private final DeviceAuthenticator authenticator;
  private final TopicAuthorizer authorizer;

  private final java.util.Optional<ReadingHandoff> readings;

  AccessControlExtension(
      InternalCredentials internal, java.util.Optional<ReadingHandoff> readings) {
    this.authenticator = new DeviceAuthenticator(internal, refusedConnects);
    this.authorizer = new TopicAuthorizer(refusedPublishes, refusedSubscriptions);
    this.readings = readings;
  }

  EmbeddedExtension embedded() {
    return EmbeddedExtension.builder()
        .withId("tracemark-access-control")
        .withName("Tracemark device ACL")
        .withVersion("1")
        .withAuthor("Tracemark")
        .withPriority(1000)
        .withStartPriority(1000)
        .withExtensionMain(this)
        .build();
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
    Services.securityRegistry().setAuthorizerProvider(providerInput -> authorizer);
    readings.ifPresent(
        handoff -> {
          ReadingInterceptor interceptor = new ReadingInterceptor(handoff);
          Services.initializerRegistry()
              .setClientInitializer(
                  (initializerInput, clientContext) ->
                      clientContext.addPublishInboundInterceptor(interceptor));
        });
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    // Nothing to release: HiveMQ drops the providers with the extension.
  }

  long refusedConnects() {
    return refusedConnects.get();
  }

  long refusedPublishes() {
    return refusedPublishes.get();
  }

  long refusedSubscriptions() {
    return refusedSubscriptions.get();
  }
}
