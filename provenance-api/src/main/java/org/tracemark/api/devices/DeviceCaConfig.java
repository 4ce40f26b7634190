package org.tracemark.api.devices;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the device certificate authority (see application.properties for defaults). */
@ConfigMapping(prefix = "tracemark.ca")
public interface DeviceCaConfig {

  /** The issuing CA key's passphrase (env TRACEMARK_CA_KEY_PASSPHRASE); else the file below. */
  Optional<String> keyPassphrase();

  /** A file holding the passphrase; readable by the service user only. */
  Path keyPassphraseFile();

  /** Generate the passphrase file when absent: right for the demo, wrong for production. */
  @WithDefault("true")
  boolean generatePassphrase();

  /**
   * Where a first start without an imported CA writes the root CA it creates (certificate and
   * encrypted key), so that the root's key is not kept in the database with the issuing key.
   */
  Path directory();

  /** How long a device certificate is valid from enrolment. */
  @WithDefault("P730D")
  Duration deviceValidity();

  /** How often verifiers (ingest) poll for new revocations; DESIGN asks for at most 5 s. */
  @WithDefault("1s")
  Duration revocationPoll();
}
