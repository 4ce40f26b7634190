package org.tracemark.gs1.key;

import java.util.Objects;
import org.tracemark.gs1.Gs1Exception;

/** Serial number, AI (21): 1 to 20 characters of GS1 AI encodable character set 82. */
public record Serial(String value) {

  /** Longest serial number. */
  public static final int MAX_LENGTH = 20;

  /** Validates the invariant; prefer {@link #of(String)}, which reports typed errors. */
  public Serial {
    Objects.requireNonNull(value, "value");
    KeyRules.invariant(() -> KeyRules.cset82(value, MAX_LENGTH, "serial number"));
  }

  /** Validates and wraps a serial number. */
  public static Serial of(String value) throws Gs1Exception {
    KeyRules.cset82(value, MAX_LENGTH, "serial number");
    return new Serial(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
