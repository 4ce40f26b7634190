package org.tracemark.keys.reading;

import java.util.Optional;

/** What verifying one message concluded: verified, or rejected with a quarantine reason. */
public sealed interface ReadingCheck {

  /**
   * The signature is valid, by an enrolled key of {@code dev}, valid at the time, topic matches.
   */
  record Verified(SignedReading reading, DeviceKey key) implements ReadingCheck {}

  /**
   * Rejected by one of the contract's stateless rules.
   *
   * @param reason the quarantine reason code
   * @param detail what exactly was wrong, with evidence (kid, times, the rule), for the quarantine
   *     record and the log; never key material
   * @param reading the decoded payload when it got that far (for a signature or key failure), so
   *     the quarantine record can name {@code (dev, boot, seq)}; not authentic
   */
  record Rejected(QuarantineReason reason, String detail, Optional<Reading> reading)
      implements ReadingCheck {}

  default boolean verified() {
    return this instanceof Verified;
  }
}
