package org.tracemark.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.postgresql.ds.PGSimpleDataSource;
import org.tracemark.testing.MosquittoBroker;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}) as a process of its own,
 * the way an operator runs it, so a test can kill it with SIGKILL and start it again. Its output
 * goes to a log file per start.
 */
final class AppProcess implements AutoCloseable {

  static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
  static final String TEST_DB = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> jvm;
  private final List<String> args;
  private final Map<String, String> env;
  private final Path logs;
  private final int port;
  private final String schema;
  private final Path directory;
  private final PGSimpleDataSource database;
  private Process process;
  private int starts;
  private Path log;

  private AppProcess(
      List<String> jvm,
      List<String> args,
      Map<String, String> env,
      Path directory,
      int port,
      String schema,
      PGSimpleDataSource database) {
    this.jvm = jvm;
    this.args = args;
    this.env = env;
    this.directory = directory;
    this.logs = directory.resolve("logs");
    this.port = port;
    this.schema = schema;
    this.database = database;
  }

  /**
   * Not started yet: in {@code schema} (dropped first, so every run starts empty), with {@code
   * heap} as -Xmx, the key passphrases and no witness, plus {@code env} (which wins).
   */
  static AppProcess onTestSchema(String schema, String heap, Map<String, String> env)
      throws Exception {
    PGSimpleDataSource database = new PGSimpleDataSource();
    database.setUrl(TEST_DB);
    database.setUser("postgres");
    try (Connection c = database.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
    Path directory =
        Path.of("target/" + schema + "-" + UUID.randomUUID().toString().substring(0, 8));
    int port = MosquittoBroker.freePort();
    Map<String, String> all = new HashMap<>();
    all.put("TRACEMARK_LEDGER_KEY_PASSPHRASE", schema + "-ledger");
    all.put("TRACEMARK_CA_KEY_PASSPHRASE", schema + "-ca");
    all.put("TRACEMARK_WITNESS_ENABLED", "false");
    all.putAll(env);
    return new AppProcess(
        List.of("-Xmx" + heap, "-Dtracemark.db.schema=" + schema),
        List.of(
            "--db-url",
            TEST_DB,
            "--port",
            Integer.toString(port),
            "--home",
            directory.resolve("home").toString()),
        all,
        directory,
        port,
        schema,
        database);
  }

  /** Where its home, logs and anything else of the test live. */
  Path directory() {
    return directory;
  }

  PGSimpleDataSource database() {
    return database;
  }

  /** The single number a {@code SELECT count(*) ...} in its schema says. */
  long count(String sql) throws SQLException {
    try (Connection c = database.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A new organisation, written straight into the registry (there is no API for it yet). */
  UUID organisation(String name) throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = database.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + schema
                    + ".organisation (id, name, country) VALUES (?, ?, 'ID')")) {
      s.setObject(1, id);
      s.setString(2, name);
      s.executeUpdate();
    }
    return id;
  }

  /** A producer token for {@code org}, from {@code tracemark token} as a user gets one. */
  String producerToken(UUID org) throws IOException, InterruptedException {
    Process token =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "token",
                "--role",
                "producer",
                "--org",
                org.toString(),
                "--home",
                directory.resolve("home").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(token.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(token.waitFor()).as(out).isZero();
    return out.lines().reduce((a, b) -> b).orElseThrow().strip();
  }

  /** Enrols a device by its CSR through {@code POST /api/devices}. */
  void enrol(String token, String csr) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/devices"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("csr", csr))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  /** The tree size of the checkpoint it serves now. */
  long checkpointSize() throws IOException, InterruptedException {
    return Long.parseLong(get("/ledger/checkpoint").body().split("\n")[1]);
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
