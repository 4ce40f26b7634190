package org.tracemark.api.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./tracemark user add}: adds a user of the built-in issuer to a running Tracemark, through
 * {@code POST /api/users} with a short-lived admin token signed by the demo's issuer key. The
 * password comes from {@code TRACEMARK_USER_PASSWORD} or the first line of standard input, never
 * from the command line (where other users of the machine could read it).
 */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = {
      "Adds a user who signs in with POST /api/auth/token, e.g.:",
      "  printf '%s\\n' \"$PASSWORD\" | ./tracemark user add --username farm@example.org"
          + " --role producer --org <organisation id>",
      "The password (12-72 characters) is read from TRACEMARK_USER_PASSWORD or standard input."
    })
final class UserCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "add", arity = "1")
  String action;

  @Option(names = "--username", required = true, description = "3-100 of a-z 0-9 . _ @ -")
  String username;

  @Option(names = "--role", required = true, description = "producer, customs, auditor or admin.")
  String role;

  @Option(names = "--org", description = "The organisation id (UUID); producers need one.")
  UUID organisation;

  @Option(
      names = "--url",
      defaultValue = "${env:TRACEMARK_URL:-http://127.0.0.1:8080}",
      description = "The running Tracemark (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--home",
      defaultValue = "${env:TRACEMARK_HOME:-${sys:user.home}/.tracemark}",
      description = "The demo's data directory, for its issuer key (default: ~/.tracemark).")
  Path home;

  @Option(
      names = "--issuer",
      defaultValue = "${env:TRACEMARK_AUTH_ISSUER:-https://tracemark.local}",
      description = "The issuer the API expects (default: ${DEFAULT-VALUE}).")
  String issuer;

  @Override
  public Integer call() throws Exception {
    if (!action.equals("add")) {
      throw new IllegalArgumentException("the only action is add, not " + action);
    }
    String password = System.getenv("TRACEMARK_USER_PASSWORD");
    if (password == null) {
      System.err.println("Password (12-72 characters), then Enter:");
      password =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException(
          "no password on standard input or in TRACEMARK_USER_PASSWORD");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("username", username);
    body.put("password", password);
    body.put("role", role);
    if (organisation != null) {
      body.put("organisation", organisation.toString());
    }
    String admin =
        TokenCommand.mint(home, issuer, "tracemark-user-cli", "admin", null, Duration.ofMinutes(5));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(url.resolve("/api/users"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            new ObjectMapper().writeValueAsString(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 201) {
      System.out.println(
          "added " + username.toLowerCase(java.util.Locale.ROOT) + " (" + role + ")");
      return 0;
    }
    System.err.println("tracemark user: " + response.statusCode() + " " + detail(response.body()));
    return 1;
  }

  private static String detail(String problem) {
    try {
      var node = new ObjectMapper().readTree(problem);
      return node.path("detail").asText(problem);
    } catch (Exception e) {
      return problem;
    }
  }
}
