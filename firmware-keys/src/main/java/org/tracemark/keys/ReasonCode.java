package org.tracemark.keys;

import java.util.Locale;

/**
 * An outcome or failure reason with a stable kebab-case code derived from its enum constant name
 * ({@code PROOF_OF_POSSESSION_FAILED} → {@code proof-of-possession-failed}). Codes are a contract
 * (logs, metrics, problem+json {@code code}, stored records): add constants, never rename or reuse
 * one. Each enum's codes are pinned by a test.
 */
public interface ReasonCode {

  /** The enum constant's name, as every implementation is an enum. */
  String name();

  /** The stable code, e.g. {@code bad-crl-signature}. */
  default String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
