package org.tracemark.api.ledger;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the ledger, read where they are used (see application.properties for defaults). */
@ConfigMapping(prefix = "tracemark.ledger")
public interface LedgerConfig {

  /**
   * The log's origin: the first line of every checkpoint and the name of its verifier key. It names
   * this log for ever; a log refuses to start under another origin than it was created with.
   */
  @WithDefault("localhost/tracemark")
  String origin();

  /** The signing key's passphrase (env TRACEMARK_LEDGER_KEY_PASSPHRASE); else the file below. */
  Optional<String> keyPassphrase();

  /** A file holding the passphrase; readable by the service user only. */
  Path keyPassphraseFile();

  /**
   * Generate the passphrase file if neither the passphrase nor the file exists: right for a laptop
   * demo, wrong for production (set false there, and provide the secret).
   */
  @WithDefault("true")
  boolean generatePassphrase();

  /** How often the sequencer signs a new checkpoint while the log grows (≤ 1 s by contract). */
  @WithDefault("500ms")
  Duration checkpointInterval();

  /**
   * Remote witnesses to ask for cosignatures, by a name of your choice: {@code
   * tracemark.ledger.witnesses."w1".url=https://witness.example/} and {@code
   * tracemark.ledger.witnesses."w1".vkey=<its cosigner verifier key>}.
   */
  java.util.Map<String, RemoteWitness> witnesses();

  /** One remote witness. */
  interface RemoteWitness {
    /** Base URL; requests go to {@code {url}/add-checkpoint}. */
    java.net.URI url();

    /** Its cosigner verifier key ({@code name+hex8+base64(0x04||pubkey)}). */
    String vkey();
  }

  /** The PostgreSQL schema of the ledger tables (Flyway's schema, tracemark.db.schema). */
  String schema();
}
