package org.tracemark.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.device.DeviceId;

class DeviceAuthenticatorTest {

  private final InternalCredentials internal = InternalCredentials.generate();

  private Optional<byte[]> password(char[] password) {
    return Optional.of(new String(password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void onPlainTcpTheClientIdIsTheDevice() {
    DeviceAuthenticator.Identification identification =
        DeviceAuthenticator.identify(
            "dev-a", Optional.empty(), Optional.empty(), false, Optional.empty(), internal);

    assertThat(identification.principal())
        .contains(new BrokerPrincipal.Device(DeviceId.of("dev-a"), false));
  }

  @Test
  void aClientIdThatIsNoDeviceIdIsRefused() {
    DeviceAuthenticator.Identification identification =
        DeviceAuthenticator.identify(
            "mosquitto_sub/1",
            Optional.empty(),
            Optional.empty(),
            false,
            Optional.empty(),
            internal);

    assertThat(identification.principal()).isEmpty();
    assertThat(identification.refusal()).isEqualTo(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
  }

  @Test
  void theInternalLoginNeedsThePasswordAndAnInternalClientId() {
    String id = InternalCredentials.clientId("ingest-1");
    Optional<String> user = Optional.of(InternalCredentials.USERNAME);

    assertThat(
            DeviceAuthenticator.identify(
                    id, user, password(internal.password()), false, Optional.empty(), internal)
                .principal())
        .contains(new BrokerPrincipal.Internal());
    assertThat(
            DeviceAuthenticator.identify(
                    id, user, password("wrong".toCharArray()), false, Optional.empty(), internal)
                .refusal())
        .isEqualTo(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(
            DeviceAuthenticator.identify(
                    id, user, Optional.empty(), false, Optional.empty(), internal)
                .refusal())
        .isEqualTo(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD);
    assertThat(
            DeviceAuthenticator.identify(
                    "dev-a", user, password(internal.password()), false, Optional.empty(), internal)
                .refusal())
        .isEqualTo(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
  }

  @Test
  void anInternalClientIdWithoutTheLoginIsRefused() {
    assertThat(
            DeviceAuthenticator.identify(
                    InternalCredentials.clientId("ingest-1"),
                    Optional.of("someone"),
                    Optional.empty(),
                    false,
                    Optional.empty(),
                    internal)
                .refusal())
        .isEqualTo(ConnackReasonCode.NOT_AUTHORIZED);
  }

  @Test
  void overTlsWithoutACertificateNobodyIsADevice() {
    assertThat(
            DeviceAuthenticator.identify(
                    "dev-a", Optional.empty(), Optional.empty(), true, Optional.empty(), internal)
                .refusal())
        .isEqualTo(ConnackReasonCode.NOT_AUTHORIZED);
  }

  @Test
  void overTlsTheCertificateNamesTheDeviceAndTheClientIdMustAgree() throws Exception {
    TestPki pki = new TestPki();
    TestPki.Device device = pki.enrol(DeviceId.of("dev-a"));
    Optional<java.security.cert.X509Certificate> certificate =
        Optional.of(device.certificate().certificate());

    assertThat(
            DeviceAuthenticator.identify(
                    "dev-a", Optional.empty(), Optional.empty(), true, certificate, internal)
                .principal())
        .contains(new BrokerPrincipal.Device(DeviceId.of("dev-a"), true));
    assertThat(
            DeviceAuthenticator.identify(
                    "dev-b", Optional.empty(), Optional.empty(), true, certificate, internal)
                .refusal())
        .isEqualTo(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID);
  }

  @Test
  void credentialsNeverShowThePassword() {
    assertThat(internal.toString()).doesNotContain(new String(internal.password()));
  }
}
