package org.tracemark.keys.cli;

import org.tracemark.keys.signing.SigningAlgorithm;
import picocli.CommandLine.Option;

/** {@code --algorithm ed25519|es256}: the key type of a key a command creates. */
final class AlgorithmOption {

  @Option(
      names = "--algorithm",
      paramLabel = "ALG",
      defaultValue = "ed25519",
      converter = OptionConverters.Algorithm.class,
      description = "Key type: ed25519 or es256 (EC P-256). Default: ${DEFAULT-VALUE}.")
  SigningAlgorithm algorithm;
}
