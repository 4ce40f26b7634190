package org.tracemark.ingest.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.tracemark.keys.Untrusted;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.DeviceCertificateException;

/**
 * Decides at CONNECT who a client is (see {@link #identify}) and keeps the answer in the
 * connection's attribute store, where {@link TopicAuthorizer} reads it for every PUBLISH and
 * SUBSCRIBE. One instance serves every connection: it holds no per-connection state.
 */
final class DeviceAuthenticator implements SimpleAuthenticator {

  static final String PRINCIPAL_ATTRIBUTE = "org.tracemark.broker.principal";

  private static final System.Logger LOG = System.getLogger(DeviceAuthenticator.class.getName());

  private final InternalCredentials internal;
  private final AtomicLong refusedConnects;

  DeviceAuthenticator(InternalCredentials internal, AtomicLong refusedConnects) {
    this.internal = internal;
    this.refusedConnects = refusedConnects;
  }

  /** The outcome of {@link #identify}: a principal, or the CONNACK code and why. */
  record Identification(
      Optional<BrokerPrincipal> principal, ConnackReasonCode refusal, String reason) {

    static Identification of(BrokerPrincipal principal) {
      return new Identification(Optional.of(principal), ConnackReasonCode.SUCCESS, "");
    }

    static Identification refused(ConnackReasonCode code, String reason) {
      return new Identification(Optional.empty(), code, reason);
    }
  }

  @Override
  public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    ConnectPacket connect = input.getConnectPacket();
    ConnectionInformation connection = input.getConnectionInformation();
    Optional<ClientTlsInformation> tls = connection.getClientTlsInformation();
    Identification identification =
        identify(
            connect.getClientId(),
            connect.getUserName(),
            connect.getPassword().map(DeviceAuthenticator::bytes),
            tls.isPresent(),
            tls.flatMap(ClientTlsInformation::getClientCertificate),
            internal);
    if (identification.principal().isPresent()) {
      connection
          .getConnectionAttributeStore()
          .putAsString(PRINCIPAL_ATTRIBUTE, identification.principal().get().encode());
      output.authenticateSuccessfully();
    } else {
      refusedConnects.incrementAndGet();
      LOG.log(
          Level.DEBUG,
          "refused CONNECT of client id {0}: {1}",
          Untrusted.echo(connect.getClientId()),
          identification.reason());
      output.failAuthentication(identification.refusal(), identification.reason());
    }
  }

  /**
   * Who a client is.
   *
   * <ol>
   *   <li>User name {@value InternalCredentials#USERNAME}: the password must be the internal one
   *       and the client id must start with {@value InternalCredentials#CLIENT_ID_PREFIX}.
   *   <li>An internal client id without that login is refused.
   *   <li>TLS listener: the client certificate (already chained to the device CA by the TLS
   *       handshake) must be a device certificate; its device id is the identity, and the client id
   *       must equal it, so that no device can take over another device's session.
   *   <li>Plain TCP: the client id is the device id, unchecked (loopback and demo only).
   * </ol>
   *
   * User names and passwords other than the internal login are ignored: devices have no password in
   * this design.
   */
  static Identification identify(
      String clientId,
      Optional<String> username,
      Optional<byte[]> password,
      boolean overTls,
      Optional<X509Certificate> clientCertificate,
      InternalCredentials internal) {
    if (username.isPresent() && InternalCredentials.USERNAME.equals(username.get())) {
      byte[] candidate = password.orElse(null);
      try {
        if (!internal.matches(candidate)) {
          return Identification.refused(
              ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "wrong internal password");
        }
      } finally {
        if (candidate != null) {
          Arrays.fill(candidate, (byte) 0);
        }
      }
      if (clientId == null || !clientId.startsWith(InternalCredentials.CLIENT_ID_PREFIX)) {
        return Identification.refused(
            ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
            "internal clients use ids starting with " + InternalCredentials.CLIENT_ID_PREFIX);
      }
      return Identification.of(new BrokerPrincipal.Internal());
    }
    if (clientId != null && clientId.startsWith(InternalCredentials.CLIENT_ID_PREFIX)) {
      return Identification.refused(
          ConnackReasonCode.NOT_AUTHORIZED, "internal client id without the internal login");
    }
    if (overTls) {
      if (clientCertificate.isEmpty()) {
        return Identification.refused(
            ConnackReasonCode.NOT_AUTHORIZED, "the TLS listener needs a device certificate");
      }
      DeviceId device;
      try {
        device = DeviceCertificate.from(clientCertificate.get()).deviceId();
      } catch (DeviceCertificateException e) {
        return Identification.refused(
            ConnackReasonCode.NOT_AUTHORIZED, "not a device certificate: " + e.getMessage());
      }
      if (!device.value().equals(clientId)) {
        return Identification.refused(
            ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
            "the client id must be the certificate's device id " + device);
      }
      return Identification.of(new BrokerPrincipal.Device(device, true));
    }
    if (!DeviceId.isValid(clientId)) {
      return Identification.refused(
          ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
          "the client id must be a device id (1-64 of [A-Za-z0-9._-])");
    }
    return Identification.of(new BrokerPrincipal.Device(DeviceId.of(clientId), false));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.asReadOnlyBuffer();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
