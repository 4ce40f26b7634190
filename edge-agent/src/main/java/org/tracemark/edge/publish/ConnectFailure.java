package org.tracemark.edge.publish;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Why a connection attempt failed, or why an established connection ended: a typed {@link Reason}
 * for code and dashboards, and a one-line {@code detail} with the evidence for people.
 *
 * @param reason what went wrong, as a stable code
 * @param detail what the broker or the TLS stack said, never key material
 * @param at when it happened
 * @param attempt the 1-based number of the connection attempt since the last successful connection
 *     (0 for a lost connection)
 */
public record ConnectFailure(Reason reason, String detail, Instant at, int attempt) {

  /** Failure reasons; {@link #code()} is what logs and status messages carry. */
  public enum Reason {
    /** CONNACK 5: the broker does not let these credentials (or this certificate) connect. */
    NOT_AUTHORIZED("not-authorized"),
    /** CONNACK 4: malformed or wrong user name or password. */
    BAD_CREDENTIALS("bad-credentials"),
    /** Other CONNACK refusals: protocol version (1), client id (2), server unavailable (3). */
    BROKER_REFUSED("broker-refused"),
    /** The broker's certificate does not chain to the configured CA, or is expired. */
    SERVER_CERTIFICATE_UNTRUSTED("server-certificate-untrusted"),
    /** The broker's certificate is trusted but not issued for the host in the broker URI. */
    SERVER_HOSTNAME_MISMATCH("server-hostname-mismatch"),
    /** The broker wants a client certificate and none was presented. */
    CLIENT_CERTIFICATE_REQUIRED("client-certificate-required"),
    /** The broker rejected the client certificate: unknown CA, bad or revoked certificate. */
    CLIENT_CERTIFICATE_REJECTED("client-certificate-rejected"),
    /** The broker rejected the client certificate as expired. */
    CLIENT_CERTIFICATE_EXPIRED("client-certificate-expired"),
    /** Any other TLS failure. */
    TLS_HANDSHAKE("tls-handshake"),
    /** Nothing listens at the broker address, or the name does not resolve. */
    BROKER_UNREACHABLE("broker-unreachable"),
    /** No answer within the connection timeout. */
    TIMEOUT("timeout"),
    /** The connection was closed or reset, during the connect or after it. */
    CONNECTION_LOST("connection-lost"),
    OTHER("other");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    /** Whether retrying cannot help until someone changes credentials or certificates. */
    public boolean isAuthentication() {
      return switch (this) {
        case NOT_AUTHORIZED,
            BAD_CREDENTIALS,
            SERVER_CERTIFICATE_UNTRUSTED,
            SERVER_HOSTNAME_MISMATCH,
            CLIENT_CERTIFICATE_REQUIRED,
            CLIENT_CERTIFICATE_REJECTED,
            CLIENT_CERTIFICATE_EXPIRED ->
            true;
        default -> false;
      };
    }

    @Override
    public String toString() {
      return code;
    }
  }

  // TLS alerts (RFC 8446 §6.2) a server sends when it does not accept the client's certificate.
  private static final Set<String> CLIENT_CERTIFICATE_ALERTS =
      Set.of(
          "bad_certificate",
          "unsupported_certificate",
          "certificate_revoked",
          "certificate_unknown",
          "unknown_ca",
          "access_denied");

  private static final String ALERT_PREFIX = "received fatal alert: ";

  public ConnectFailure {
    if (reason == null || detail == null || at == null) {
      throw new IllegalArgumentException("a connect failure needs a reason, a detail and a time");
    }
  }

  /** {@code not-authorized: broker refused the connection: …} */
  @Override
  public String toString() {
    return reason.code() + ": " + detail;
  }

  /**
   * Classifies what Paho threw (or passed to {@code connectionLost}) by walking its cause chain.
   *
   * @param presentedClientCertificate whether a client certificate was configured, which decides
   *     how an ambiguous TLS alert is read
   */
  static ConnectFailure classify(
      Throwable error, boolean presentedClientCertificate, Instant at, int attempt) {
    if (error == null) {
      return new ConnectFailure(Reason.OTHER, "no cause given", at, attempt);
    }
    List<Throwable> chain = causes(error);
    for (Throwable t : chain) {
      if (t instanceof MqttException mqtt) {
        switch (mqtt.getReasonCode()) {
          case MqttException.REASON_CODE_NOT_AUTHORIZED:
            return new ConnectFailure(
                Reason.NOT_AUTHORIZED,
                "broker refused the connection: not authorized (CONNACK 5)",
                at,
                attempt);
          case MqttException.REASON_CODE_FAILED_AUTHENTICATION:
            return new ConnectFailure(
                Reason.BAD_CREDENTIALS,
                "broker refused the connection: bad user name or password (CONNACK 4)",
                at,
                attempt);
          case MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION:
          case MqttException.REASON_CODE_INVALID_CLIENT_ID:
          case MqttException.REASON_CODE_BROKER_UNAVAILABLE:
            return new ConnectFailure(
                Reason.BROKER_REFUSED,
                "broker refused the connection: "
                    + mqtt.getMessage()
                    + " (CONNACK "
                    + mqtt.getReasonCode()
                    + ")",
                at,
                attempt);
          default:
            break;
        }
      }
    }
    // Our own trust checks of the server: the JDK puts them under the SSLHandshakeException.
    for (Throwable t : chain) {
      if (t instanceof CertificateExpiredException
          || t instanceof CertificateNotYetValidException
          || t instanceof CertPathBuilderException
          || t instanceof CertPathValidatorException) {
        return new ConnectFailure(
            Reason.SERVER_CERTIFICATE_UNTRUSTED,
            "broker certificate not trusted: " + describe(t),
            at,
            attempt);
      }
      if (t instanceof CertificateException && isHostnameMismatch(t.getMessage())) {
        return new ConnectFailure(
            Reason.SERVER_HOSTNAME_MISMATCH,
            "broker certificate is not for this host: " + t.getMessage(),
            at,
            attempt);
      }
    }
    for (Throwable t : chain) {
      if (t instanceof SSLException) {
        return tls((SSLException) t, presentedClientCertificate, at, attempt);
      }
    }
    for (Throwable t : chain) {
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException) {
        return new ConnectFailure(
            Reason.BROKER_UNREACHABLE, "broker unreachable: " + describe(t), at, attempt);
      }
      if (t instanceof SocketTimeoutException) {
        return new ConnectFailure(Reason.TIMEOUT, "timed out: " + describe(t), at, attempt);
      }
    }
    for (Throwable t : chain) {
      if (t instanceof MqttException mqtt
          && mqtt.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
        return new ConnectFailure(Reason.TIMEOUT, "timed out waiting for the broker", at, attempt);
      }
      if (t instanceof EOFException || t instanceof SocketException) {
        return new ConnectFailure(
            Reason.CONNECTION_LOST, "connection closed: " + describe(t), at, attempt);
      }
      if (t instanceof MqttException mqtt
          && mqtt.getReasonCode() == MqttException.REASON_CODE_CONNECTION_LOST) {
        return new ConnectFailure(
            Reason.CONNECTION_LOST, "connection closed: " + describe(last(chain)), at, attempt);
      }
    }
    return new ConnectFailure(Reason.OTHER, describe(last(chain)), at, attempt);
  }

  private static ConnectFailure tls(
      SSLException e, boolean presentedClientCertificate, Instant at, int attempt) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    String lower = message.toLowerCase(Locale.ROOT);
    int alertAt = lower.indexOf(ALERT_PREFIX);
    if (alertAt >= 0) {
      String alert = lower.substring(alertAt + ALERT_PREFIX.length()).trim();
      String said = "broker sent TLS alert " + alert;
      if (alert.startsWith("certificate_expired")) {
        return new ConnectFailure(
            Reason.CLIENT_CERTIFICATE_EXPIRED,
            said + ": the client certificate has expired",
            at,
            attempt);
      }
      if (alert.startsWith("certificate_required")) {
        return new ConnectFailure(
            Reason.CLIENT_CERTIFICATE_REQUIRED,
            said
                + ": the broker requires a client certificate"
                + (presentedClientCertificate ? "" : " and none is configured"),
            at,
            attempt);
      }
      if (presentedClientCertificate
          && CLIENT_CERTIFICATE_ALERTS.stream().anyMatch(alert::startsWith)) {
        return new ConnectFailure(
            Reason.CLIENT_CERTIFICATE_REJECTED,
            said + ": the broker rejected the client certificate",
            at,
            attempt);
      }
      if (!presentedClientCertificate && alert.startsWith("handshake_failure")) {
        // TLS 1.2 servers answer a missing required certificate with a plain handshake_failure.
        return new ConnectFailure(
            Reason.CLIENT_CERTIFICATE_REQUIRED,
            said + ": no client certificate is configured, and the broker probably requires one",
            at,
            attempt);
      }
      return new ConnectFailure(Reason.TLS_HANDSHAKE, said, at, attempt);
    }
    return new ConnectFailure(
        Reason.TLS_HANDSHAKE, "TLS handshake failed: " + describe(e), at, attempt);
  }

  private static boolean isHostnameMismatch(String message) {
    if (message == null) {
      return false;
    }
    // The JDK's HostnameChecker: "No subject alternative names matching IP address … found",
    // "No subject alternative DNS name matching … found.", "No name matching … found".
    return message.startsWith("No subject alternative") || message.startsWith("No name matching");
  }

  private static List<Throwable> causes(Throwable error) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = error; t != null && !chain.contains(t) && chain.size() < 16; ) {
      chain.add(t);
      t = t.getCause();
    }
    return chain;
  }

  private static Throwable last(List<Throwable> chain) {
    return chain.get(chain.size() - 1);
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    String name = t.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + message;
  }
}
