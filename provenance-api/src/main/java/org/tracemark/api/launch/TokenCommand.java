package org.tracemark.api.launch;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.tracemark.api.auth.TokenIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./tracemark token}: a Bearer token signed with the demo's own issuer key ({@code
 * <home>/auth/token-signing.pem}, made by the first {@code ./tracemark demo}), for trying the API
 * and for agents' enrolment on a laptop. A deployment with an identity provider does not use this.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a Bearer token (ES256 JWT) signed with the demo's issuer key under --home, e.g."
          + " for: curl -H \"Authorization: Bearer $(./tracemark token --role admin)\" …",
      "Producers need --org (an organisation id); admins may omit it."
    })
final class TokenCommand implements Callable<Integer> {

  static final Set<String> ROLES = Set.of("producer", "customs", "auditor", "admin");

  @Option(names = "--role", required = true, description = "producer, customs, auditor or admin.")
  String role;

  @Option(names = "--org", description = "The organisation id (UUID) the token acts for.")
  UUID organisation;

  @Option(
      names = "--subject",
      defaultValue = "demo-user",
      description = "Who the token is for (default: ${DEFAULT-VALUE}).")
  String subject;

  @Option(
      names = "--hours",
      defaultValue = "8",
      description = "Validity in hours, 1-720 (default: ${DEFAULT-VALUE}).")
  int hours;

  @Option(
      names = "--home",
      defaultValue = "${env:TRACEMARK_HOME:-${sys:user.home}/.tracemark}",
      description = "The demo's data directory (default: ~/.tracemark).")
  Path home;

  @Option(
      names = "--issuer",
      defaultValue = "${env:TRACEMARK_AUTH_ISSUER:-https://tracemark.local}",
      description = "The issuer the API expects (default: ${DEFAULT-VALUE}).")
  String issuer;

  @Override
  public Integer call() throws IOException, GeneralSecurityException {
    if (!ROLES.contains(role)) {
      throw new IllegalArgumentException("--role must be one of " + ROLES + ", not " + role);
    }
    if (organisation == null && !role.equals("admin")) {
      throw new IllegalArgumentException("a " + role + " token needs --org <organisation id>");
    }
    if (hours < 1 || hours > 720) {
      throw new IllegalArgumentException("--hours must be 1 to 720, not " + hours);
    }
    System.out.println(mint(home, issuer, subject, role, organisation, Duration.ofHours(hours)));
    return 0;
  }

  /** A token signed with the demo's issuer key under {@code home}. */
  static String mint(
      Path home, String issuer, String subject, String role, UUID organisation, Duration validity)
      throws IOException, GeneralSecurityException {
    Path keyFile = home.resolve("auth").resolve(TokenKeys.PRIVATE);
    if (!Files.exists(keyFile)) {
      throw new IllegalArgumentException(
          "no token key at " + keyFile + "; start ./tracemark demo once to create it");
    }
    var builder = Jwt.issuer(issuer).upn(subject).groups(role).expiresIn(validity.toSeconds());
    if (organisation != null) {
      builder.claim("org", organisation.toString());
    }
    return builder
        .jws()
        .algorithm(SignatureAlgorithm.ES256)
        .sign(TokenIssuer.readPrivateKey(keyFile));
  }
}
