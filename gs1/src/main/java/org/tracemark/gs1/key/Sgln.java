package org.tracemark.gs1.key;

import java.util.Objects;
import org.tracemark.gs1.Gs1Exception;

/**
 * A location: a {@link Gln} optionally narrowed by a GLN extension component, AI (254), that names
 * a sub-location (a dock door, a freezer, a field). The extension is character set 82, 1 to 20
 * characters; the empty string means "no extension".
 */
public record Sgln(Gln gln, String extension) implements Identity {

  /** Longest GLN extension component, AI (254) X..20. */
  public static final int MAX_EXTENSION_LENGTH = 20;

  /** Validates the invariant; prefer the factories, which report typed errors. */
  public Sgln {
    Objects.requireNonNull(gln, "gln");
    Objects.requireNonNull(extension, "extension");
    KeyRules.invariant(() -> checkExtension(extension));
  }

  /** The GLN itself, without extension. */
  public static Sgln of(Gln gln) {
    return new Sgln(gln, "");
  }

  /** A GLN with an extension component (empty for none). */
  public static Sgln of(Gln gln, String extension) throws Gs1Exception {
    checkExtension(extension);
    return new Sgln(gln, extension);
  }

  /** Whether an extension component is present. */
  public boolean hasExtension() {
    return !extension.isEmpty();
  }

  /** Human-readable element string, e.g. {@code (414)0614141123452(254)400}. */
  @Override
  public String toString() {
    return "(414)" + gln + (hasExtension() ? "(254)" + extension : "");
  }

  private static void checkExtension(String extension) throws Gs1Exception {
    if (!extension.isEmpty()) {
      KeyRules.cset82(extension, MAX_EXTENSION_LENGTH, "GLN extension component");
    }
  }
}
