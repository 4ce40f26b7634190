package org.tracemark.epcis;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.digitallink.DigitalLink;
import org.tracemark.gs1.element.Element;
import org.tracemark.gs1.epc.EpcisIdentifier;

/**
 * Identifiers as the event hash writes them: the constrained canonical GS1 Digital Link URI (CBV
 * 2.0 event hash rules 18 and 19).
 *
 * <ul>
 *   <li>EPC URNs ({@code urn:epc:id:}), EPC class URNs ({@code urn:epc:class:}) and EPC pattern
 *       URNs ({@code urn:epc:idpat:}) become the Digital Link of the same GS1 key: through
 *       tracemark-gs1's {@link EpcisIdentifier} for the schemes it covers (SGTIN, SSCC, SGLN, GRAI,
 *       GIAI, LGTIN, SGTIN pattern), through {@link OtherEpcSchemes} for the rest.
 *   <li>Digital Link URIs on any domain move to {@code https://id.gs1.org}, lose their query string
 *       and keep only the most fine-granular identification: one of {@code 00 / 01 / 01 21 / 01 10
 *       / 01 235 / 253 / 255 / 401 / 402 / 414 / 414 254 / 417 / 8003 / 8004 / 8006 / 8006 21 /
 *       8006 10 / 8010 / 8010 8011 / 8017 / 8018} (a serial wins over a lot; a CPV goes). The
 *       deprecated short names ({@code /gtin/}, {@code /ser/}, ...) are read as their AIs.
 * </ul>
 *
 * <p>Values are percent-encoded as GS1 Digital Link Table 7-1 requires ({@code ! " # % & ( ) * + ,
 * / : < > ?} and space) and otherwise written as they are, so {@code '}, {@code ;} and {@code =}
 * stay literal, as in the CBV reference implementation. Anything that does not convert (not a GS1
 * key, a bad check digit, a scheme without a GS1 key such as {@code gid}) is left alone by the
 * caller.
 */
final class Identifiers {

  private static final String BASE = "https://id.gs1.org";

  /** Primary key to the qualifiers it may keep, finest first; at most one is kept. */
  private static final Map<String, List<String>> KEPT_QUALIFIERS =
      Map.ofEntries(
          Map.entry("00", List.of()),
          Map.entry("01", List.of("21", "235", "10")),
          Map.entry("253", List.of()),
          Map.entry("255", List.of()),
          Map.entry("401", List.of()),
          Map.entry("402", List.of()),
          Map.entry("414", List.of("254")),
          Map.entry("417", List.of()),
          Map.entry("8003", List.of()),
          Map.entry("8004", List.of()),
          Map.entry("8006", List.of("21", "10")),
          Map.entry("8010", List.of("8011")),
          Map.entry("8017", List.of()),
          Map.entry("8018", List.of()));

  /** Deprecated Digital Link short names and their AIs. */
  private static final Map<String, String> SHORT_NAMES =
      Map.ofEntries(
          Map.entry("gtin", "01"),
          Map.entry("itip", "8006"),
          Map.entry("cpid", "8010"),
          Map.entry("gln", "414"),
          Map.entry("party", "417"),
          Map.entry("gsrnp", "8017"),
          Map.entry("gsrn", "8018"),
          Map.entry("gcn", "255"),
          Map.entry("sscc", "00"),
          Map.entry("gdti", "253"),
          Map.entry("ginc", "401"),
          Map.entry("gsin", "402"),
          Map.entry("grai", "8003"),
          Map.entry("giai", "8004"),
          Map.entry("cpv", "22"),
          Map.entry("lot", "10"),
          Map.entry("ser", "21"));

  private Identifiers() {}

  /** The canonical Digital Link of an EPC URN or Digital Link URI, if it is one. */
  static Optional<String> canonical(String value) {
    try {
      if (value.startsWith("urn:epc:")) {
        return fromUrn(value);
      }
      if (value.regionMatches(true, 0, "http://", 0, 7)
          || value.regionMatches(true, 0, "https://", 0, 8)) {
        return fromDigitalLink(value);
      }
    } catch (Gs1Exception | RuntimeException e) {
      // Not a GS1 key we can name: the value stays as it is.
    }
    return Optional.empty();
  }

  private static Optional<String> fromUrn(String urn) throws Gs1Exception {
    Optional<List<Element>> other = OtherEpcSchemes.path(urn);
    if (other.isPresent()) {
      return Optional.of(render(other.get()));
    }
    return Optional.of(render(DigitalLink.of(EpcisIdentifier.parse(urn)).path()));
  }

  private static Optional<String> fromDigitalLink(String uri) throws Gs1Exception {
    int end = uri.length();
    for (char c : new char[] {'?', '#'}) {
      int at = uri.indexOf(c);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    DigitalLink link = DigitalLink.parse(withoutShortNames(uri.substring(0, end)));
    List<Element> path = link.path();
    String key = path.get(0).code();
    List<String> kept = KEPT_QUALIFIERS.get(key);
    if (kept == null) {
      return Optional.empty();
    }
    for (String qualifier : kept) {
      for (Element e : path) {
        if (e.code().equals(qualifier)) {
          return Optional.of(render(List.of(path.get(0), e)));
        }
      }
    }
    return Optional.of(render(List.of(path.get(0))));
  }

  private static String withoutShortNames(String uri) {
    int authority = uri.indexOf("//") + 2;
    int pathStart = uri.indexOf('/', authority);
    if (pathStart < 0) {
      return uri;
    }
    String[] segments = uri.substring(pathStart + 1).split("/", -1);
    StringBuilder b = new StringBuilder(uri.substring(0, pathStart));
    for (int i = 0; i < segments.length; i++) {
      // Only names in key position (every other segment from a key) are AIs; a serial "lot" is not.
      String ai = SHORT_NAMES.get(segments[i]);
      boolean followedByValue = i + 1 < segments.length;
      b.append('/').append(ai != null && followedByValue ? ai : segments[i]);
      if (ai != null && followedByValue) {
        b.append('/').append(segments[++i]);
      }
    }
    return b.toString();
  }

  private static String render(List<Element> path) {
    StringBuilder b = new StringBuilder(BASE);
    for (Element e : path) {
      b.append('/').append(e.code()).append('/').append(encode(e.value()));
    }
    return b.toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** Percent-encodes what GS1 Digital Link Table 7-1 and RFC 3986 require in a path segment. */
  static String encode(String value) {
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean literal =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || "-._~';=".indexOf(c) >= 0;
      if (literal) {
        b.append(c);
      } else {
        b.append('%').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
      }
    }
    return b.toString();
  }
}
