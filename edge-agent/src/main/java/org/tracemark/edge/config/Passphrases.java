package org.tracemark.edge.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * The device key's passphrase: {@code TRACEMARK_AGENT_PASSPHRASE}, else the first line of {@code
 * key.passphrase-file}. Never from the command line, where other users could see it.
 */
public final class Passphrases {

  public static final String VARIABLE = "TRACEMARK_AGENT_PASSPHRASE";

  private Passphrases() {}

  public static char[] deviceKey(AgentConfig config) throws ConfigException {
    String fromEnvironment = System.getenv(VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      return fromEnvironment.toCharArray();
    }
    if (config.passphraseFile().isPresent()) {
      try {
        String first =
            Files.readAllLines(config.passphraseFile().get(), StandardCharsets.UTF_8).stream()
                .findFirst()
                .orElse("");
        if (first.isEmpty()) {
          throw new ConfigException(
              config.file(), "key.passphrase-file " + config.passphraseFile().get() + " is empty");
        }
        return first.toCharArray();
      } catch (IOException e) {
        throw new ConfigException(
            config.file(), "cannot read key.passphrase-file: " + e.getMessage());
      }
    }
    throw new ConfigException(
        config.file(),
        "no passphrase for the device key: set " + VARIABLE + " or key.passphrase-file");
  }
}
