package org.tracemark.edge.scan;

import java.util.Optional;
import java.util.OptionalInt;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.element.ElementString;
import org.tracemark.keys.reading.Observation;

/** What came of one scan: GS1 data and the EPC to sign, or why it is not valid GS1 data. */
public sealed interface ScanResult permits ScanResult.Accepted, ScanResult.Rejected {

  /** The scanner's output as received (after stripping surrounding spaces). */
  String raw();

  /**
   * Valid GS1 data.
   *
   * @param data the elements that were read
   * @param epc the canonical GS1 Digital Link URI on {@code https://id.gs1.org}: the reading's
   *     {@code epc}
   */
  record Accepted(String raw, ElementString data, String epc) implements ScanResult {

    /** The scan observation of this EPC during business step {@code biz}, at {@code loc}. */
    public Observation observe(long ts, String biz, Optional<String> loc) {
      return Observation.scan(ts, epc, biz, loc);
    }
  }

  /**
   * Not valid GS1 data.
   *
   * @param code the gs1 library's error code, e.g. {@code bad-check-digit}
   * @param message what is wrong, quoting the input with control characters escaped
   * @param position 1-based position in {@code raw} of the first offending character, if known
   */
  record Rejected(String raw, Gs1Exception.Code code, String message, OptionalInt position)
      implements ScanResult {

    static Rejected of(String raw, Gs1Exception e) {
      return new Rejected(raw, e.code(), e.getMessage(), e.position());
    }
  }
}
