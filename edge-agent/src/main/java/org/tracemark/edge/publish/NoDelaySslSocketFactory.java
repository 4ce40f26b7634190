package org.tracemark.edge.publish;

import static org.tracemark.edge.publish.NoDelaySocketFactory.noDelay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@link NoDelaySocketFactory} for TLS, with one difference: Nagle's algorithm is turned off only
 * once the handshake is complete. During the handshake it coalesces the client's last flight
 * (certificate, signature, finished) into one segment, so a broker that rejects the certificate
 * reads all of it before closing; otherwise it closes with unread data, the kernel answers with a
 * reset, and the reset throws away the alert that said why (see {@link TlsAlertProbe}).
 */
final class NoDelaySslSocketFactory extends SSLSocketFactory {

  private final SSLSocketFactory delegate;

  NoDelaySslSocketFactory(SSLSocketFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return delegate.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  @Override
  public Socket createSocket() throws IOException {
    return noDelayAfterHandshake(delegate.createSocket());
  }

  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
      throws IOException {
    return noDelayAfterHandshake(delegate.createSocket(socket, host, port, autoClose));
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return noDelayAfterHandshake(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return noDelayAfterHandshake(delegate.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelayAfterHandshake(delegate.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return noDelayAfterHandshake(delegate.createSocket(address, port, localAddress, localPort));
  }

  private static Socket noDelayAfterHandshake(Socket socket) throws IOException {
    if (socket instanceof SSLSocket tls) {
      tls.addHandshakeCompletedListener(
          event -> {
            try {
              event.getSocket().setTcpNoDelay(true);
            } catch (IOException e) {
              // Closed meanwhile.
            }
          });
      return tls;
    }
    return noDelay(socket);
  }
}
