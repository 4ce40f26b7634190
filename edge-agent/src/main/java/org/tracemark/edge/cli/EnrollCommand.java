package org.tracemark.edge.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.tracemark.edge.config.AgentConfig;
import org.tracemark.edge.config.Passphrases;
import org.tracemark.edge.enrol.Enrolment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tracemark-agent enroll}: a new device key, its CSR to the API, the certificate back. */
@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    description = {
      "Generates the device key here (it never leaves the device), sends a CSR signed with it to"
          + " the API (POST /api/devices) and stores the certificate and CA chain in the state"
          + " directory. With --rotate: a new key, the old certificate superseded.",
      "The API token (a producer of the device's organisation) comes from TRACEMARK_API_TOKEN"
          + " or api.token-file; the key passphrase from TRACEMARK_AGENT_PASSPHRASE or"
          + " key.passphrase-file."
    })
final class EnrollCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(names = "--rotate", description = "Replace an enrolled key with a new one.")
  boolean rotate;

  @Override
  public Integer call() throws Exception {
    AgentConfig agent = config.load();
    String token = System.getenv("TRACEMARK_API_TOKEN");
    if ((token == null || token.isBlank()) && agent.apiTokenFile().isPresent()) {
      token = Files.readString(agent.apiTokenFile().get(), StandardCharsets.UTF_8).strip();
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "no API token: set TRACEMARK_API_TOKEN or api.token-file in " + config.file);
    }
    char[] passphrase = Passphrases.deviceKey(agent);
    try {
      Enrolment.Result result = new Enrolment(agent).enrol(token, passphrase, rotate);
      System.out.println(
          (rotate ? "Rotated " : "Enrolled ")
              + agent.device()
              + ": kid "
              + result.kid()
              + ", serial "
              + result.serial());
      System.out.println("  certificate  " + result.certificate());
      System.out.println("  CA chain     " + result.chain());
      System.out.println("  private key  " + result.key() + " (encrypted)");
      return 0;
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }
}
