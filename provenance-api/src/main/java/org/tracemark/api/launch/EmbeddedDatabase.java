package org.tracemark.api.launch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server, run from the binaries in a Maven artifact, with its data directory kept
 * under the Tracemark home so that a second demo run finds the first run's data.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  /** Held strongly: java.util.logging forgets levels set on loggers nobody references. */
  private static final Logger QUIET = Logger.getLogger("io.zonky.test");

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts PostgreSQL with data under {@code home/postgres}.
   *
   * @param fresh delete the existing data first
   */
  public static EmbeddedDatabase start(Path home, boolean fresh) throws IOException {
    Path data = home.resolve("postgres");
    Path binaries = home.resolve("pg-binaries");
    if (fresh) {
      deleteRecursively(data);
    }
    Files.createDirectories(data);
    Files.createDirectories(binaries);
    // The server's own output goes to a file beside its data; the console stays readable.
    File log = home.resolve("postgres.log").toFile();
    QUIET.setLevel(Level.WARNING);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setOverrideWorkingDirectory(binaries.toFile())
            // We stop it ourselves once the application has shut down (see TracemarkMain).
            .setRegisterShutdownHook(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            // zonky tunes for throwaway test databases (-F = fsync off, asynchronous commit);
            // the demo keeps real data across runs, so a crash must not corrupt or lose it.
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log))
            .start();
    return new EmbeddedDatabase(postgres, data);
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Stops PostgreSQL; safe to call more than once. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      postgres.close();
      System.out.println("Embedded PostgreSQL stopped.");
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
