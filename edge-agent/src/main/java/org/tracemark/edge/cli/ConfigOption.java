package org.tracemark.edge.cli;

import java.nio.file.Path;
import org.tracemark.edge.config.AgentConfig;
import org.tracemark.edge.config.ConfigException;
import picocli.CommandLine.Option;

/** {@code -c/--config FILE}: the agent's properties file, shared by every device command. */
final class ConfigOption {

  @Option(
      names = {"-c", "--config"},
      defaultValue = "agent.properties",
      description = "The agent's config file (default: ${DEFAULT-VALUE}).")
  Path file;

  AgentConfig load() throws ConfigException {
    return AgentConfig.load(file);
  }
}
