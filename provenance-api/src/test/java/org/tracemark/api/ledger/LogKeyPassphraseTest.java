package org.tracemark.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogKeyPassphraseTest {

  @TempDir Path dir;

  @Test
  void theEnvironmentWins() throws Exception {
    Files.writeString(dir.resolve("p"), "from-file");
    assertThat(LogKeyPassphrase.resolve(Optional.of("from-env"), dir.resolve("p"), true))
        .isEqualTo("from-env".toCharArray());
  }

  @Test
  void aGeneratedPassphraseIsKeptInAnOwnerOnlyFileAndReusedNextTime() throws Exception {
    Path file = dir.resolve("secrets/ledger-key.passphrase");
    char[] first = LogKeyPassphrase.resolve(Optional.empty(), file, true);
    char[] second = LogKeyPassphrase.resolve(Optional.empty(), file, true);

    assertThat(first).hasSizeGreaterThanOrEqualTo(40).isEqualTo(second);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void withoutGenerationAMissingPassphraseIsAnErrorNamingBothSources() {
    assertThatThrownBy(() -> LogKeyPassphrase.resolve(Optional.empty(), dir.resolve("none"), false))
        .isInstanceOf(LogKeyException.class)
        .hasMessageContaining("TRACEMARK_LEDGER_KEY_PASSPHRASE")
        .hasMessageContaining("none");
  }
}
