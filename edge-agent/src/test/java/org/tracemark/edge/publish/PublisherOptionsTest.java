package org.tracemark.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.keys.device.DeviceId;

class PublisherOptionsTest {

  private static final DeviceId DEVICE = DeviceId.of("reefer-0042");
  private static final URI PLAIN = URI.create("tcp://127.0.0.1:1883");
  private static final URI TLS = URI.create("ssl://127.0.0.1:8883");

  @TempDir Path dir;

  @Test
  void defaultsAreThoseOfTheContract() {
    PublisherOptions options = PublisherOptions.builder(DEVICE, PLAIN).build();
    assertThat(options.clientId()).isEqualTo("reefer-0042");
    assertThat(options.maxInflight()).isEqualTo(64);
    assertThat(options.keepAlive()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.backoffMin()).isEqualTo(Duration.ofMillis(500));
    assertThat(options.backoffMax()).isEqualTo(Duration.ofSeconds(60));
    assertThat(options.username()).isEmpty();
    assertThat(options.password()).isEmpty();
    assertThat(options.tls()).isEmpty();
  }

  @Test
  void onlyTcpAndSslUrisWithHostAndPortAreAccepted() {
    for (String uri :
        new String[] {
          "http://127.0.0.1:1883",
          "ws://127.0.0.1:1883",
          "tcp://127.0.0.1",
          "tcp://127.0.0.1:1883/topic",
          "tcp://user:secret@127.0.0.1:1883",
          "tcp://127.0.0.1:1883?x=1",
          "mqtt.example:1883"
        }) {
      assertThatThrownBy(() -> PublisherOptions.builder(DEVICE, URI.create(uri)).build())
          .as(uri)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(uri);
    }
    assertThat(PublisherOptions.builder(DEVICE, URI.create("tcp://localhost:1883/")).build())
        .isNotNull();
  }

  @Test
  void sslNeedsTlsSettingsAndTcpRefusesThem() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    assertThatThrownBy(() -> PublisherOptions.builder(DEVICE, TLS).build())
        .hasMessageContaining("no TLS settings");
    assertThatThrownBy(
            () -> PublisherOptions.builder(DEVICE, PLAIN).tls(TlsSettings.trusting(ca)).build())
        .hasMessageContaining("use ssl://");
    assertThat(PublisherOptions.builder(DEVICE, TLS).tls(TlsSettings.trusting(ca)).build().tls())
        .isPresent();
  }

  @Test
  void tlsFilesMustExistWhenTheOptionsAreBuilt() throws Exception {
    Path missing = dir.resolve("nope.pem");
    assertThatThrownBy(
            () -> PublisherOptions.builder(DEVICE, TLS).tls(TlsSettings.trusting(missing)).build())
        .hasMessageContaining("CA certificate file " + missing + " is not a readable file");
    Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
    ClientIdentity identity =
        ClientIdentity.of(dir.resolve("client.pem"), dir.resolve("client.key"), "pw".toCharArray());
    assertThatThrownBy(
            () ->
                PublisherOptions.builder(DEVICE, TLS)
                    .tls(TlsSettings.trusting(ca).withClientIdentity(identity))
                    .build())
        .hasMessageContaining("client certificate file");
  }

  @Test
  void aPasswordNeedsAUserName() {
    assertThatThrownBy(
            () ->
                PublisherOptions.builder(DEVICE, PLAIN)
                    .credentials(null, "secret".toCharArray())
                    .build())
        .hasMessageContaining("a password needs a username");
    assertThatThrownBy(() -> PublisherOptions.builder(DEVICE, PLAIN).credentials("", null).build())
        .hasMessageContaining("username must not be empty");
  }

  @Test
  void numbersAndDurationsAreChecked() {
    assertThatThrownBy(() -> PublisherOptions.builder(DEVICE, PLAIN).maxInflight(0).build())
        .hasMessageContaining("maxInflight must be 1 to");
    assertThatThrownBy(() -> PublisherOptions.builder(DEVICE, PLAIN).maxInflight(70_000).build())
        .hasMessageContaining("maxInflight");
    assertThatThrownBy(
            () ->
                PublisherOptions.builder(DEVICE, PLAIN).keepAlive(Duration.ofMillis(1500)).build())
        .hasMessageContaining("keepAlive must be whole seconds");
    assertThatThrownBy(
            () -> PublisherOptions.builder(DEVICE, PLAIN).connectionTimeout(Duration.ZERO).build())
        .hasMessageContaining("connectionTimeout");
    assertThatThrownBy(
            () ->
                PublisherOptions.builder(DEVICE, PLAIN)
                    .backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("backoff max");
    assertThatThrownBy(
            () ->
                PublisherOptions.builder(DEVICE, PLAIN)
                    .backoff(Duration.ZERO, Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("backoff min must be positive");
    assertThat(PublisherOptions.builder(DEVICE, PLAIN).keepAlive(Duration.ZERO).build().keepAlive())
        .isZero();
  }

  @Test
  void secretsNeverAppearInToString() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
    Path cert = Files.writeString(dir.resolve("client.pem"), "x");
    Path key = Files.writeString(dir.resolve("client.key"), "x");
    PublisherOptions options =
        PublisherOptions.builder(DEVICE, TLS)
            .credentials("reefer", "hunter2-password".toCharArray())
            .tls(
                TlsSettings.trusting(ca)
                    .withClientIdentity(
                        ClientIdentity.of(cert, key, "key-passphrase-xyz".toCharArray())))
            .build();
    assertThat(options.toString())
        .contains("reefer", "client.pem", "client.key", "password=<set>")
        .doesNotContain("hunter2-password", "key-passphrase-xyz");
    assertThat(new String(options.password().orElseThrow())).isEqualTo("hunter2-password");
  }

  @Test
  void theClientIdCanBeSetButNotEmpty() {
    assertThat(PublisherOptions.builder(DEVICE, PLAIN).clientId("agent-7").build().clientId())
        .isEqualTo("agent-7");
    assertThatThrownBy(() -> PublisherOptions.builder(DEVICE, PLAIN).clientId("").build())
        .hasMessageContaining("client id");
  }
}
