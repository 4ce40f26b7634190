package org.tracemark.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A mosquitto of the test's own, from {@code /usr/sbin/mosquitto}, on loopback ports of its own,
 * with persistence in its directory so that queued QoS 1 messages survive a stop and start. Always
 * close it (try-with-resources); close kills the process.
 */
public final class MosquittoBroker implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

  private final Path dir;
  private final Path config;
  private final Path log;
  private final List<Integer> ports;
  private Process process;

  private MosquittoBroker(Path dir, List<Integer> ports, List<String> lines) throws IOException {
    this.dir = dir;
    this.ports = ports;
    this.config = dir.resolve("mosquitto.conf");
    this.log = dir.resolve("mosquitto.log");
    Path data = Files.createDirectories(dir.resolve("data"));
    List<String> all = new ArrayList<>();
    // As root, mosquitto would switch to the "mosquitto" user, which cannot read a test's files.
    all.add("user " + System.getProperty("user.name"));
    all.add("persistence true");
    all.add("persistence_location " + data + "/");
    all.add("autosave_interval 0");
    all.add("max_queued_messages 100000");
    all.add("log_dest stdout");
    all.add("log_type error");
    all.add("log_type warning");
    all.add("log_type notice");
    all.add("log_type information");
    all.add("connection_messages true");
    all.addAll(lines);
    Files.write(config, all, StandardCharsets.UTF_8);
  }

  /**
   * Writes a config of the common lines plus {@code lines} (listeners and their settings) and
   * starts the broker.
   */
  public static MosquittoBroker start(Path dir, List<Integer> ports, String... lines)
      throws IOException {
    MosquittoBroker broker = configure(dir, ports, lines);
    broker.start();
    return broker;
  }

  /** As {@link #start}, without starting it yet. */
  public static MosquittoBroker configure(Path dir, List<Integer> ports, String... lines)
      throws IOException {
    return new MosquittoBroker(dir, ports, List.of(lines));
  }

  /** A plain anonymous listener on {@code port}. */
  public static MosquittoBroker plain(Path dir, int port) throws IOException {
    return start(dir, List.of(port), "allow_anonymous true", "listener " + port + " 127.0.0.1");
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** Starts the process and waits until every port accepts connections. */
  public void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("mosquitto already running");
    }
    process =
        new ProcessBuilder(BINARY.toString(), "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    await("mosquitto on " + ports + " (log " + log + ")")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !process.isAlive() || ports.stream().allMatch(MosquittoBroker::accepts));
    if (!process.isAlive()) {
      throw new IllegalStateException("mosquitto exited at start:\n" + log());
    }
  }

  /** SIGTERM, as an orderly shutdown: mosquitto saves its persistence file and exits. */
  public void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
