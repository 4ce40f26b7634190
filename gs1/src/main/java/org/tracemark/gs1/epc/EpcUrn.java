package org.tracemark.gs1.epc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import org.tracemark.gs1.CharacterSet;
import org.tracemark.gs1.CheckDigit;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;
import org.tracemark.gs1.digitallink.DigitalLink;
import org.tracemark.gs1.element.ElementString;
import org.tracemark.gs1.key.CompanyPrefixLookup;
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
 * An EPC pure identity URN (EPC Tag Data Standard): an {@link Identity} together with the length of
 * its GS1 Company Prefix, which the URN marks with a dot and the GS1 key does not carry.
 *
 * <table>
 *   <caption>Forms</caption>
 *   <tr><td>{@link Sgtin}</td><td>{@code urn:epc:id:sgtin:CompanyPrefix.IndicatorItemRef.Serial}</td></tr>
 *   <tr><td>{@link Sscc}</td><td>{@code urn:epc:id:sscc:CompanyPrefix.ExtensionSerialRef}</td></tr>
 *   <tr><td>{@link Sgln}</td><td>{@code urn:epc:id:sgln:CompanyPrefix.LocationRef.Extension}
 *       ({@code 0} when there is no extension)</td></tr>
 *   <tr><td>{@link Grai}</td><td>{@code urn:epc:id:grai:CompanyPrefix.AssetType.Serial}</td></tr>
 *   <tr><td>{@link Giai}</td><td>{@code urn:epc:id:giai:CompanyPrefix.AssetRef}</td></tr>
 *   <tr><td>{@link Lgtin}</td><td>{@code urn:epc:class:lgtin:CompanyPrefix.IndicatorItemRef.Lot}</td></tr>
 *   <tr><td>{@link Gtin}</td><td>{@code urn:epc:idpat:sgtin:CompanyPrefix.IndicatorItemRef.*}</td></tr>
 * </table>
 *
 * <p>Company prefixes in EPC URNs have 6 to 12 digits. Alphanumeric components are escaped as in
 * {@link UrnEscaping}. An SGLN extension of "0" means "no extension" in the URN, so a GLN with AI
 * (254) value "0" and a GLN without extension share one URN, which reads back as the latter.
 */
public record EpcUrn(Identity identity, int companyPrefixLength) {

  /** Shortest company prefix in an EPC URN. */
  public static final int MIN_PREFIX_LENGTH = 6;

  /** Longest company prefix in an EPC URN. */
  public static final int MAX_PREFIX_LENGTH = 12;

  /** Longest URN accepted by {@link #parse(String)}. */
  public static final int MAX_URN_LENGTH = 512;

  private static final Set<String> KNOWN_UNSUPPORTED =
      Set.of(
          "gdti", "gsrn", "gsrnp", "sgcn", "ginc", "gsin", "itip", "upui", "pgln", "cpi", "gid",
          "usdod", "adi", "bic", "imovn");

  /** Validates the invariant; prefer {@link #of(Identity, int)}, which reports typed errors. */
  public EpcUrn {
    Objects.requireNonNull(identity, "identity");
    try {
      render(identity, companyPrefixLength);
    } catch (Gs1Exception e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * The URN of an identity whose company prefix has {@code companyPrefixLength} digits.
   *
   * @throws Gs1Exception {@code bad-value} if the length is outside 6-12 or does not fit the key (a
   *     GIAI must start with that many digits and have more after them); {@code unsupported} for a
   *     GRAI without serial, which names an asset type and has no EPC
   */
  public static EpcUrn of(Identity identity, int companyPrefixLength) throws Gs1Exception {
    render(identity, companyPrefixLength);
    return new EpcUrn(identity, companyPrefixLength);
  }

  /**
   * The URN of an identity, its company prefix length found by {@code lookup}.
   *
   * @throws Gs1Exception {@code unknown-company-prefix} if the lookup does not know the prefix
   */
  public static EpcUrn of(Identity identity, CompanyPrefixLookup lookup) throws Gs1Exception {
    String digits = prefixDigits(identity);
    OptionalInt length = lookup.prefixLength(digits);
    if (length.isEmpty()) {
      throw Gs1Exception.of(
          Code.UNKNOWN_COMPANY_PREFIX,
          "no known GS1 Company Prefix starts " + Gs1Exception.quote(digits),
          ElementString.of(identity).toHumanReadable(),
          0);
    }
    return of(identity, length.getAsInt());
  }

  /** Parses an EPC pure identity URN (or LGTIN class / SGTIN pattern URN). */
  public static EpcUrn parse(String urn) throws Gs1Exception {
    Objects.requireNonNull(urn, "urn");
    if (urn.length() > MAX_URN_LENGTH) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH,
          "URN of " + urn.length() + " characters exceeds " + MAX_URN_LENGTH,
          urn,
          MAX_URN_LENGTH + 1);
    }
    String[] head = {"urn:epc:id:", "urn:epc:class:", "urn:epc:idpat:"};
    String kind = null;
    for (String h : head) {
      if (urn.startsWith(h)) {
        kind = h;
      }
    }
    if (kind == null) {
      throw Gs1Exception.of(
          Code.BAD_SYNTAX,
          "an EPC URN starts with urn:epc:id:, urn:epc:class: or urn:epc:idpat:",
          urn,
          1);
    }
    int colon = urn.indexOf(':', kind.length());
    if (colon < 0) {
      throw Gs1Exception.of(
          Code.BAD_SYNTAX, "no \":\" after the EPC scheme", urn, kind.length() + 1);
    }
    String scheme = urn.substring(kind.length(), colon);
    int body = colon + 1;
    String type = kind + scheme + ":";
    return switch (type) {
      case "urn:epc:id:sgtin:" -> parseGtinBased(urn, body, "serial");
      case "urn:epc:class:lgtin:" -> parseGtinBased(urn, body, "lot");
      case "urn:epc:idpat:sgtin:" -> parseGtinBased(urn, body, "pattern");
      case "urn:epc:id:sscc:" -> parseSscc(urn, body);
      case "urn:epc:id:sgln:" -> parseSgln(urn, body);
      case "urn:epc:id:grai:" -> parseGrai(urn, body);
      case "urn:epc:id:giai:" -> parseGiai(urn, body);
      default ->
          throw Gs1Exception.of(
              KNOWN_UNSUPPORTED.contains(scheme) ? Code.UNSUPPORTED : Code.BAD_SYNTAX,
              "EPC scheme " + Gs1Exception.quote(type) + " is not supported",
              urn,
              kind.length() + 1);
    };
  }

  /** The Digital Link of the same identity, on {@code https://id.gs1.org}. */
  public DigitalLink toDigitalLink() {
    return DigitalLink.of(identity);
  }

  /** The element strings of the same identity. */
  public ElementString toElementString() {
    return ElementString.of(identity);
  }

  /** The URN. */
  @Override
  public String toString() {
    try {
      return render(identity, companyPrefixLength);
    } catch (Gs1Exception e) {
      throw new IllegalStateException("validated at construction", e);
    }
  }

  // --- rendering -----------------------------------------------------------------------------

  private static String render(Identity identity, int length) throws Gs1Exception {
    if (length < MIN_PREFIX_LENGTH || length > MAX_PREFIX_LENGTH) {
      throw Gs1Exception.of(
          Code.BAD_VALUE,
          "an EPC URN needs a company prefix of 6 to 12 digits, not " + length,
          String.valueOf(length),
          0);
    }
    if (identity instanceof Sgtin s) {
      return "urn:epc:id:sgtin:"
          + gtinFields(s.gtin(), length)
          + "."
          + UrnEscaping.encode(s.serial().value());
    } else if (identity instanceof Lgtin l) {
      return "urn:epc:class:lgtin:"
          + gtinFields(l.gtin(), length)
          + "."
          + UrnEscaping.encode(l.lot().value());
    } else if (identity instanceof Gtin g) {
      return "urn:epc:idpat:sgtin:" + gtinFields(g, length) + ".*";
    } else if (identity instanceof Sscc s) {
      return "urn:epc:id:sscc:"
          + s.companyPrefix(length)
          + "."
          + s.extensionDigit()
          + s.serialReference(length);
    } else if (identity instanceof Sgln s) {
      Gln gln = s.gln();
      return "urn:epc:id:sgln:"
          + gln.companyPrefix(length)
          + "."
          + gln.locationReference(length)
          + "."
          + (s.hasExtension() ? UrnEscaping.encode(s.extension()) : "0");
    } else if (identity instanceof Grai g) {
      if (!g.hasSerial()) {
        throw Gs1Exception.of(
            Code.UNSUPPORTED,
            "a GRAI without serial names an asset type and has no EPC",
            g.value(),
            0,
            "8003");
      }
      return "urn:epc:id:grai:"
          + g.companyPrefix(length)
          + "."
          + g.assetType(length)
          + "."
          + UrnEscaping.encode(g.serial());
    } else if (identity instanceof Giai g) {
      String reference = g.assetReference(length);
      if (reference.isEmpty()) {
        throw Gs1Exception.of(
            Code.BAD_VALUE,
            "a GIAI whose company prefix is all of it has no asset reference for an EPC",
            g.value(),
            0,
            "8004");
      }
      return "urn:epc:id:giai:" + g.companyPrefix(length) + "." + UrnEscaping.encode(reference);
    }
    throw new IllegalStateException("unknown identity " + identity);
  }

  private static String gtinFields(Gtin gtin, int length) throws Gs1Exception {
    return gtin.companyPrefix(length) + "." + gtin.indicator() + gtin.itemReference(length);
  }

  private static String prefixDigits(Identity identity) {
    if (identity instanceof Sgtin s) {
      return s.gtin().value().substring(1);
    } else if (identity instanceof Lgtin l) {
      return l.gtin().value().substring(1);
    } else if (identity instanceof Gtin g) {
      return g.value().substring(1);
    } else if (identity instanceof Sscc s) {
      return s.value().substring(1);
    } else if (identity instanceof Sgln s) {
      return s.gln().value();
    } else if (identity instanceof Grai g) {
      return g.value().substring(1);
    } else if (identity instanceof Giai g) {
      return g.value();
    }
    throw new IllegalStateException("unknown identity " + identity);
  }

  // --- parsing -------------------------------------------------------------------------------

  /** Dot-separated fields of the URN body with their 0-based start offsets. */
  private record Fields(List<String> values, List<Integer> starts) {
    String get(int i) {
      return values.get(i);
    }

    int start(int i) {
      return starts.get(i);
    }
  }

  private static Fields split(String urn, int body, int count) throws Gs1Exception {
    List<String> values = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    int from = body;
    for (int i = 0; i < count - 1; i++) {
      int dot = urn.indexOf('.', from);
      if (dot < 0) {
        throw Gs1Exception.of(
            Code.BAD_SYNTAX,
            "expected " + count + " dot-separated fields after the scheme",
            urn,
            urn.length());
      }
      values.add(urn.substring(from, dot));
      starts.add(from);
      from = dot + 1;
    }
    values.add(urn.substring(from));
    starts.add(from);
    return new Fields(values, starts);
  }

  private static String prefixField(String urn, Fields f) throws Gs1Exception {
    String prefix = f.get(0);
    digits(urn, prefix, f.start(0), "company prefix");
    if (prefix.length() < MIN_PREFIX_LENGTH || prefix.length() > MAX_PREFIX_LENGTH) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH,
          "the company prefix of an EPC URN has 6 to 12 digits, got " + prefix.length(),
          urn,
          f.start(0) + 1);
    }
    return prefix;
  }

  private static void digits(String urn, String field, int start, String what) throws Gs1Exception {
    int bad = CharacterSet.NUMERIC.firstInvalid(field);
    if (bad >= 0) {
      throw Gs1Exception.of(Code.BAD_CHARACTER, what + " has only digits", urn, start + bad + 1);
    }
  }

  private static void total(String urn, Fields f, int expected, String what) throws Gs1Exception {
    int got = f.get(0).length() + f.get(1).length();
    if (got != expected) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH,
          "company prefix and " + what + " have " + expected + " digits together, got " + got,
          urn,
          f.start(1) + 1);
    }
  }

  private static String text(String urn, Fields f, int i) throws Gs1Exception {
    return UrnEscaping.decode(f.get(i), urn, f.start(i), new ArrayList<>());
  }

  /** Builds a key part, re-anchoring its error at the field's place in the URN. */
  private static <T> T field(String urn, Fields f, int i, Part<T> part) throws Gs1Exception {
    return field(urn, f, i, 0, part);
  }

  /**
   * As {@link #field(String, Fields, int, Part)} where {@code part} validates the field after
   * {@code shift} characters of its own (e.g. a GIAI validating prefix plus reference).
   */
  private static <T> T field(String urn, Fields f, int i, int shift, Part<T> part)
      throws Gs1Exception {
    List<Integer> index = new ArrayList<>();
    String value = UrnEscaping.decode(f.get(i), urn, f.start(i), index);
    try {
      return part.make(value);
    } catch (Gs1Exception e) {
      int at = e.position().orElse(0) - shift;
      int position = at <= 0 || at > index.size() ? f.start(i) + 1 : index.get(at - 1) + 1;
      throw e.at(urn, position);
    }
  }

  @FunctionalInterface
  private interface Part<T> {
    T make(String value) throws Gs1Exception;
  }

  private static String withCheckDigit(String body) throws Gs1Exception {
    return body + CheckDigit.compute(body);
  }

  private static EpcUrn parseGtinBased(String urn, int body, String what) throws Gs1Exception {
    Fields f = split(urn, body, 3);
    String prefix = prefixField(urn, f);
    digits(urn, f.get(1), f.start(1), "indicator and item reference");
    total(urn, f, 13, "indicator digit and item reference");
    String reference = f.get(1);
    Gtin gtin = Gtin.parse(withCheckDigit(reference.charAt(0) + prefix + reference.substring(1)));
    Identity identity;
    switch (what) {
      case "serial" -> identity = new Sgtin(gtin, field(urn, f, 2, Serial::of));
      case "lot" -> identity = new Lgtin(gtin, field(urn, f, 2, Lot::of));
      default -> {
        if (!f.get(2).equals("*")) {
          throw Gs1Exception.of(
              Code.BAD_SYNTAX, "an SGTIN pattern ends in \".*\"", urn, f.start(2) + 1);
        }
        identity = gtin;
      }
    }
    return new EpcUrn(identity, prefix.length());
  }

  private static EpcUrn parseSscc(String urn, int body) throws Gs1Exception {
    Fields f = split(urn, body, 2);
    String prefix = prefixField(urn, f);
    digits(urn, f.get(1), f.start(1), "extension digit and serial reference");
    total(urn, f, 17, "extension digit and serial reference");
    String reference = f.get(1);
    Sscc sscc = Sscc.parse(withCheckDigit(reference.charAt(0) + prefix + reference.substring(1)));
    return new EpcUrn(sscc, prefix.length());
  }

  private static EpcUrn parseSgln(String urn, int body) throws Gs1Exception {
    Fields f = split(urn, body, 3);
    String prefix = prefixField(urn, f);
    digits(urn, f.get(1), f.start(1), "location reference");
    total(urn, f, 12, "location reference");
    Gln gln = Gln.parse(withCheckDigit(prefix + f.get(1)));
    String extension = text(urn, f, 2);
    Sgln sgln = extension.equals("0") ? Sgln.of(gln) : field(urn, f, 2, ext -> Sgln.of(gln, ext));
    return new EpcUrn(sgln, prefix.length());
  }

  private static EpcUrn parseGrai(String urn, int body) throws Gs1Exception {
    Fields f = split(urn, body, 3);
    String prefix = prefixField(urn, f);
    digits(urn, f.get(1), f.start(1), "asset type");
    total(urn, f, 12, "asset type");
    String key = withCheckDigit(prefix + f.get(1));
    if (f.get(2).isEmpty()) {
      throw Gs1Exception.of(Code.BAD_LENGTH, "a GRAI EPC has a serial", urn, f.start(2) + 1);
    }
    Grai grai = field(urn, f, 2, 14, serial -> Grai.parse("0" + key + serial));
    return new EpcUrn(grai, prefix.length());
  }

  private static EpcUrn parseGiai(String urn, int body) throws Gs1Exception {
    Fields f = split(urn, body, 2);
    String prefix = prefixField(urn, f);
    if (f.get(1).isEmpty()) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH, "a GIAI EPC has an asset reference", urn, f.start(1) + 1);
    }
    Giai giai = field(urn, f, 1, prefix.length(), reference -> Giai.parse(prefix + reference));
    return new EpcUrn(giai, prefix.length());
  }
}
