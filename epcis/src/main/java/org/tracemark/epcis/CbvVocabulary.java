package org.tracemark.epcis;

import java.util.List;
import java.util.Optional;

/**
 * CBV standard vocabulary as the event hash writes it: Web URIs under {@code
 * https://ref.gs1.org/cbv/} and {@code https://gs1.org/voc/}.
 *
 * <p>JSON-LD events carry standard values as bare strings ({@code "bizStep": "shipping"}) that the
 * EPCIS 2.0 context maps to Web URIs (rule 17); XML and EPCIS 1.x carry the older URNs ({@code
 * urn:epcglobal:cbv:bizstep:shipping}, rule 14). Instead of running a JSON-LD processor over the
 * EPCIS context, each field that takes a vocabulary names its {@link Term}, and a bare value (no
 * {@code :}) in that field is appended to the term's namespace. A value with a {@code :} is a URI
 * or a compact IRI and is left to the other rules.
 */
final class CbvVocabulary {

  private CbvVocabulary() {}

  /** A CBV vocabulary: the Web URI stem of its terms, and the URN stem CBV 1.x used. */
  enum Term {
    BIZ_STEP("https://ref.gs1.org/cbv/BizStep-", "urn:epcglobal:cbv:bizstep:"),
    DISPOSITION("https://ref.gs1.org/cbv/Disp-", "urn:epcglobal:cbv:disp:"),
    BIZ_TRANSACTION_TYPE("https://ref.gs1.org/cbv/BTT-", "urn:epcglobal:cbv:btt:"),
    SOURCE_DESTINATION_TYPE("https://ref.gs1.org/cbv/SDT-", "urn:epcglobal:cbv:sdt:"),
    ERROR_REASON("https://ref.gs1.org/cbv/ER-", "urn:epcglobal:cbv:er:"),
    /** Sensor component ({@code x}, {@code latitude}, ...). */
    COMPONENT("https://ref.gs1.org/cbv/Comp-", null),
    /** Sensor measurement types ({@code Temperature}) and exceptions ({@code ALARM_CONDITION}). */
    GS1_VOC("https://gs1.org/voc/", null);

    private final String webStem;
    private final String urnStem;

    Term(String webStem, String urnStem) {
      this.webStem = webStem;
      this.urnStem = urnStem;
    }

    /** Rule 17: the Web URI of a bare term, if {@code value} is one. */
    Optional<String> expandBare(String value) {
      if (value.isEmpty() || value.indexOf(':') >= 0 || value.indexOf('/') >= 0) {
        return Optional.empty();
      }
      return Optional.of(webStem + value);
    }
  }

  private static final List<Term> WITH_URNS =
      List.of(
          Term.BIZ_STEP,
          Term.DISPOSITION,
          Term.BIZ_TRANSACTION_TYPE,
          Term.SOURCE_DESTINATION_TYPE,
          Term.ERROR_REASON);

  /**
   * Rule 14: a CBV 1.x URN ({@code urn:epcglobal:cbv:disp:in_transit}) as its Web URI ({@code
   * https://ref.gs1.org/cbv/Disp-in_transit}); any other value unchanged.
   */
  static String webUri(String value) {
    if (!value.startsWith("urn:epcglobal:cbv:")) {
      return value;
    }
    for (Term term : WITH_URNS) {
      if (value.startsWith(term.urnStem)) {
        return term.webStem + value.substring(term.urnStem.length());
      }
    }
    return value;
  }
}
