package org.tracemark.epcis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tracemark.gs1.CheckDigit;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.digitallink.PercentEncoding;
import org.tracemark.gs1.element.Element;

/**
 * EPC URNs of the GS1 keys that tracemark-gs1's {@code EpcUrn} does not model, as Digital Link path
 * elements (EPC Tag Data Standard 2.x, section 6 and 7, "EPC URI to GS1 element string"):
 *
 * <table>
 *   <caption>Schemes</caption>
 *   <tr><td>{@code urn:epc:id:gdti:CP.DocType.Serial}</td><td>{@code (253) CP DocType check Serial}</td></tr>
 *   <tr><td>{@code urn:epc:id:gsrn:CP.ServiceRef}</td><td>{@code (8018) CP ServiceRef check}</td></tr>
 *   <tr><td>{@code urn:epc:id:gsrnp:CP.ServiceRef}</td><td>{@code (8017) CP ServiceRef check}</td></tr>
 *   <tr><td>{@code urn:epc:id:cpi:CP.PartRef.Serial}</td><td>{@code (8010) CP PartRef (8011) Serial}</td></tr>
 *   <tr><td>{@code urn:epc:id:sgcn:CP.CouponRef.Serial}</td><td>{@code (255) CP CouponRef check Serial}</td></tr>
 *   <tr><td>{@code urn:epc:id:ginc:CP.ConsignmentRef}</td><td>{@code (401) CP ConsignmentRef}</td></tr>
 *   <tr><td>{@code urn:epc:id:gsin:CP.ShipperRef}</td><td>{@code (402) CP ShipperRef check}</td></tr>
 *   <tr><td>{@code urn:epc:id:itip:CP.IndItemRef.Piece.Total.Serial}</td><td>{@code (8006) GTIN Piece Total (21) Serial}</td></tr>
 *   <tr><td>{@code urn:epc:id:upui:CP.IndItemRef.TPX}</td><td>{@code (01) GTIN (235) TPX}</td></tr>
 *   <tr><td>{@code urn:epc:id:pgln:CP.PartyRef}</td><td>{@code (417) CP PartyRef check}</td></tr>
 *   <tr><td>{@code urn:epc:idpat:grai|gdti|sgcn|cpi|itip|upui:...*}</td><td>the key without its
 *       serial component: {@code (8003)}, {@code (253)}, {@code (255)}, {@code (8010)}, {@code
 *       (8006)}, {@code (01)}</td></tr>
 * </table>
 *
 * <p>CP is the GS1 Company Prefix (6 to 12 digits). Escaped characters ({@code %2F}) are decoded;
 * each element is validated by tracemark-gs1's AI table (length, character set, check digit). Other
 * URNs, including {@code urn:epc:idpat:sgtin}, are not handled here.
 */
final class OtherEpcSchemes {

  private OtherEpcSchemes() {}

  /**
   * The Digital Link path of {@code urn}, empty if its scheme is not one of this class's.
   *
   * @throws Gs1Exception if it is one of them but malformed
   */
  static Optional<List<Element>> path(String urn) throws Gs1Exception {
    boolean pattern = urn.startsWith("urn:epc:idpat:");
    if (!pattern && !urn.startsWith("urn:epc:id:")) {
      return Optional.empty();
    }
    String rest = urn.substring(pattern ? 14 : 11);
    int colon = rest.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String scheme = rest.substring(0, colon);
    Urn u = new Urn(urn, rest.substring(colon + 1).split("\\.", -1));
    return Optional.ofNullable(pattern ? pattern(scheme, u) : identity(scheme, u));
  }

  private static List<Element> identity(String scheme, Urn u) throws Gs1Exception {
    return switch (scheme) {
      case "gdti" -> {
        u.fields(3);
        yield List.of(el("253", u.keyWithCheck(1, 12) + u.text(2)));
      }
      case "gsrn" -> List.of(el("8018", u.fields(2).keyWithCheck(1, 17)));
      case "gsrnp" -> List.of(el("8017", u.fields(2).keyWithCheck(1, 17)));
      case "cpi" -> {
        u.fields(3);
        yield List.of(el("8010", u.prefix() + u.text(1)), el("8011", u.digits(2)));
      }
      case "sgcn" -> {
        u.fields(3);
        yield List.of(el("255", u.keyWithCheck(1, 12) + u.digits(2)));
      }
      case "ginc" -> List.of(el("401", u.fields(2).prefix() + u.text(1)));
      case "gsin" -> List.of(el("402", u.fields(2).keyWithCheck(1, 16)));
      case "itip" -> {
        u.fields(5);
        yield List.of(el("8006", u.gtin() + u.digits(2, 2) + u.digits(3, 2)), el("21", u.text(4)));
      }
      case "upui" -> {
        u.fields(3);
        yield List.of(el("01", u.gtin()), el("235", u.text(2)));
      }
      case "pgln" -> List.of(el("417", u.fields(2).keyWithCheck(1, 12)));
      default -> null;
    };
  }

  private static List<Element> pattern(String scheme, Urn u) throws Gs1Exception {
    return switch (scheme) {
      case "grai" -> List.of(el("8003", "0" + u.fields(3).star(2).keyWithCheck(1, 12)));
      case "gdti" -> List.of(el("253", u.fields(3).star(2).keyWithCheck(1, 12)));
      case "sgcn" -> List.of(el("255", u.fields(3).star(2).keyWithCheck(1, 12)));
      case "cpi" -> List.of(el("8010", u.fields(3).star(2).prefix() + u.text(1)));
      case "itip" -> {
        u.fields(5).star(4);
        yield List.of(el("8006", u.gtin() + u.digits(2, 2) + u.digits(3, 2)));
      }
      case "upui" -> List.of(el("01", u.fields(3).star(2).gtin()));
      default -> null;
    };
  }

  private static Element el(String ai, String value) throws Gs1Exception {
    return Element.of(ai, value);
  }

  /** The dot-separated fields of a URN body. */
  private record Urn(String urn, String[] parts) {

    Urn fields(int count) throws Gs1Exception {
      if (parts.length != count) {
        throw fail("expected " + count + " dot-separated fields, got " + parts.length);
      }
      return this;
    }

    Urn star(int i) throws Gs1Exception {
      if (!parts[i].equals("*")) {
        throw fail("a pattern URN ends in \".*\"");
      }
      return this;
    }

    /** Field 0: the company prefix. */
    String prefix() throws Gs1Exception {
      String prefix = digits(0);
      if (prefix.length() < 6 || prefix.length() > 12) {
        throw fail("a GS1 Company Prefix in an EPC URN has 6 to 12 digits");
      }
      return prefix;
    }

    String digits(int i) throws Gs1Exception {
      String field = parts[i];
      if (!field.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw fail("field " + (i + 1) + " has only digits");
      }
      return field;
    }

    String digits(int i, int length) throws Gs1Exception {
      String field = digits(i);
      if (field.length() != length) {
        throw fail("field " + (i + 1) + " has " + length + " digits");
      }
      return field;
    }

    String text(int i) throws Gs1Exception {
      return PercentEncoding.decode(parts[i], false, urn, 0, new ArrayList<>());
    }

    /** Company prefix and reference ({@code length} digits together), then the check digit. */
    String keyWithCheck(int referenceField, int length) throws Gs1Exception {
      String body = prefix() + digits(referenceField);
      if (body.length() != length) {
        throw fail("company prefix and reference have " + length + " digits together");
      }
      return body + CheckDigit.compute(body);
    }

    /** Fields 0 and 1 (company prefix, indicator digit and item reference) as a GTIN-14. */
    String gtin() throws Gs1Exception {
      String prefix = prefix();
      String reference = digits(1);
      if (prefix.length() + reference.length() != 13) {
        throw fail("company prefix, indicator and item reference have 13 digits together");
      }
      String body = reference.charAt(0) + prefix + reference.substring(1);
      return body + CheckDigit.compute(body);
    }

    private Gs1Exception fail(String message) {
      return Gs1Exception.of(Gs1Exception.Code.BAD_SYNTAX, message, urn, 0);
    }
  }
}
