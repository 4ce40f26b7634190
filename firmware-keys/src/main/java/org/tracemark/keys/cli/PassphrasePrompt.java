package org.tracemark.keys.cli;

import java.io.Console;
import java.util.Optional;

/** Asks a person for a passphrase without echoing it, if there is a person to ask. */
@FunctionalInterface
interface PassphrasePrompt {

  /** What was typed, or empty when there is no terminal (or the input ended). */
  Optional<char[]> read(String prompt);

  /** The process's terminal, through {@link System#console()}; empty when not interactive. */
  static PassphrasePrompt console() {
    return prompt -> {
      Console console = System.console();
      return console == null
          ? Optional.empty()
          : Optional.ofNullable(console.readPassword("%s", prompt));
    };
  }

  /** For runs that must never wait for a person, such as tests. */
  static PassphrasePrompt none() {
    return prompt -> Optional.empty();
  }
}
