package org.tracemark.edge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tracemark.edge.config.AgentConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tracemark-agent status}: what the agent last reported about itself. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the agent's last status (written every 5 s while it runs and when it stops): boot,"
          + " readings signed, queued and acknowledged, buffer-full, broker connection and last"
          + " error, certificate expiry, installed firmware.",
      "Exit 0 if the agent reported within the last minute, 1 if the status is older or missing."
    })
final class StatusCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    AgentConfig settings = config.load();
    Path file = settings.stateDirectory().resolve("status.json");
    if (!Files.exists(file)) {
      System.out.println(
          settings.device()
              + ": no status yet ("
              + file
              + "); enrolled: "
              + (Files.exists(settings.certificate()) ? "yes" : "no"));
      return 1;
    }
    JsonNode status = new ObjectMapper().readTree(file.toFile());
    Instant updated = Instant.parse(status.get("updatedAt").asText());
    Duration age = Duration.between(updated, Instant.now());
    System.out.println(
        settings.device() + " (status of " + updated + ", " + age.toSeconds() + " s ago)");
    for (Iterator<Map.Entry<String, JsonNode>> it = status.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getKey().equals("device") && !field.getKey().equals("updatedAt")) {
        System.out.printf("  %-20s %s%n", field.getKey(), field.getValue().asText());
      }
    }
    return age.compareTo(Duration.ofMinutes(1)) <= 0 ? 0 : 1;
  }
}
