package org.tracemark.gs1.key;

import java.util.Objects;

/** One trade item instance: a GTIN with a serial number, AI (01) + (21). */
public record Sgtin(Gtin gtin, Serial serial) implements Identity {

  /** Both parts are required. */
  public Sgtin {
    Objects.requireNonNull(gtin, "gtin");
    Objects.requireNonNull(serial, "serial");
  }

  /** Human-readable element string, e.g. {@code (01)80614141123458(21)6789}. */
  @Override
  public String toString() {
    return "(01)" + gtin + "(21)" + serial;
  }
}
