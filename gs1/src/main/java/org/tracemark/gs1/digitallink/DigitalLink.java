package org.tracemark.gs1.digitallink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tracemark.gs1.CharacterSet;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;
import org.tracemark.gs1.element.ApplicationIdentifier;
import org.tracemark.gs1.element.Element;
import org.tracemark.gs1.element.ElementString;
import org.tracemark.gs1.key.Giai;
import org.tracemark.gs1.key.Gln;
import org.tracemark.gs1.key.Grai;
import org.tracemark.gs1.key.Gtin;
import org.tracemark.gs1.key.Identity;
import org.tracemark.gs1.key.Lgtin;
import org.tracemark.gs1.key.Lot;
import org.tracemark.gs1.key.Serial;
import org.tracemark.gs1.key.Sgln;
import org.tracemark.gs1.key.Sgtin;
import org.tracemark.gs1.key.Sscc;

/**
 * A GS1 Digital Link URI (uncompressed, numeric AIs), per the GS1 Digital Link URI Syntax standard:
 * {@code https://any.domain/optional/stem/01/09506000134352/10/ABC123?17=201225}.
 *
 * <ul>
 *   <li>{@link #path()}: the primary key, then its key qualifiers in the order the standard fixes
 *       for that key ({@code /01/{gtin}/22/{cpv}/10/{lot}/21/{serial}}, {@code /414/{gln}/254/
 *       {ext}}, {@code /8010/{cpid}/8011/{serial}}, ...); each qualifier optional;
 *   <li>{@link #attributes()}: data attributes from the query string (numeric AIs allowed as
 *       attributes), kept sorted by AI so that two URIs differing only in parameter order are
 *       equal;
 *   <li>{@link #otherParameters()}: query parameters that are not AIs ({@code linkType=gs1:pip},
 *       {@code context=...}), raw and in order; they steer a resolver and do not identify anything.
 * </ul>
 *
 * <p>The domain and any path before the primary key are not kept: a Digital Link names the same
 * thing whichever resolver it points at. {@link #toUri()} writes the canonical form on {@code
 * https://id.gs1.org}, GTINs always as 14 digits; {@code parse(x.toUri()).equals(x)}.
 *
 * <p>Parsing is strict in the ways that protect a resolver: only RFC 3986 characters, exact
 * percent-encoding, no unknown numeric AIs in the path or query, no repeated AIs, qualifiers in
 * order, no attribute that belongs in the path, and the same associations as element strings (an
 * expiry date needs a GTIN). Alphabetic short names ({@code /gtin/...}) are deprecated in the
 * standard and not accepted. A GTIN-8, -12 or -13 in {@code /01/} is accepted and padded, as older
 * versions of the standard allowed it.
 */
public record DigitalLink(
    List<Element> path, List<Element> attributes, List<String> otherParameters) {

  /** GS1's resolver, the base of canonical URIs. */
  public static final String CANONICAL_BASE = "https://id.gs1.org";

  /** Longest URI accepted. */
  public static final int MAX_URI_LENGTH = 8192;

  private static final Comparator<Element> BY_AI = Comparator.comparing(Element::code);

  private static final String URI_PUNCTUATION = "-._~:/?#[]@!$&'()*+,;=%";

  /** Characters not allowed in the authority (from the GS1 Barcode Syntax Engine). */
  private static final String BAD_DOMAIN_CHARACTERS = "_~?#@!$&'()*+,;=%";

  /** Validates the invariant and sorts attributes; prefer the factories for typed errors. */
  public DigitalLink {
    path = List.copyOf(Objects.requireNonNull(path, "path"));
    List<Element> sorted = new ArrayList<>(Objects.requireNonNull(attributes, "attributes"));
    sorted.sort(BY_AI);
    attributes = List.copyOf(sorted);
    otherParameters = List.copyOf(Objects.requireNonNull(otherParameters, "otherParameters"));
    try {
      check(path, attributes, otherParameters, null, null);
    } catch (Gs1Exception e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Builds a Digital Link from its parts.
   *
   * @param path primary key, then key qualifiers in order
   * @param attributes data attributes, any order
   * @param otherParameters raw non-AI query parameters such as {@code linkType=gs1:pip}
   */
  public static DigitalLink of(
      List<Element> path, List<Element> attributes, List<String> otherParameters)
      throws Gs1Exception {
    List<Element> sorted = new ArrayList<>(attributes);
    sorted.sort(BY_AI);
    check(path, sorted, otherParameters, null, null);
    return new DigitalLink(path, attributes, otherParameters);
  }

  /**
   * The Digital Link for a message, chosen as the GS1 Barcode Syntax Engine does: the first AI that
   * can be a primary key becomes the key, the qualifier sequence that takes the most of the
   * message's AIs goes in the path, everything else becomes data attributes. (Where two sequences
   * tie, the first one whose leftovers are all valid attributes is taken, so (01)(235)(10) gives
   * {@code /01/../235/..?10=..}.) Repeated identical elements are written once.
   *
   * @throws Gs1Exception {@code missing-key} with no primary key; {@code misordered-ai} when an AI
   *     can be neither in the path nor an attribute (e.g. AI 21 next to an SSCC)
   */
  public static DigitalLink of(ElementString message) throws Gs1Exception {
    Map<String, Element> byAi = new LinkedHashMap<>();
    for (Element e : message.elements()) {
      byAi.putIfAbsent(e.code(), e);
    }
    Element key =
        byAi.values().stream()
            .filter(e -> e.ai().isDigitalLinkPrimaryKey())
            .findFirst()
            .orElseThrow(
                () ->
                    Gs1Exception.of(
                        Code.MISSING_KEY,
                        "no AI that can be a Digital Link primary key",
                        message.toHumanReadable(),
                        0));
    List<List<String>> candidates = new ArrayList<>();
    for (List<String> sequence : key.ai().qualifierSequences()) {
      candidates.add(sequence.stream().filter(byAi::containsKey).toList());
    }
    candidates.sort(Comparator.comparingInt(List<String>::size).reversed());
    if (candidates.isEmpty()) {
      candidates.add(List.of());
    }
    Gs1Exception first = null;
    for (List<String> qualifiers : candidates) {
      List<Element> path = new ArrayList<>();
      path.add(key);
      qualifiers.forEach(q -> path.add(byAi.get(q)));
      List<Element> rest = new ArrayList<>(byAi.values());
      rest.removeAll(path);
      try {
        return of(path, rest, List.of());
      } catch (Gs1Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    throw first;
  }

  /** The canonical Digital Link of an identity, e.g. {@code /01/{gtin}/21/{serial}}. */
  public static DigitalLink of(Identity identity) {
    try {
      return of(ElementString.of(identity));
    } catch (Gs1Exception e) {
      throw new IllegalStateException("every identity has a Digital Link", e);
    }
  }

  /**
   * Parses a GS1 Digital Link URI on any http or https domain.
   *
   * @throws Gs1Exception with the position in {@code uri} of the first problem
   */
  public static DigitalLink parse(String uri) throws Gs1Exception {
    Objects.requireNonNull(uri, "uri");
    if (uri.length() > MAX_URI_LENGTH) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH,
          "URI of " + uri.length() + " characters exceeds " + MAX_URI_LENGTH,
          uri,
          MAX_URI_LENGTH + 1);
    }
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (!isUriCharacter(c)) {
        throw Gs1Exception.of(
            Code.BAD_CHARACTER,
            "character " + Gs1Exception.quote(String.valueOf(c)) + " is not allowed in a URI",
            uri,
            i + 1);
      }
    }
    String lower = uri.toLowerCase(Locale.ROOT);
    int authorityStart;
    if (lower.startsWith("https://")) {
      authorityStart = 8;
    } else if (lower.startsWith("http://")) {
      authorityStart = 7;
    } else {
      throw Gs1Exception.of(
          Code.BAD_SYNTAX, "a Digital Link starts with https:// or http://", uri, 1);
    }
    int end = uri.length();
    int hash = uri.indexOf('#');
    if (hash >= 0) {
      end = hash;
    }
    int question = uri.indexOf('?');
    int pathEnd = question >= 0 && question < end ? question : end;
    int slash = uri.indexOf('/', authorityStart);
    if (slash < 0 || slash > pathEnd) {
      slash = pathEnd;
    }
    if (slash == authorityStart) {
      throw Gs1Exception.of(Code.BAD_SYNTAX, "no domain", uri, authorityStart + 1);
    }
    for (int i = authorityStart; i < slash; i++) {
      if (BAD_DOMAIN_CHARACTERS.indexOf(uri.charAt(i)) >= 0) {
        throw Gs1Exception.of(
            Code.BAD_CHARACTER,
            "character "
                + Gs1Exception.quote(String.valueOf(uri.charAt(i)))
                + " is not allowed in a domain",
            uri,
            i + 1);
      }
    }

    // Path segments with their start offsets.
    List<String> segments = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    int i = slash;
    while (i < pathEnd) {
      int next = uri.indexOf('/', i + 1);
      if (next < 0 || next > pathEnd) {
        next = pathEnd;
      }
      if (next == i + 1) {
        throw Gs1Exception.of(Code.BAD_SYNTAX, "empty path segment", uri, i + 1);
      }
      segments.add(uri.substring(i + 1, next));
      starts.add(i + 1);
      i = next;
    }

    // Find the primary key: walk back over /AI/value pairs from the end.
    int keyIndex = -1;
    for (int s = segments.size() - 2; s >= 0; s -= 2) {
      String code = segments.get(s);
      if (code.isEmpty() || CharacterSet.NUMERIC.firstInvalid(code) >= 0) {
        break;
      }
      Optional<ApplicationIdentifier> ai = ApplicationIdentifier.find(code);
      if (ai.isEmpty()) {
        throw Gs1Exception.of(
            Code.UNKNOWN_AI,
            "path segment " + Gs1Exception.quote(code) + " is not a supported AI",
            uri,
            starts.get(s) + 1,
            code);
      }
      if (ai.get().isDigitalLinkPrimaryKey()) {
        keyIndex = s;
        break;
      }
    }
    if (keyIndex < 0) {
      throw Gs1Exception.of(
          Code.MISSING_KEY, "no GS1 primary key (e.g. /01/, /00/, /414/) in the path", uri, 0);
    }

    List<Element> path = new ArrayList<>();
    Map<String, Integer> positions = new HashMap<>();
    for (int s = keyIndex; s < segments.size(); s += 2) {
      String code = segments.get(s);
      ApplicationIdentifier ai = ApplicationIdentifier.of(code);
      int valueStart = starts.get(s + 1);
      String raw = segments.get(s + 1);
      Element element = element(ai, raw, false, uri, valueStart);
      if (positions.putIfAbsent(code, starts.get(s) + 1) != null) {
        throw duplicate(code, uri, starts.get(s) + 1);
      }
      path.add(element);
    }

    List<Element> attributes = new ArrayList<>();
    List<String> others = new ArrayList<>();
    if (question >= 0 && question < end) {
      int q = question + 1;
      while (q <= end) {
        int amp = uri.indexOf('&', q);
        if (amp < 0 || amp > end) {
          amp = end;
        }
        String parameter = uri.substring(q, amp);
        if (!parameter.isEmpty()) {
          int eq = parameter.indexOf('=');
          String name = eq < 0 ? parameter : parameter.substring(0, eq);
          boolean numeric = !name.isEmpty() && CharacterSet.NUMERIC.firstInvalid(name) < 0;
          if (eq < 0 || !numeric) {
            others.add(parameter);
          } else {
            Optional<ApplicationIdentifier> ai = ApplicationIdentifier.find(name);
            if (ai.isEmpty()) {
              throw Gs1Exception.of(
                  Code.UNKNOWN_AI,
                  "query parameter "
                      + Gs1Exception.quote(name)
                      + " is numeric but not a supported AI",
                  uri,
                  q + 1,
                  name);
            }
            Element element = element(ai.get(), parameter.substring(eq + 1), true, uri, q + eq + 1);
            if (positions.putIfAbsent(name, q + 1) != null) {
              throw duplicate(name, uri, q + 1);
            }
            attributes.add(element);
          }
        }
        q = amp + 1;
      }
    }
    attributes.sort(BY_AI);
    check(path, attributes, others, uri, positions);
    return new DigitalLink(path, attributes, others);
  }

  /** The canonical URI on {@link #CANONICAL_BASE}. */
  public String toUri() {
    return toUri(CANONICAL_BASE);
  }

  /**
   * The URI on another resolver.
   *
   * @param base {@code http(s)://domain} optionally followed by a path; a trailing "/" is dropped
   * @throws IllegalArgumentException if {@code base} is not an http(s) URI without query or
   *     fragment
   */
  public String toUri(String base) {
    String lower = base.toLowerCase(Locale.ROOT);
    int authority = lower.startsWith("https://") ? 8 : lower.startsWith("http://") ? 7 : -1;
    if (authority < 0
        || base.length() == authority
        || base.charAt(authority) == '/'
        || base.indexOf('?') >= 0
        || base.indexOf('#') >= 0
        || !base.chars().allMatch(c -> isUriCharacter((char) c))) {
      throw new IllegalArgumentException(
          "base must be http(s)://domain[/path], got " + Gs1Exception.quote(base));
    }
    StringBuilder b =
        new StringBuilder(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    for (Element e : path) {
      b.append('/').append(e.code()).append('/').append(PercentEncoding.encode(e.value()));
    }
    char separator = '?';
    for (Element e : attributes) {
      b.append(separator).append(e.code()).append('=').append(PercentEncoding.encode(e.value()));
      separator = '&';
    }
    for (String p : otherParameters) {
      b.append(separator).append(p);
      separator = '&';
    }
    return b.toString();
  }

  /** The primary key element, e.g. (01). */
  public Element primaryKey() {
    return path.get(0);
  }

  /** The key qualifiers after the primary key, in path order. */
  public List<Element> qualifiers() {
    return path.subList(1, path.size());
  }

  /** The value of an AI from the path or the attributes. */
  public Optional<String> value(String ai) {
    for (Element e : path) {
      if (e.code().equals(ai)) {
        return Optional.of(e.value());
      }
    }
    return attributes.stream().filter(e -> e.code().equals(ai)).map(Element::value).findFirst();
  }

  /**
   * The decoded value of a non-AI query parameter, e.g. {@code parameter("linkType")}; the first
   * one wins. A parameter without "=" has the empty value.
   */
  public Optional<String> parameter(String name) {
    for (String p : otherParameters) {
      int eq = p.indexOf('=');
      String key = eq < 0 ? p : p.substring(0, eq);
      if (key.equals(name)) {
        String raw = eq < 0 ? "" : p.substring(eq + 1);
        try {
          return Optional.of(PercentEncoding.decode(raw, true, raw, 0, new ArrayList<>()));
        } catch (Gs1Exception e) {
          return Optional.of(raw);
        }
      }
    }
    return Optional.empty();
  }

  /** The same link without non-AI parameters: the pure identifier and its data. */
  public DigitalLink withoutOtherParameters() {
    return new DigitalLink(path, attributes, List.of());
  }

  /** The message as element strings: path elements, then attributes. */
  public ElementString toElementString() {
    List<Element> all = new ArrayList<>(path);
    all.addAll(attributes);
    return new ElementString(all);
  }

  /**
   * The identity named by the path: {@code /00} an SSCC, {@code /01} a GTIN (with {@code /21} an
   * SGTIN, else with {@code /10} an LGTIN), {@code /414} an SGLN, {@code /8003} a GRAI, {@code
   * /8004} a GIAI. Attributes do not change the identity.
   *
   * @throws Gs1Exception {@code unsupported} for other primary keys and for a consumer product
   *     variant (22) or TPX (235) in the path, which EPC identities cannot carry
   */
  public Identity toIdentity() throws Gs1Exception {
    String key = primaryKey().code();
    String value = primaryKey().value();
    Optional<String> serial = qualifier("21");
    Optional<String> lot = qualifier("10");
    switch (key) {
      case "00":
        return new Sscc(value);
      case "01":
        for (String unsupported : List.of("22", "235")) {
          if (qualifier(unsupported).isPresent()) {
            throw Gs1Exception.of(
                Code.UNSUPPORTED,
                "a path with AI (" + unsupported + ") has no EPC identity",
                toUri(),
                0,
                unsupported);
          }
        }
        Gtin gtin = Gtin.parse(value);
        if (serial.isPresent()) {
          return new Sgtin(gtin, new Serial(serial.get()));
        }
        if (lot.isPresent()) {
          return new Lgtin(gtin, new Lot(lot.get()));
        }
        return gtin;
      case "414":
        return new Sgln(new Gln(value), qualifier("254").orElse(""));
      case "8003":
        return new Grai(value);
      case "8004":
        return new Giai(value);
      default:
        throw Gs1Exception.of(
            Code.UNSUPPORTED,
            "primary key (" + key + ") has no EPC identity in this module",
            toUri(),
            0,
            key);
    }
  }

  /** The canonical URI. */
  @Override
  public String toString() {
    return toUri();
  }

  // --- internals ---------------------------------------------------------------------------

  private Optional<String> qualifier(String ai) {
    return qualifiers().stream().filter(e -> e.code().equals(ai)).map(Element::value).findFirst();
  }

  private static boolean isUriCharacter(char c) {
    return PercentEncoding.isUnreserved(c) || URI_PUNCTUATION.indexOf(c) >= 0;
  }

  private static Gs1Exception duplicate(String ai, String uri, int position) {
    return Gs1Exception.of(Code.DUPLICATE_AI, "appears more than once", uri, position, ai);
  }

  private static Element element(
      ApplicationIdentifier ai, String raw, boolean query, String uri, int valueStart)
      throws Gs1Exception {
    List<Integer> sourceIndex = new ArrayList<>();
    String value = PercentEncoding.decode(raw, query, uri, valueStart, sourceIndex);
    if (ai.code().equals("01")
        && CharacterSet.NUMERIC.firstInvalid(value) < 0
        && (value.length() == 8 || value.length() == 12 || value.length() == 13)) {
      // Zero-suppressed GTIN, as earlier versions of the standard allowed: pad to 14.
      int padding = 14 - value.length();
      value = "0".repeat(padding) + value;
      for (int k = 0; k < padding; k++) {
        sourceIndex.add(0, valueStart);
      }
    }
    try {
      return Element.of(ai, value);
    } catch (Gs1Exception e) {
      int at = e.position().orElse(0);
      int position =
          at == 0 ? valueStart + 1 : at <= sourceIndex.size() ? sourceIndex.get(at - 1) + 1 : 0;
      throw e.at(uri, position);
    }
  }

  /**
   * The structural rules. {@code uri} and {@code positions} (AI to 1-based position) are evidence
   * when parsing; when null, the evidence is the element-string spelling.
   */
  private static void check(
      List<Element> path,
      List<Element> attributes,
      List<String> others,
      String uri,
      Map<String, Integer> positions)
      throws Gs1Exception {
    String evidence = uri != null ? uri : describe(path, attributes);
    if (path.isEmpty()) {
      throw Gs1Exception.of(Code.MISSING_KEY, "no primary key", evidence, 0);
    }
    Element key = path.get(0);
    if (!key.ai().isDigitalLinkPrimaryKey()) {
      throw Gs1Exception.of(
          Code.MISSING_KEY,
          "AI (" + key.code() + ") cannot be a Digital Link primary key",
          evidence,
          at(positions, key.code()),
          key.code());
    }
    List<String> codes = path.stream().map(Element::code).toList();
    if (!isValidPath(codes)) {
      String offending = firstMisordered(codes);
      throw Gs1Exception.of(
          Code.MISORDERED_AI,
          "is not a key qualifier of ("
              + key.code()
              + ") in this place; allowed in order: "
              + describeSequences(key.ai()),
          evidence,
          at(positions, offending),
          offending);
    }
    Set<String> seen = new HashSet<>(codes);
    if (seen.size() != codes.size()) {
      throw Gs1Exception.of(Code.DUPLICATE_AI, "appears more than once in the path", evidence, 0);
    }
    for (Element a : attributes) {
      if (!seen.add(a.code())) {
        throw Gs1Exception.of(
            Code.DUPLICATE_AI,
            "appears more than once",
            evidence,
            at(positions, a.code()),
            a.code());
      }
      if (!a.ai().isDigitalLinkDataAttribute()) {
        throw Gs1Exception.of(
            Code.MISORDERED_AI,
            "cannot be a Digital Link data attribute",
            evidence,
            at(positions, a.code()),
            a.code());
      }
      for (int j = 1; j <= codes.size(); j++) {
        List<String> trial = new ArrayList<>(codes);
        trial.add(j, a.code());
        if (isValidPath(trial)) {
          throw Gs1Exception.of(
              Code.MISORDERED_AI,
              "is a key qualifier of (" + key.code() + ") and belongs in the path",
              evidence,
              at(positions, a.code()),
              a.code());
        }
      }
    }
    for (String p : others) {
      int eq = p.indexOf('=');
      String name = eq < 0 ? p : p.substring(0, eq);
      if (p.isEmpty()
          || (!name.isEmpty() && CharacterSet.NUMERIC.firstInvalid(name) < 0 && eq >= 0)
          || p.indexOf('&') >= 0
          || p.indexOf('#') >= 0
          || !p.chars().allMatch(c -> isUriCharacter((char) c))) {
        throw Gs1Exception.of(
            Code.BAD_SYNTAX,
            "not a valid non-AI query parameter: " + Gs1Exception.quote(p),
            evidence,
            0);
      }
    }
    List<Element> all = new ArrayList<>(path);
    all.addAll(attributes);
    try {
      ElementString.of(all);
    } catch (Gs1Exception e) {
      throw e.at(evidence, e.ai().map(ai -> at(positions, ai)).orElse(0));
    }
  }

  private static int at(Map<String, Integer> positions, String ai) {
    return positions == null ? 0 : positions.getOrDefault(ai, 0);
  }

  private static String describe(List<Element> path, List<Element> attributes) {
    StringBuilder b = new StringBuilder();
    path.forEach(e -> b.append('/').append(e.code()).append('/').append(e.value()));
    char sep = '?';
    for (Element e : attributes) {
      b.append(sep).append(e.code()).append('=').append(e.value());
      sep = '&';
    }
    return b.toString();
  }

  /** Whether codes[1..] is an in-order subsequence of one of codes[0]'s qualifier sequences. */
  static boolean isValidPath(List<String> codes) {
    ApplicationIdentifier key = ApplicationIdentifier.find(codes.get(0)).orElse(null);
    if (key == null || !key.isDigitalLinkPrimaryKey()) {
      return false;
    }
    if (codes.size() == 1) {
      return true;
    }
    for (List<String> sequence : key.qualifierSequences()) {
      int s = 0;
      boolean ok = true;
      for (int c = 1; c < codes.size() && ok; c++) {
        while (s < sequence.size() && !sequence.get(s).equals(codes.get(c))) {
          s++;
        }
        ok = s < sequence.size();
        s++;
      }
      if (ok) {
        return true;
      }
    }
    return false;
  }

  private static String firstMisordered(List<String> codes) {
    for (int n = 2; n <= codes.size(); n++) {
      if (!isValidPath(codes.subList(0, n))) {
        return codes.get(n - 1);
      }
    }
    return codes.get(codes.size() - 1);
  }

  private static String describeSequences(ApplicationIdentifier key) {
    if (key.qualifierSequences().isEmpty()) {
      return "none";
    }
    List<String> out = new ArrayList<>();
    for (List<String> sequence : key.qualifierSequences()) {
      out.add(String.join(", ", sequence));
    }
    return String.join(" or ", out);
  }
}
