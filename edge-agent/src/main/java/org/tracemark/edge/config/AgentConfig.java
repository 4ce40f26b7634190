package org.tracemark.edge.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.signing.SigningAlgorithm;

/**
 * An agent's settings, from a Java properties file (documented in edge-agent/README.md). Relative
 * paths are relative to the file's directory, so a device's whole setup can move as one folder.
 * Every key is checked: an unknown key is an error (a typo must not silently fall back to a default
 * on a device in the field).
 */
public record AgentConfig(
    Path file,
    DeviceId device,
    Path stateDirectory,
    URI broker,
    Optional<String> brokerUsername,
    Optional<Path> brokerPasswordFile,
    Optional<Path> tlsCa,
    Path certificate,
    Path privateKey,
    Optional<Path> passphraseFile,
    SigningAlgorithm algorithm,
    URI api,
    Optional<Path> apiTokenFile,
    Duration samplingInterval,
    int batch,
    String scenario,
    Optional<String> scenarioDevice,
    double speedup,
    long queueMaxBytes,
    String queueFsync,
    String firmwareClass,
    Set<Path> firmwareTrustedKeys) {

  private static final Set<String> KEYS =
      Set.of(
          "device.id",
          "state.dir",
          "broker.url",
          "broker.username",
          "broker.password-file",
          "tls.ca",
          "tls.certificate",
          "key.file",
          "key.passphrase-file",
          "key.algorithm",
          "api.url",
          "api.token-file",
          "sampling.interval",
          "sampling.batch",
          "scenario",
          "scenario.device",
          "scenario.speedup",
          "queue.max-bytes",
          "queue.fsync",
          "firmware.class",
          "firmware.trusted-keys");

  /**
   * Reads and checks a config file.
   *
   * @throws ConfigException naming the file, the key and what is wrong
   */
  public static AgentConfig load(Path file) throws ConfigException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException(file, "cannot read the file: " + e.getMessage());
    }
    Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          file, "unknown key(s) " + unknown + "; allowed: " + new TreeSet<>(KEYS));
    }
    Path base = file.toAbsolutePath().getParent();
    Reader0 r = new Reader0(file, properties, base);
    String id = r.required("device.id");
    if (!DeviceId.isValid(id)) {
      throw new ConfigException(
          file, "device.id \"" + id + "\" is not 1-64 characters of [A-Za-z0-9._-]");
    }
    Path state = r.path("state.dir").orElse(base.resolve("agent-state"));
    return new AgentConfig(
        file,
        DeviceId.of(id),
        state,
        r.uri("broker.url", "tcp://127.0.0.1:1883"),
        r.text("broker.username"),
        r.path("broker.password-file"),
        r.path("tls.ca"),
        r.path("tls.certificate").orElse(state.resolve("device.pem")),
        r.path("key.file").orElse(state.resolve("device-key.pem")),
        r.path("key.passphrase-file"),
        r.algorithm("key.algorithm"),
        r.uri("api.url", "http://127.0.0.1:8080"),
        r.path("api.token-file"),
        r.duration("sampling.interval", Duration.ofSeconds(10)),
        (int) r.number("sampling.batch", 1, 1, 1000),
        r.text("scenario").orElse("fish"),
        r.text("scenario.device"),
        r.decimal("scenario.speedup", 1.0),
        r.number("queue.max-bytes", 64L << 20, 1L << 20, 1L << 40),
        r.text("queue.fsync").orElse("every-record"),
        r.text("firmware.class").orElse("tracemark-agent"),
        r.paths("firmware.trusted-keys"));
  }

  /** Typed access to the properties with the file named in every error. */
  private record Reader0(Path file, Properties properties, Path base) {

    Optional<String> text(String key) {
      String value = properties.getProperty(key);
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    String required(String key) throws ConfigException {
      return text(key).orElseThrow(() -> new ConfigException(file, key + " is required"));
    }

    Optional<Path> path(String key) {
      return text(key).map(value -> base.resolve(value).normalize());
    }

    Set<Path> paths(String key) {
      Set<Path> paths = new java.util.LinkedHashSet<>();
      text(key)
          .ifPresent(
              value -> {
                for (String part : value.split(",")) {
                  if (!part.isBlank()) {
                    paths.add(base.resolve(part.trim()).normalize());
                  }
                }
              });
      return paths;
    }

    URI uri(String key, String fallback) throws ConfigException {
      String value = text(key).orElse(fallback);
      try {
        URI uri = new URI(value);
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new java.net.URISyntaxException(value, "needs a scheme and a host");
        }
        return uri;
      } catch (java.net.URISyntaxException e) {
        throw new ConfigException(file, key + " \"" + value + "\" is not a URI: " + e.getReason());
      }
    }

    Duration duration(String key, Duration fallback) throws ConfigException {
      Optional<String> value = text(key);
      if (value.isEmpty()) {
        return fallback;
      }
      try {
        Duration duration = Duration.parse(value.get().toUpperCase(java.util.Locale.ROOT));
        if (duration.isNegative() || duration.isZero()) {
          throw new ConfigException(file, key + " must be positive");
        }
        return duration;
      } catch (java.time.format.DateTimeParseException e) {
        throw new ConfigException(
            file, key + " \"" + value.get() + "\" is not an ISO-8601 duration such as PT10S");
      }
    }

    long number(String key, long fallback, long min, long max) throws ConfigException {
      Optional<String> value = text(key);
      if (value.isEmpty()) {
        return fallback;
      }
      try {
        long number = Long.parseLong(value.get());
        if (number < min || number > max) {
          throw new ConfigException(file, key + " must be " + min + " to " + max);
        }
        return number;
      } catch (NumberFormatException e) {
        throw new ConfigException(file, key + " \"" + value.get() + "\" is not a whole number");
      }
    }

    double decimal(String key, double fallback) throws ConfigException {
      Optional<String> value = text(key);
      if (value.isEmpty()) {
        return fallback;
      }
      try {
        double number = Double.parseDouble(value.get());
        if (!(number > 0) || Double.isInfinite(number)) {
          throw new ConfigException(file, key + " must be a positive number");
        }
        return number;
      } catch (NumberFormatException e) {
        throw new ConfigException(file, key + " \"" + value.get() + "\" is not a number");
      }
    }

    SigningAlgorithm algorithm(String key) throws ConfigException {
      String value = text(key).orElse("ed25519").toLowerCase(java.util.Locale.ROOT);
      return switch (value) {
        case "ed25519" -> SigningAlgorithm.ED25519;
        case "es256", "p-256" -> SigningAlgorithm.ES256;
        default -> throw new ConfigException(file, key + " must be ed25519 or es256, not " + value);
      };
    }
  }
}
