package org.tracemark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Pulsar standalone for tests: the broker, one bookie and a RocksDB metadata store in one
 * JVM, from Maven Central's {@code pulsar-server-distribution} as unpacked by ingest's Maven
 * profile {@code pulsar}.
 *
 * <p>Where things are, as system properties (ingest's POM sets both for Failsafe; another module
 * using this class from {@code tracemark-ingest:test-jar} sets them the same way):
 *
 * <ul>
 *   <li>{@code tracemark.pulsar.home}: the unpacked distribution ({@code bin/pulsar} inside);
 *   <li>{@code tracemark.pulsar.work}: where each instance gets a directory with its generated
 *       configuration, data and logs ({@code target/pulsar-run/<id>/}); default {@code
 *       target/pulsar-run}.
 * </ul>
 *
 * <p>It listens on 127.0.0.1 only, on free ports chosen at construction (never 6650/8080, which
 * other things on the machine may hold), and keeps them and its data across {@link #restart()}.
 */
public final class PulsarStandalone implements AutoCloseable {

  private static final Duration READY_DEADLINE = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final Path home;
  private final Path dir;
  private final int brokerPort;
  private final int webPort;
  private final int bookiePort;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;

  private PulsarStandalone(Path home, Path dir) throws IOException {
    this.home = home;
    this.dir = dir;
    int[] ports = freePorts(3);
    this.brokerPort = ports[0];
    this.webPort = ports[1];
    this.bookiePort = ports[2];
  }

  /** Starts a new standalone with empty data and waits until it serves the default namespace. */
  public static PulsarStandalone start() throws IOException, InterruptedException {
    String homeProperty = System.getProperty("tracemark.pulsar.home");
    if (homeProperty == null || !Files.isRegularFile(Path.of(homeProperty, "bin", "pulsar"))) {
      throw new IllegalStateException(
          "no Pulsar distribution at tracemark.pulsar.home="
              + homeProperty
              + "; run with the Maven profile that unpacks it: ./mvnw -pl ingest -am verify -Ppulsar");
    }
    Path work = Path.of(System.getProperty("tracemark.pulsar.work", "target/pulsar-run"));
    Path dir = work.resolve(UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
    Files.createDirectories(dir.resolve("logs"));
    PulsarStandalone pulsar = new PulsarStandalone(Path.of(homeProperty).toAbsolutePath(), dir);
    pulsar.writeConfiguration();
    pulsar.launch();
    return pulsar;
  }

  /** {@code pulsar://127.0.0.1:<port>}. */
  public String serviceUrl() {
    return "pulsar://127.0.0.1:" + brokerPort;
  }

  /** {@code http://127.0.0.1:<port>}, the admin REST API. */
  public URI adminUrl() {
    return URI.create("http://127.0.0.1:" + webPort);
  }

  /** Where its configuration, data and logs are. */
  public Path directory() {
    return dir;
  }

  /** Stops it (SIGTERM, then SIGKILL after 30 s) and starts it again on the same ports and data. */
  public void restart() throws IOException, InterruptedException {
    stop();
    launch();
  }

  /** SIGTERM, and SIGKILL if it has not exited within 30 s. Its data stays. */
  public void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    process = null;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private void writeConfiguration() throws IOException {
    // The distribution's own standalone.conf with addresses and ports replaced: every other
    // setting stays what Pulsar ships.
    List<String> lines = Files.readAllLines(home.resolve("conf/standalone.conf"));
    StringBuilder conf = new StringBuilder();
    for (String line : lines) {
      conf.append(
              line.startsWith("brokerServicePort=")
                  ? "brokerServicePort=" + brokerPort
                  : line.startsWith("webServicePort=")
                      ? "webServicePort=" + webPort
                      : line.startsWith("bindAddress=")
                          ? "bindAddress=127.0.0.1"
                          : line.startsWith("advertisedAddress=")
                              ? "advertisedAddress=127.0.0.1"
                              : line)
          .append('\n');
    }
    Files.writeString(dir.resolve("standalone.conf"), conf, StandardCharsets.UTF_8);
  }

  private void launch() throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                "/bin/bash",
                home.resolve("bin/pulsar").toString(),
                "standalone",
                "-nfw", // no functions worker
                "-nss", // no stream storage
                "-a",
                "127.0.0.1",
                "-c",
                dir.resolve("standalone.conf").toString(),
                "--bookkeeper-dir",
                dir.resolve("data/bookkeeper").toString(),
                "--bookkeeper-port",
                Integer.toString(bookiePort),
                "--metadata-dir",
                dir.resolve("data/metadata").toString())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pulsar.out").toFile()));
    builder.environment().put("PULSAR_LOG_DIR", dir.resolve("logs").toString());
    builder.environment().put("PULSAR_MEM", "-Xms256m -Xmx768m -XX:MaxDirectMemorySize=512m");
    builder.environment().put("PULSAR_GC", "-XX:+UseG1GC");
    process = builder.start();
    awaitReady();
  }

  // Ready means the broker serves the admin API and has created public/default, where the
  // tests' topics live; the cluster list alone answers before that.
  private void awaitReady() throws InterruptedException {
    URI probe = adminUrl().resolve("/admin/v2/namespaces/public/default");
    String[] last = {"no answer yet"};
    try {
      Awaitility.await("Pulsar standalone ready")
          .atMost(READY_DEADLINE)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "Pulsar standalone exited with "
                          + process.exitValue()
                          + "; see "
                          + dir.resolve("pulsar.out")
                          + " and "
                          + dir.resolve("logs"));
                }
                try {
                  HttpResponse<String> answer =
                      http.send(
                          HttpRequest.newBuilder(probe)
                              .timeout(Duration.ofSeconds(2))
                              .GET()
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  last[0] = answer.statusCode() + " " + answer.body();
                  return answer.statusCode() == 200;
                } catch (IOException notListeningYet) {
                  last[0] = notListeningYet.toString();
                  return false;
                }
              });
    } catch (ConditionTimeoutException e) {
      stop();
      throw new IllegalStateException(
          "Pulsar standalone not ready within "
              + READY_DEADLINE
              + " (last probe: "
              + last[0]
              + "); see "
              + dir.resolve("pulsar.out"),
          e);
    }
  }

  private static int[] freePorts(int n) {
    // All held open together so they are distinct; closed right before Pulsar binds them.
    ServerSocket[] sockets = new ServerSocket[n];
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          try {
            s.close();
          } catch (IOException ignored) {
            // nothing listens on it either way
          }
        }
      }
    }
  }
}
