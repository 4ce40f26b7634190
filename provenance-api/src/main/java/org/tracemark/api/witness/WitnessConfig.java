package org.tracemark.api.witness;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** The witness role: cosigns checkpoints of the logs it follows (C2SP tlog-witness). */
@ConfigMapping(prefix = "tracemark.witness")
public interface WitnessConfig {

  /** Whether this process runs the witness role (embedded mode runs every role). */
  @WithDefault("true")
  boolean enabled();

  /** The witness's key name, which is also how logs and verifiers refer to it. */
  @WithDefault("localhost/tracemark-witness")
  String name();

  /** Where the witness keeps its state (the checkpoint it last cosigned per log) and its key. */
  Path directory();

  /** The passphrase of the witness key (env TRACEMARK_WITNESS_KEY_PASSPHRASE); else the file. */
  Optional<String> keyPassphrase();

  Path keyPassphraseFile();

  @WithDefault("true")
  boolean generatePassphrase();
}
