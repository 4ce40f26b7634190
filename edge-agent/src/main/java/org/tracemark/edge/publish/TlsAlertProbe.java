package org.tracemark.edge.publish;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Learns why a TLS broker closed a connection during the MQTT connect.
 *
 * <p>In TLS 1.3 the client's handshake is complete before the server has looked at the client
 * certificate; the server's verdict (an alert such as {@code certificate_expired}) arrives after.
 * Paho writes its CONNECT right away, and when the server has already closed, that write fails with
 * "Broken pipe" or "Connection reset" and the alert is never read. This probe repeats the handshake
 * and then only reads: the broker says nothing before a CONNECT, so what comes back is its verdict.
 */
final class TlsAlertProbe {

  private TlsAlertProbe() {}

  /** Attempts at most; a reset instead of an alert (see below) is worth one more look. */
  private static final int TRIES = 2;

  /**
   * @return the TLS error the broker answers a bare handshake with; empty if it accepts it (the
   *     read times out) or keeps closing without an alert
   */
  static Optional<SSLException> run(
      SSLSocketFactory factory, String host, int port, int timeoutMillis) {
    for (int i = 0; i < TRIES; i++) {
      try (SSLSocket socket = (SSLSocket) factory.createSocket()) {
        // Nagle stays on for the handshake (NoDelaySslSocketFactory turns it off only after):
        // the client's last flight then leaves as one segment, the broker reads all of it
        // before it closes, and its close is a FIN behind the alert rather than a reset that
        // discards the alert.
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        if (socket.getInputStream().read() < 0) {
          continue; // closed without a word
        }
        return Optional.empty();
      } catch (SocketTimeoutException e) {
        return Optional.empty(); // the broker accepted the handshake and waits for a CONNECT
      } catch (SSLException e) {
        return Optional.of(e);
      } catch (IOException | RuntimeException e) {
        // Reset or refused: look once more.
      }
    }
    return Optional.empty();
  }
}
