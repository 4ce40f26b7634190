package org.tracemark.edge.scan;

/**
 * One non-blank line of a scanner's output.
 *
 * @param number 1-based line number, counting blank lines too, so it matches an editor
 */
public record ScanLine(int number, ScanResult result) {

  /** {@code "line 7: bad-check-digit: ..."} for a rejected line, the EPC for an accepted one. */
  @Override
  public String toString() {
    return "line "
        + number
        + ": "
        + (result instanceof ScanResult.Rejected r
            ? r.message()
            : ((ScanResult.Accepted) result).epc());
  }
}
