package org.tracemark.api.launch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Chooses listening ports for embedded mode. A laptop (and our CI machines, where Mosquitto owns
 * 1883) often has the default ports taken; the demo must then pick another one and say so, rather
 * than die with a bind error.
 */
public final class FreePort {

  private FreePort() {}

  /** Whether {@code port} can be bound on {@code host} right now. */
  public static boolean isFree(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code preferred} if it is free, else a port the kernel hands out as free. */
  public static int preferOrAny(String host, int preferred) throws IOException {
    return isFree(host, preferred) ? preferred : any(host);
  }

  /** A port the kernel hands out as free right now. */
  public static int any(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    }
  }
}
