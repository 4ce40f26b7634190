package org.tracemark.keys.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassphraseSourceTest {

  @TempDir Path dir;

  private final Path key = Path.of("key.pem");

  @Test
  void theFileGivesItsFirstLineWithoutTheLineBreakAndWinsOverTheEnvironment() throws Exception {
    Path file = dir.resolve("pw");
    Files.write(file, " spaces kept äö \r\nsecond line\n".getBytes(StandardCharsets.UTF_8));
    PassphraseSource source =
        new PassphraseSource(
            file,
            Map.of(PassphraseSource.ENVIRONMENT_VARIABLE, "from env")::get,
            PassphrasePrompt.none());

    try (Passphrase passphrase = source.forKey(key)) {
      assertThat(new String(passphrase.chars())).isEqualTo(" spaces kept äö ");
      assertThat(passphrase.source()).isEqualTo("--passphrase-file " + file);
      assertThat(passphrase.toString()).doesNotContain("spaces kept");
    }
  }

  @Test
  void closingOverwritesThePassphrase() throws Exception {
    PassphraseSource source =
        new PassphraseSource(
            null,
            Map.of(PassphraseSource.ENVIRONMENT_VARIABLE, "from env")::get,
            PassphrasePrompt.none());
    Passphrase passphrase = source.forKey(key);
    char[] chars = passphrase.chars();

    passphrase.close();

    assertThat(new String(chars)).isEqualTo("\0".repeat("from env".length()));
  }

  @Test
  void anEmptyFileOrEnvironmentIsNoPassphrase() throws Exception {
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "\n");
    PassphraseSource emptyEnvironment =
        new PassphraseSource(
            null, Map.of(PassphraseSource.ENVIRONMENT_VARIABLE, "")::get, PassphrasePrompt.none());

    assertThatThrownBy(
            () -> new PassphraseSource(empty, name -> null, PassphrasePrompt.none()).forKey(key))
        .isInstanceOf(CommandFailure.class)
        .hasMessage("--passphrase-file " + empty + " is empty; its first line is the passphrase");
    assertThatThrownBy(() -> emptyEnvironment.forKey(key))
        .isInstanceOf(CommandFailure.class)
        .hasMessageStartingWith("no passphrase for key.pem: set TRACEMARK_KEYS_PASSPHRASE");
  }

  @Test
  void aMissingFileIsAUsageError() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(
            () -> new PassphraseSource(missing, name -> null, PassphrasePrompt.none()).forKey(key))
        .isInstanceOfSatisfying(
            CommandFailure.class, e -> assertThat(e.exitCode()).isEqualTo(KeysCommand.USAGE))
        .hasMessage("cannot read --passphrase-file " + missing + ": no such file or directory");
  }

  @Test
  void aNewKeyAtATerminalNeedsTheSamePassphraseTwice() {
    char[][] typed = {"first".toCharArray(), "second".toCharArray()};
    int[] calls = {0};
    PassphraseSource source =
        new PassphraseSource(null, name -> null, prompt -> Optional.of(typed[calls[0]++]));

    assertThatThrownBy(() -> source.forNewKey(key))
        .isInstanceOf(CommandFailure.class)
        .hasMessage("the two passphrases typed for key.pem differ");
  }
}
