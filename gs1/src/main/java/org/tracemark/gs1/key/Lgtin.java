package org.tracemark.gs1.key;

import java.util.Objects;

/** A lot of a trade item: a GTIN with a batch/lot number, AI (01) + (10). A class, not one item. */
public record Lgtin(Gtin gtin, Lot lot) implements Identity {

  /** Both parts are required. */
  public Lgtin {
    Objects.requireNonNull(gtin, "gtin");
    Objects.requireNonNull(lot, "lot");
  }

  /** Human-readable element string, e.g. {@code (01)80614141123458(10)ABC1}. */
  @Override
  public String toString() {
    return "(01)" + gtin + "(10)" + lot;
  }
}
