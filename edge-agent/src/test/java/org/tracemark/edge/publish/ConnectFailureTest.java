package org.tracemark.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.time.Instant;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.jupiter.api.Test;
import org.tracemark.edge.publish.ConnectFailure.Reason;

/** What Paho and the JDK throw, as seen against mosquitto 2.0, mapped to typed reasons. */
class ConnectFailureTest {

  private static final Instant AT = Instant.parse("2026-11-25T12:00:00Z");

  @Test
  void connackRefusalsNameTheCredentialsProblem() {
    ConnectFailure notAuthorized =
        classify(new MqttSecurityException(MqttException.REASON_CODE_NOT_AUTHORIZED), false);
    assertThat(notAuthorized.reason()).isEqualTo(Reason.NOT_AUTHORIZED);
    assertThat(notAuthorized.detail()).contains("not authorized");
    assertThat(notAuthorized.toString()).startsWith("not-authorized: ");
    assertThat(
            classify(
                    new MqttSecurityException(MqttException.REASON_CODE_FAILED_AUTHENTICATION),
                    false)
                .reason())
        .isEqualTo(Reason.BAD_CREDENTIALS);
    assertThat(
            classify(new MqttException(MqttException.REASON_CODE_INVALID_CLIENT_ID), false)
                .detail())
        .contains("CONNACK 2");
  }

  @Test
  void tlsAlertsFromTheBrokerNameTheClientCertificateProblem() {
    assertThat(alert("certificate_expired", true)).isEqualTo(Reason.CLIENT_CERTIFICATE_EXPIRED);
    assertThat(alert("certificate_required", false)).isEqualTo(Reason.CLIENT_CERTIFICATE_REQUIRED);
    assertThat(alert("unknown_ca", true)).isEqualTo(Reason.CLIENT_CERTIFICATE_REJECTED);
    assertThat(alert("bad_certificate", true)).isEqualTo(Reason.CLIENT_CERTIFICATE_REJECTED);
    assertThat(alert("certificate_revoked", true)).isEqualTo(Reason.CLIENT_CERTIFICATE_REJECTED);
    // TLS 1.2 servers say handshake_failure for a missing certificate.
    assertThat(alert("handshake_failure", false)).isEqualTo(Reason.CLIENT_CERTIFICATE_REQUIRED);
    assertThat(alert("handshake_failure", true)).isEqualTo(Reason.TLS_HANDSHAKE);
    assertThat(alert("protocol_version", true)).isEqualTo(Reason.TLS_HANDSHAKE);
    // Without a certificate of ours, an alert about certificates cannot be about ours.
    assertThat(alert("unknown_ca", false)).isEqualTo(Reason.TLS_HANDSHAKE);
  }

  @Test
  void ourOwnChecksOfTheBrokerCertificateAreTold() {
    SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
    untrusted.initCause(
        new CertificateException(
            "PKIX path building failed",
            new CertPathBuilderException("unable to find valid certification path")));
    assertThat(classify(mqtt(untrusted), true).reason())
        .isEqualTo(Reason.SERVER_CERTIFICATE_UNTRUSTED);

    SSLHandshakeException expired = new SSLHandshakeException("validity check failed");
    expired.initCause(new CertificateExpiredException("NotAfter: Tue Nov 24 2026"));
    assertThat(classify(mqtt(expired), true).detail()).contains("NotAfter");

    SSLHandshakeException wrongHost =
        new SSLHandshakeException("No subject alternative names matching IP address 10.0.0.9");
    wrongHost.initCause(
        new CertificateException(
            "No subject alternative names matching IP address 10.0.0.9 found"));
    ConnectFailure hostname = classify(mqtt(wrongHost), true);
    assertThat(hostname.reason()).isEqualTo(Reason.SERVER_HOSTNAME_MISMATCH);
    assertThat(hostname.detail()).contains("10.0.0.9");
  }

  @Test
  void networkProblemsAreNotAuthenticationProblems() {
    ConnectFailure refused =
        classify(
            new MqttException(
                MqttException.REASON_CODE_SERVER_CONNECT_ERROR,
                new ConnectException("Connection refused")),
            false);
    assertThat(refused.reason()).isEqualTo(Reason.BROKER_UNREACHABLE);
    assertThat(refused.detail()).contains("Connection refused");
    assertThat(refused.reason().isAuthentication()).isFalse();
    assertThat(classify(mqtt(new UnknownHostException("broker.invalid")), false).reason())
        .isEqualTo(Reason.BROKER_UNREACHABLE);
    assertThat(classify(mqtt(new SocketTimeoutException("connect timed out")), false).reason())
        .isEqualTo(Reason.TIMEOUT);
    assertThat(
            classify(new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT), false).reason())
        .isEqualTo(Reason.TIMEOUT);
    assertThat(
            classify(
                    new MqttException(
                        MqttException.REASON_CODE_CONNECTION_LOST, new EOFException()),
                    false)
                .reason())
        .isEqualTo(Reason.CONNECTION_LOST);
    assertThat(classify(null, false).reason()).isEqualTo(Reason.OTHER);
  }

  @Test
  void authenticationReasonsAreFlagged() {
    assertThat(Reason.NOT_AUTHORIZED.isAuthentication()).isTrue();
    assertThat(Reason.CLIENT_CERTIFICATE_EXPIRED.isAuthentication()).isTrue();
    assertThat(Reason.SERVER_CERTIFICATE_UNTRUSTED.isAuthentication()).isTrue();
    assertThat(Reason.CONNECTION_LOST.isAuthentication()).isFalse();
    assertThat(Reason.TLS_HANDSHAKE.isAuthentication()).isFalse();
  }

  private static Reason alert(String alert, boolean clientCertificate) {
    return classify(mqtt(new SSLException("Received fatal alert: " + alert)), clientCertificate)
        .reason();
  }

  private static MqttException mqtt(Throwable cause) {
    return new MqttException(MqttException.REASON_CODE_CLIENT_EXCEPTION, cause);
  }

  private static ConnectFailure classify(Throwable error, boolean clientCertificate) {
    return ConnectFailure.classify(error, clientCertificate, AT, 1);
  }
}
