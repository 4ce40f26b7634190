package org.tracemark.api.ingest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}) as a process of its own,
 * the way an operator runs it, so a test can kill it with SIGKILL and start it again. Its output
 * goes to a log file per start.
 */
final class AppProcess implements AutoCloseable {

  static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final List<String> jvm;
  private final List<String> args;
  private final Map<String, String> env;
  private final Path logs;
  private final int port;
  private Process process;
  private int starts;
  private Path log;

  AppProcess(List<String> jvm, List<String> args, Map<String, String> env, Path logs, int port) {
    this.jvm = jvm;
    this.args = args;
    this.env = env;
    this.logs = logs;
    this.port = port;
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts it and waits until it is ready (readiness UP). */
  void start() throws IOException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run the package phase first");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(args);
    Files.createDirectories(logs);
    log = logs.resolve("app-" + (++starts) + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    process = builder.start();
    await("the application on port " + port + " (log " + log + ")")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> !process.isAlive() || ready());
    if (!process.isAlive()) {
      throw new IllegalStateException("the application exited at start: " + Files.readString(log));
    }
  }

  /** What the current run printed so far. */
  String output() throws IOException {
    return Files.readString(log);
  }

  boolean ready() {
    try {
      return get("/q/health/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** SIGTERM, as an operator stops it; SIGKILL if it does not stop within 20 s. */
  @Override
  public void close() {
    if (!alive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
