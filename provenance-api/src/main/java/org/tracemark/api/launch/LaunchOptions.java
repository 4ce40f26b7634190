package org.tracemark.api.launch;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Options of {@code ./tracemark demo} (and of {@code java -jar quarkus-run.jar}). Every option also
 * reads an environment variable, so a service manager can configure the platform without a command
 * line; a password is only ever read from the environment, never from argv, because argv is visible
 * to every user of the machine in {@code ps}.
 */
@Command(
    name = "tracemark demo",
    description = "Runs the whole platform in one JVM (embedded mode).",
    sortOptions = false)
public final class LaunchOptions {

  @Option(
      names = "--db-url",
      defaultValue = "${env:TRACEMARK_DB_URL}",
      description =
          "JDBC URL of an external PostgreSQL (>= 15), e.g. jdbc:postgresql://127.0.0.1:5432/test."
              + " Without it an embedded PostgreSQL runs with its data under --home."
              + " Env: TRACEMARK_DB_URL.")
  String dbUrl;

  @Option(
      names = "--db-user",
      defaultValue = "${env:TRACEMARK_DB_USER:-postgres}",
      description =
          "User for --db-url (default: ${DEFAULT-VALUE}). Env: TRACEMARK_DB_USER."
              + " The password is read from TRACEMARK_DB_PASSWORD only.")
  String dbUser;

  @Option(
      names = "--home",
      defaultValue = "${env:TRACEMARK_HOME:-${sys:user.home}/.tracemark}",
      description =
          "Where embedded mode keeps its data (default: ${DEFAULT-VALUE}). Env: TRACEMARK_HOME.")
  Path home;

  @Option(
      names = "--fresh",
      description =
          "Start from empty data: delete the embedded database and the witness state under"
              + " --home first.")
  boolean fresh;

  @Option(
      names = "--port",
      defaultValue = "${env:TRACEMARK_HTTP_PORT}",
      description =
          "HTTP port. Default 8080; if 8080 is taken a free port is chosen and printed."
              + " An explicitly given port that is taken is an error. Env: TRACEMARK_HTTP_PORT.")
  Integer port;

  @Option(
      names = "--host",
      defaultValue = "${env:TRACEMARK_HTTP_HOST:-127.0.0.1}",
      description =
          "Interface to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 lets"
              + " phones on your network open the consumer pages). Env: TRACEMARK_HTTP_HOST.")
  String host;

  @Option(
      names = "--json-log",
      defaultValue = "${env:TRACEMARK_LOG_JSON:-false}",
      description = "Log as structured JSON lines instead of text. Env: TRACEMARK_LOG_JSON.")
  boolean jsonLog;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  public static final int DEFAULT_HTTP_PORT = 8080;
}
