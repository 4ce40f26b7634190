package org.tracemark.edge.config;

import java.nio.file.Path;

/** A config file that cannot be used; the message names the file and the key. */
public final class ConfigException extends Exception {

  public ConfigException(Path file, String problem) {
    super(file + ": " + problem);
  }
}
