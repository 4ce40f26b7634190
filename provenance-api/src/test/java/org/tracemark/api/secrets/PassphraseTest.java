package org.tracemark.api.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassphraseTest {

  @TempDir Path dir;

  @Test
  void theEnvironmentWins() throws Exception {
    Files.writeString(dir.resolve("p"), "from-file");
    assertThat(
            Passphrase.resolve(
                "ledger key",
                "TRACEMARK_LEDGER_KEY_PASSPHRASE",
                Optional.of("from-env"),
                dir.resolve("p"),
                true))
        .isEqualTo("from-env".toCharArray());
  }

  @Test
  void aGeneratedPassphraseIsKeptInAnOwnerOnlyFileAndReusedNextTime() throws Exception {
    Path file = dir.resolve("secrets/ledger-key.passphrase");
    char[] first =
        Passphrase.resolve(
            "ledger key", "TRACEMARK_LEDGER_KEY_PASSPHRASE", Optional.empty(), file, true);
    char[] second =
        Passphrase.resolve(
            "ledger key", "TRACEMARK_LEDGER_KEY_PASSPHRASE", Optional.empty(), file, true);

    assertThat(first).hasSizeGreaterThanOrEqualTo(40).isEqualTo(second);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void withoutGenerationAMissingPassphraseIsAnErrorNamingBothSources() {
    assertThatThrownBy(
            () ->
                Passphrase.resolve(
                    "ledger key",
                    "TRACEMARK_LEDGER_KEY_PASSPHRASE",
                    Optional.empty(),
                    dir.resolve("none"),
                    false))
        .isInstanceOf(PassphraseException.class)
        .hasMessageContaining("TRACEMARK_LEDGER_KEY_PASSPHRASE")
        .hasMessageContaining("none");
  }
}
