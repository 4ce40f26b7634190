package org.tracemark.gs1.epc;

import java.util.List;
import java.util.Objects;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;
import org.tracemark.gs1.digitallink.DigitalLink;
import org.tracemark.gs1.element.Element;
import org.tracemark.gs1.key.CompanyPrefixLookup;
import org.tracemark.gs1.key.Identity;

/**
 * Identifiers in EPCIS 2.0 events ({@code epcList}, {@code parentID}, {@code epcClass}, {@code
 * readPoint}, {@code bizLocation}, ...). EPCIS 2.0 lets a document carry either an EPC URN or a GS1
 * Digital Link URI for the same thing, so a capture interface must accept both and compare them as
 * equal; this class turns either into the same {@link Identity}.
 *
 * <p>Digital Link URIs are held to the constrained form CBV 2.0 defines for EPCIS: any domain, but
 * only the primary key and the qualifiers that make up an EPC ({@code /01/{gtin}/21/{serial}},
 * {@code /01/{gtin}/10/{lot}}, {@code /01/{gtin}}, {@code /00/{sscc}}, {@code /414/{gln}[/254/
 * {ext}]}, {@code /8003/{grai}}, {@code /8004/{giai}}), the GTIN in 14 digits, and no query string
 * or fragment. Anything richer (a consumer product variant, an expiry date) is data about the
 * object, not its name.
 */
public final class EpcisIdentifier {

  private EpcisIdentifier() {}

  /**
   * Reads an EPCIS identifier in either form.
   *
   * @throws Gs1Exception {@code bad-syntax} if it is neither an EPC URN nor a constrained Digital
   *     Link URI, or the typed error of the form it is in
   */
  public static Identity parse(String identifier) throws Gs1Exception {
    Objects.requireNonNull(identifier, "identifier");
    if (identifier.startsWith("urn:epc:")) {
      return EpcUrn.parse(identifier).identity();
    }
    if (!identifier.regionMatches(true, 0, "http://", 0, 7)
        && !identifier.regionMatches(true, 0, "https://", 0, 8)) {
      throw Gs1Exception.of(
          Code.BAD_SYNTAX,
          "an EPCIS identifier is an EPC URN (urn:epc:...) or a GS1 Digital Link URI (https://...)",
          identifier,
          1);
    }
    int extra =
        identifier.chars().filter(c -> c == '?' || c == '#').findFirst().isPresent()
            ? Math.min(
                identifier.indexOf('?') < 0 ? Integer.MAX_VALUE : identifier.indexOf('?'),
                identifier.indexOf('#') < 0 ? Integer.MAX_VALUE : identifier.indexOf('#'))
            : -1;
    if (extra >= 0) {
      throw Gs1Exception.of(
          Code.BAD_SYNTAX,
          "a Digital Link used as an EPCIS identifier has no query string or fragment",
          identifier,
          extra + 1);
    }
    DigitalLink link = DigitalLink.parse(identifier);
    List<String> codes = link.path().stream().map(Element::code).toList();
    boolean constrained =
        switch (codes.get(0)) {
          case "01" ->
              codes.size() == 1
                  || codes.equals(List.of("01", "21"))
                  || codes.equals(List.of("01", "10"));
          case "00", "8003", "8004" -> codes.size() == 1;
          case "414" -> codes.size() == 1 || codes.equals(List.of("414", "254"));
          default -> false;
        };
    if (!constrained) {
      throw Gs1Exception.of(
          Code.UNSUPPORTED,
          "EPCIS takes /01/{gtin}[/21/{serial} or /10/{lot}], /00, /414[/254], /8003 or /8004;"
              + " this path is /"
              + String.join("/../", codes)
              + "/..",
          identifier,
          0);
    }
    if (codes.get(0).equals("01")) {
      int start = identifier.lastIndexOf("/01/") + 4;
      int end = identifier.indexOf('/', start);
      int length = (end < 0 ? identifier.length() : end) - start;
      if (length != 14) {
        throw Gs1Exception.of(
            Code.BAD_LENGTH,
            "a GTIN in an EPCIS Digital Link has 14 digits, got " + length,
            identifier,
            start + 1,
            "01");
      }
    }
    return link.toIdentity();
  }

  /** The EPC URN of an identity (the form EPCIS 1.x and most repositories store). */
  public static String toUrn(Identity identity, CompanyPrefixLookup lookup) throws Gs1Exception {
    return EpcUrn.of(identity, lookup).toString();
  }

  /** The canonical Digital Link of an identity, on {@code https://id.gs1.org}. */
  public static String toDigitalLink(Identity identity) {
    return DigitalLink.of(identity).toUri();
  }
}
