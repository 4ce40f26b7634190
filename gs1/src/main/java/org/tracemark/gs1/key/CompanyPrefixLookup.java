package org.tracemark.gs1.key;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * Finds how long the GS1 Company Prefix at the start of some key digits is.
 *
 * <p>EPC URNs put a dot after the company prefix, so converting a key to an EPC needs this length,
 * which the key itself does not carry. Sources are GS1's prefix-length table, a company's own
 * allocation, or Tracemark's registry of producers; {@link #of(Collection)} covers the last.
 */
@FunctionalInterface
public interface CompanyPrefixLookup {

  /**
   * The length of the company prefix that starts {@code digits}, or empty if unknown.
   *
   * @param digits key digits starting at the company-prefix position: a GTIN without its indicator
   *     digit, an SSCC without its extension digit, a GLN, a GRAI without its leading zero, a GIAI
   */
  OptionalInt prefixLength(String digits);

  /** Every key has a prefix of this length (useful when one company's keys are converted). */
  static CompanyPrefixLookup fixed(int length) {
    return digits -> OptionalInt.of(length);
  }

  /**
   * Looks prefixes up in a set of known prefixes, longest match first (GS1 allocates prefixes so
   * that none is a prefix of another, but a longest-match rule is safe even if a registry holds
   * overlapping entries).
   */
  static CompanyPrefixLookup of(Collection<CompanyPrefix> known) {
    List<CompanyPrefix> sorted = new ArrayList<>(known);
    sorted.sort(Comparator.comparingInt(CompanyPrefix::length).reversed());
    List<CompanyPrefix> frozen = List.copyOf(sorted);
    return digits -> {
      for (CompanyPrefix p : frozen) {
        if (p.prefixes(digits)) {
          return OptionalInt.of(p.length());
        }
      }
      return OptionalInt.empty();
    };
  }
}
