package org.tracemark.keys.reading;

import java.util.Optional;

/**
 * Why ingest quarantined a message instead of accepting it (DESIGN §2), one per failure the design
 * names, with a stable kebab-case code.
 *
 * <p>The codes are a contract: they label metrics, appear in logs and in the admin quarantine
 * listing, and are stored with each quarantined message. Add new reasons; never rename or reuse a
 * code. {@code src/test/resources/vectors/quarantine-reason-codes.txt} pins the current set.
 */
public enum QuarantineReason {
  /** Not decodable as a COSE_Sign1 carrying a v1 reading payload (CBOR, COSE or field errors). */
  MALFORMED("malformed", "not a well-formed COSE_Sign1 signed reading"),
  /** Larger than the 60 KiB message limit; rejected before decoding. */
  OVERSIZE("oversize", "message over 60 KiB"),
  /** The {@code kid} names no enrolled device key. */
  UNKNOWN_KID("unknown-kid", "no enrolled key has this kid"),
  /** The signature does not verify under the key the {@code kid} names. */
  BAD_SIGNATURE("bad-signature", "signature does not verify"),
  /** The key was revoked. */
  REVOKED("revoked", "signing key is revoked"),
  /** The key's validity has not started yet. */
  NOT_YET_VALID("not-yet-valid", "signing key is not valid yet"),
  /** The payload's {@code dev} differs from the device in the topic it was published on. */
  DEVICE_TOPIC_MISMATCH("device-topic-mismatch", "payload dev differs from the topic's device"),
  /** {@code (dev, boot, seq)} is below the device's replay window. */
  STALE("stale", "below the replay window"),
  /**
   * Same {@code (dev, boot, seq)} as an earlier message but different bytes: the device signed two
   * different readings under one identity, and is flagged.
   */
  EQUIVOCATION("equivocation", "same (dev, boot, seq) as an earlier message, different bytes");

  private final String code;
  private final String description;

  QuarantineReason(String code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The stable code, e.g. {@code bad-signature}. */
  public String code() {
    return code;
  }

  /** One line for people, e.g. in the admin listing; not stable, do not parse. */
  public String description() {
    return description;
  }

  /** Whether this reason marks the device itself as suspect, not just the message. */
  public boolean flagsDevice() {
    return this == EQUIVOCATION;
  }

  /** The reason with this code, e.g. when reading a stored quarantine record back. */
  public static Optional<QuarantineReason> fromCode(String code) {
    for (QuarantineReason reason : values()) {
      if (reason.code.equals(code)) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return code;
  }
}
