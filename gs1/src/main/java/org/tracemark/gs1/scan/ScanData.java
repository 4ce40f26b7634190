package org.tracemark.gs1.scan;

import java.util.Locale;
import java.util.Objects;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.digitallink.DigitalLink;
import org.tracemark.gs1.element.ElementString;

/**
 * What a scanner read, in whichever form the code carried it: a GS1 Digital Link URI (a QR code or
 * DataMatrix holding a URL, possibly behind the plain-data symbology identifiers {@code ]Q1} or
 * {@code ]d1}), bracketed element strings, or raw element strings with FNC1 separators. All become
 * one {@link ElementString}, so code that stores or checks a scan handles one shape.
 */
public final class ScanData {

  private ScanData() {}

  /**
   * Reads scanned data.
   *
   * @throws Gs1Exception the typed error of the form the data is in
   */
  public static ElementString parse(String scanned) throws Gs1Exception {
    Objects.requireNonNull(scanned, "scanned");
    String data = scanned;
    if (data.startsWith("]Q1") || data.startsWith("]d1") || data.startsWith("]J0")) {
      data = data.substring(3);
    }
    String lower = data.substring(0, Math.min(8, data.length())).toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://") || lower.startsWith("http://")) {
      return DigitalLink.parse(data).toElementString();
    }
    return ElementString.parse(scanned);
  }
}
