package org.tracemark.gs1.key;

import java.util.Objects;
import org.tracemark.gs1.Gs1Exception;

/** Batch or lot number, AI (10): 1 to 20 characters of GS1 AI encodable character set 82. */
public record Lot(String value) {

  /** Longest lot number. */
  public static final int MAX_LENGTH = 20;

  /** Validates the invariant; prefer {@link #of(String)}, which reports typed errors. */
  public Lot {
    Objects.requireNonNull(value, "value");
    KeyRules.invariant(() -> KeyRules.cset82(value, MAX_LENGTH, "lot number"));
  }

  /** Validates and wraps a lot number. */
  public static Lot of(String value) throws Gs1Exception {
    KeyRules.cset82(value, MAX_LENGTH, "lot number");
    return new Lot(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
