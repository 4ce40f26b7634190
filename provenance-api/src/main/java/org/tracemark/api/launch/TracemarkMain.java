package org.tracemark.api.launch;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Entry point of the deployable. Before Quarkus boots it settles what the runtime configuration
 * cannot decide by itself: which database (an external one, or an embedded PostgreSQL it starts
 * here) and which HTTP port (the default one, or a free one when the default is taken). It then
 * hands those to Quarkus as system properties, which outrank application.properties.
 */
@QuarkusMain
public final class TracemarkMain {

  private static final PrintStream OUT = System.out;

  private TracemarkMain() {}

  public static void main(String... args) {
    if (args.length > 0 && (args[0].equals("token") || args[0].equals("user"))) {
      CommandLine tool =
          new CommandLine(args[0].equals("token") ? new TokenCommand() : new UserCommand());
      tool.setExecutionExceptionHandler(
          (e, commandLine, parseResult) -> {
            System.err.println("tracemark " + args[0] + ": " + e.getMessage());
            return 1;
          });
      System.exit(tool.execute(java.util.Arrays.copyOfRange(args, 1, args.length)));
      return;
    }
    LaunchOptions options = new LaunchOptions();
    CommandLine cli = new CommandLine(options);
    try {
      cli.parseArgs(args);
    } catch (ParameterException e) {
      System.err.println("tracemark demo: " + e.getMessage() + " (see ./tracemark demo --help)");
      System.exit(2);
      return;
    }
    if (cli.isUsageHelpRequested()) {
      cli.usage(OUT);
      return;
    }
    try {
      configureHttp(options);
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("tracemark demo: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.setProperty("quarkus.log.console.json.enabled", Boolean.toString(options.jsonLog));
    System.setProperty("tracemark.home", options.home.toString());
    if (System.getenv("TRACEMARK_AUTH_PUBLIC_KEY") == null) {
      try {
        System.setProperty("tracemark.auth.public-key", TokenKeys.ensure(options.home).toString());
      } catch (IOException e) {
        System.err.println(
            "tracemark demo: could not create the token key under "
                + options.home.resolve("auth")
                + ": "
                + e.getMessage());
        System.exit(1);
        return;
      }
    }

    EmbeddedDatabase embedded = null;
    if (options.dbUrl == null || options.dbUrl.isBlank()) {
      OUT.println(
          "Starting embedded PostgreSQL (data in "
              + options.home.resolve("postgres")
              + (options.fresh ? ", starting fresh" : "")
              + ") ...");
      try {
        if (options.fresh) {
          // A new log must not meet a witness that remembers the old one (it would refuse it
          // as a rollback).
          EmbeddedDatabase.deleteRecursively(options.home.resolve("witness"));
        }
        embedded = EmbeddedDatabase.start(options.home, options.fresh);
      } catch (IOException | RuntimeException e) {
        String reason = rootMessage(e);
        System.err.println(
            reason.contains("could not lock")
                ? "tracemark demo: another Tracemark is already running on "
                    + options.home
                    + "; stop it first, or give this one its own --home."
                : "tracemark demo: the embedded PostgreSQL did not start: "
                    + reason
                    + " (its log: "
                    + options.home.resolve("postgres.log")
                    + "). Or point --db-url at a PostgreSQL >= 15.");
        System.exit(1);
        return;
      }
      System.setProperty("quarkus.datasource.jdbc.url", embedded.jdbcUrl());
      System.setProperty("quarkus.datasource.username", "postgres");
      OUT.println("Embedded PostgreSQL is up: " + embedded.jdbcUrl());
    } else {
      System.setProperty("quarkus.datasource.jdbc.url", options.dbUrl);
      System.setProperty("quarkus.datasource.username", options.dbUser);
      OUT.println("Using PostgreSQL at " + options.dbUrl);
    }

    runUntilStopped(embedded);
  }

  private static void configureHttp(LaunchOptions options) throws IOException {
    int port;
    if (options.port != null) {
      if (options.port < 1 || options.port > 65535) {
        throw new IllegalArgumentException(
            "--port must be between 1 and 65535, not " + options.port);
      }
      if (!FreePort.isFree(options.host, options.port)) {
        throw new IllegalArgumentException(
            "port "
                + options.port
                + " on "
                + options.host
                + " is already in use; choose another --port");
      }
      port = options.port;
    } else {
      port = FreePort.preferOrAny(options.host, LaunchOptions.DEFAULT_HTTP_PORT);
      if (port != LaunchOptions.DEFAULT_HTTP_PORT) {
        OUT.println(
            "Port "
                + LaunchOptions.DEFAULT_HTTP_PORT
                + " is taken; using port "
                + port
                + " instead.");
      }
    }
    System.setProperty("quarkus.http.port", Integer.toString(port));
    System.setProperty("quarkus.http.host", options.host);
  }

  /**
   * Runs Quarkus until Ctrl-C (or SIGTERM), then stops the embedded PostgreSQL — but only after the
   * application has released its connections: the shutdown hook waits for the main thread, which
   * returns from {@link Quarkus#run} once the application (and its connection pool) is closed.
   */
  private static void runUntilStopped(EmbeddedDatabase embedded) {
    AtomicBoolean jvmShuttingDown = new AtomicBoolean();
    if (embedded != null) {
      Thread main = Thread.currentThread();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    jvmShuttingDown.set(true);
                    try {
                      main.join(TimeUnit.SECONDS.toMillis(30));
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    embedded.close();
                  },
                  "tracemark-stop-embedded-postgres"));
    }
    try {
      Quarkus.run(
          ReadyAnnouncer.class,
          (exitCode, failure) -> {
            if (failure != null) {
              System.err.println(
                  "tracemark demo: the platform did not start: " + rootMessage(failure));
            }
            if (embedded != null) {
              embedded.close();
            }
            if (!jvmShuttingDown.get()) {
              System.exit(exitCode);
            }
          });
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }

  /** Runs once the platform has started: tells the user where to go. */
  public static final class ReadyAnnouncer implements QuarkusApplication {

    @jakarta.inject.Inject org.tracemark.api.ingest.IngestRuntime ingest;

    @Override
    public int run(String... args) {
      String host = System.getProperty("quarkus.http.host", "127.0.0.1");
      String shown = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
      String base = "http://" + shown + ":" + System.getProperty("quarkus.http.port", "8080");
      OUT.println();
      OUT.println("Tracemark is ready.");
      OUT.println("  Home page      " + base + "/");
      OUT.println("  API (Swagger)  " + base + "/q/swagger-ui");
      OUT.println("  OpenAPI        " + base + "/q/openapi");
      OUT.println("  Health         " + base + "/q/health/ready");
      OUT.println("  Metrics        " + base + "/q/metrics");
      if (ingest.brokerUri() != null) {
        OUT.println("  MQTT broker    " + ingest.brokerUri() + " (devices publish readings here)");
        ingest
            .brokerReport()
            .filter(r -> r.contains("taken"))
            .ifPresent(r -> OUT.println("  " + r));
      }
      OUT.println("Press Ctrl-C to stop.");
      Quarkus.waitForExit();
      return 0;
    }
  }
}
