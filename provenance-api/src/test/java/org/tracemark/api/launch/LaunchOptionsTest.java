package org.tracemark.api.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LaunchOptionsTest {

  private static LaunchOptions parse(String... args) {
    LaunchOptions options = new LaunchOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void defaultsAreEmbeddedModeOnLoopback() {
    LaunchOptions options = parse();
    // The environment of a developer may set TRACEMARK_DB_URL; only check it when it does not.
    if (System.getenv("TRACEMARK_DB_URL") == null) {
      assertThat(options.dbUrl).isNull();
    }
    if (System.getenv("TRACEMARK_HTTP_HOST") == null) {
      assertThat(options.host).isEqualTo("127.0.0.1");
    }
    if (System.getenv("TRACEMARK_HOME") == null) {
      assertThat(options.home).isEqualTo(Path.of(System.getProperty("user.home"), ".tracemark"));
    }
    assertThat(options.fresh).isFalse();
  }

  @Test
  void optionsOverrideDefaults() {
    LaunchOptions options =
        parse(
            "--db-url",
            "jdbc:postgresql://db:5432/x",
            "--fresh",
            "--port",
            "9090",
            "--home",
            "/tmp/tm");
    assertThat(options.dbUrl).isEqualTo("jdbc:postgresql://db:5432/x");
    assertThat(options.fresh).isTrue();
    assertThat(options.port).isEqualTo(9090);
    assertThat(options.home).isEqualTo(Path.of("/tmp/tm"));
  }

  @Test
  void unknownOptionsAndBadNumbersAreRejectedWithAMessage() {
    assertThatThrownBy(() -> parse("--bogus"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--bogus");
    assertThatThrownBy(() -> parse("--port", "eighty"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("eighty");
  }

  @Test
  void thereIsNoPasswordOption() {
    // Passwords on argv are visible to every user in `ps`; TRACEMARK_DB_PASSWORD is the way.
    assertThat(new CommandLine(new LaunchOptions()).getCommandSpec().optionsMap().keySet())
        .noneMatch(name -> name.contains("password"));
  }
}
