package org.tracemark.gs1.element;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tracemark.gs1.CharacterSet;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;

/**
 * One GS1 Application Identifier: its data format, whether it ends at a fixed length (so needs no
 * FNC1 separator), and its roles in GS1 Digital Link.
 *
 * <p>The table below covers the AIs Tracemark needs for food and logistics traceability. Each row
 * is transcribed from the GS1 Barcode Syntax Dictionary (the machine-readable form of the GS1
 * General Specifications AI table, maintained by GS1), in its own notation so rows can be compared
 * line by line:
 *
 * <ul>
 *   <li>flags: {@code *} = predefined length (GS1 General Specifications Figure 7.8.5-2: no FNC1
 *       separator needed after it), {@code ?} = permitted as a Digital Link data attribute;
 *   <li>format: components {@code N} digits, {@code X} character set 82, {@code Y} character set
 *       39; {@code N14} fixed, {@code X..20} up to 20, {@code [..]} optional; linters after commas
 *       ({@code csum} check digit, {@code yymmd0} date with day 00 allowed, {@code yymmdd}, {@code
 *       hhmi}, {@code zero}, {@code pieceoftotal}, {@code gcppos1}/{@code gcppos2} company prefix
 *       at position 1/2, {@code nozeroprefix}, {@code iso3166});
 *   <li>attributes: {@code req} alternatives of AIs that must accompany it ({@code +} joins AIs
 *       required together), {@code ex} AIs it may not appear with ({@code n} is a digit wildcard),
 *       {@code dlpkey} Digital Link primary key with its ordered optional key qualifiers ({@code |}
 *       separates alternative qualifier sequences).
 * </ul>
 *
 * Deliberately left out: AI 7040 (a newer qualifier of 414, 417 and 8004), 8013 (GMN, needs the
 * mod-1021 check pair) and the many AIs outside traceability use. An AI outside the table is
 * reported as {@code unknown-ai}. ISO 3166 country codes in AI 422 are checked for form (three
 * digits), not against the ISO list.
 */
public final class ApplicationIdentifier {

  /** Content checks ("linters") applied to one component. */
  public enum Rule {
    /** GS1 mod-10 check digit in the last position. */
    CHECK_DIGIT,
    /** YYMMDD date; day 00 means end of month. */
    DATE_DAY_ZERO_ALLOWED,
    /** YYMMDD date with a real day. */
    DATE,
    /** HHMM time of day. */
    TIME,
    /** Exactly "0" (the filler digit of a GRAI). */
    ZERO,
    /** Piece number and total count, each half of the digits, 1 <= piece <= total. */
    PIECE_OF_TOTAL,
    /** Starts with at least four digits of a GS1 Company Prefix. */
    COMPANY_PREFIX,
    /** Has a GS1 Company Prefix from its second character (after an indicator/extension). */
    COMPANY_PREFIX_AFTER_FIRST,
    /** Does not start with 0. */
    NO_ZERO_PREFIX,
    /** ISO 3166-1 numeric country code; only the form is checked. */
    COUNTRY_CODE
  }

  /**
   * One component of an AI's value.
   *
   * @param characterSet allowed characters
   * @param minLength shortest length when present
   * @param maxLength longest length
   * @param optional whether the component may be absent (only trailing components may be)
   * @param rules content checks
   */
  public record Component(
      CharacterSet characterSet, int minLength, int maxLength, boolean optional, Set<Rule> rules) {

    /** Copies the rules. */
    public Component {
      rules = Set.copyOf(rules);
    }

    /** Whether the component always has {@link #maxLength()} characters. */
    public boolean isFixedLength() {
      return minLength == maxLength;
    }
  }

  private static final Map<String, ApplicationIdentifier> TABLE = new LinkedHashMap<>();

  static {
    row("00", "SSCC", "*?", "N18,csum,gcppos2", "dlpkey");
    row("01", "GTIN", "*?", "N14,csum,gcppos2", "ex=255,37 dlpkey=22,10,21|235");
    row("02", "CONTENT", "*?", "N14,csum,gcppos2", "ex=01,03 req=37");
    row("10", "BATCH/LOT", "?", "X..20", "req=01,02,03,8006,8026");
    row("11", "PROD DATE", "*?", "N6,yymmd0", "req=01,02,03,8006,8026");
    row("12", "DUE DATE", "*?", "N6,yymmd0", "req=8020");
    row("13", "PACK DATE", "*?", "N6,yymmd0", "req=01,02,03,8006,8026");
    row("15", "BEST BEFORE or BEST BY", "*?", "N6,yymmd0", "req=01,02,03,8006,8026");
    row("16", "SELL BY", "*?", "N6,yymmd0", "req=01,02,03,8006,8026");
    row("17", "USE BY OR EXPIRY", "*?", "N6,yymmd0", "req=01,02,03,255,8006,8026");
    row("20", "VARIANT", "*?", "N2", "req=01,02,03,8006,8026");
    row("21", "SERIAL", "", "X..20", "req=01,03,8006 ex=235");
    row("22", "CPV", "", "X..20", "req=01");
    row("235", "TPX", "", "X..28", "req=01");
    row("240", "ADDITIONAL ID", "?", "X..30", "req=01,02,03,8006,8026");
    row("241", "CUST. PART No.", "?", "X..30", "req=01,02,03,8006,8026");
    row("250", "SECONDARY SERIAL", "?", "X..30", "req=01+21,03+21,8006+21");
    row("251", "REF. TO SOURCE", "?", "X..30", "req=01,03,8006");
    row("253", "GDTI", "?", "N13,csum,gcppos1 [X..17]", "dlpkey");
    row("254", "GLN EXTENSION COMPONENT", "", "X..20", "req=414");
    row("255", "GCN", "?", "N13,csum,gcppos1 [N..12]", "dlpkey ex=01,02,415,8006,8020,8026");
    row("30", "VAR. COUNT", "?", "N..8", "req=01,02");
    measures(
        "31",
        new String[] {
          "NET WEIGHT (kg)",
          "LENGTH (m)",
          "WIDTH (m)",
          "HEIGHT (m)",
          "AREA (m²)",
          "NET VOLUME (l)",
          "NET VOLUME (m³)"
        },
        "req=01,02");
    measures(
        "33",
        new String[] {
          "GROSS WEIGHT (kg)",
          "LENGTH (m), log",
          "WIDTH (m), log",
          "HEIGHT (m), log",
          "AREA (m²), log",
          "VOLUME (l), log",
          "VOLUME (m³), log"
        },
        "req=00,01");
    row("37", "COUNT", "?", "N..8", "req=00+02,00+8026");
    row("400", "ORDER NUMBER", "?", "X..30", "");
    row("401", "GINC", "?", "X..30,gcppos1", "dlpkey");
    row("402", "GSIN", "?", "N17,csum,gcppos1", "dlpkey");
    row("410", "SHIP TO LOC", "*?", "N13,csum,gcppos1", "");
    row("411", "BILL TO", "*?", "N13,csum,gcppos1", "");
    row("412", "PURCHASE FROM", "*?", "N13,csum,gcppos1", "");
    row("413", "SHIP FOR LOC", "*?", "N13,csum,gcppos1", "");
    row("414", "LOC No.", "*?", "N13,csum,gcppos1", "dlpkey=254");
    row("415", "PAY TO", "*?", "N13,csum,gcppos1", "req=8020 dlpkey=8020");
    row("416", "PROD/SERV LOC", "*?", "N13,csum,gcppos1", "");
    row("417", "PARTY", "*?", "N13,csum,gcppos1", "dlpkey");
    row("422", "ORIGIN", "?", "N3,iso3166", "req=01,02,03,8006,8026 ex=426");
    row("7003", "EXPIRY TIME", "?", "N6,yymmdd N4,hhmi", "req=01,02,03");
    row("7005", "CATCH AREA", "?", "X..12", "req=01,02");
    row("7006", "FIRST FREEZE DATE", "?", "N6,yymmdd", "req=01,02");
    row("7007", "HARVEST DATE", "?", "N6,yymmdd [N6],yymmdd", "req=01,02");
    row("7008", "AQUATIC SPECIES", "?", "X..3", "req=01,02");
    row("7009", "FISHING GEAR TYPE", "?", "X..10", "req=01,02");
    row("8003", "GRAI", "?", "N1,zero N13,csum,gcppos1 [X..16]", "dlpkey");
    row("8004", "GIAI", "?", "X..30,gcppos1", "dlpkey");
    row("8006", "ITIP", "?", "N14,csum,gcppos2 N4,pieceoftotal", "ex=01,03,37 dlpkey=22,10,21");
    row("8010", "CPID", "?", "Y..30,gcppos1", "dlpkey=8011");
    row("8011", "CPID SERIAL", "", "N..12,nozeroprefix", "req=8010");
    row("8017", "GSRN - PROVIDER", "?", "N18,csum,gcppos1", "ex=8018 dlpkey=8019");
    row("8018", "GSRN - RECIPIENT", "?", "N18,csum,gcppos1", "ex=8017 dlpkey=8019");
    row("8019", "SRIN", "", "N..10", "req=8017,8018");
    row("8020", "REF No.", "", "X..25", "req=415");
    row("90", "INTERNAL", "?", "X..30", "");
    for (int i = 91; i <= 99; i++) {
      row(String.valueOf(i), "INTERNAL", "?", "X..90", "");
    }
  }

  private final String code;
  private final String title;
  private final List<Component> components;
  private final boolean predefinedLength;
  private final boolean dataAttribute;
  private final List<List<String>> qualifierSequences;
  private final List<List<String>> requires;
  private final List<String> excludes;

  private ApplicationIdentifier(
      String code,
      String title,
      List<Component> components,
      boolean predefinedLength,
      boolean dataAttribute,
      List<List<String>> qualifierSequences,
      List<List<String>> requires,
      List<String> excludes) {
    this.code = code;
    this.title = title;
    this.components = List.copyOf(components);
    this.predefinedLength = predefinedLength;
    this.dataAttribute = dataAttribute;
    this.qualifierSequences = qualifierSequences == null ? null : copy(qualifierSequences);
    this.requires = copy(requires);
    this.excludes = List.copyOf(excludes);
  }

  /** The AI with this code, if the table has it. */
  public static Optional<ApplicationIdentifier> find(String code) {
    return Optional.ofNullable(TABLE.get(code));
  }

  /**
   * The AI with this code.
   *
   * @throws Gs1Exception {@code unknown-ai} if the table does not have it
   */
  public static ApplicationIdentifier of(String code) throws Gs1Exception {
    ApplicationIdentifier ai = TABLE.get(code);
    if (ai == null) {
      throw Gs1Exception.of(
          Code.UNKNOWN_AI,
          "no Application Identifier " + Gs1Exception.quote(code) + " in the supported table",
          code,
          code.isEmpty() ? 0 : 1,
          code);
    }
    return ai;
  }

  /**
   * The AI whose code starts {@code data} at {@code from}. AI codes are prefix-free (no code is the
   * start of another), which is what lets a barcode reader split unbracketed data.
   */
  static Optional<ApplicationIdentifier> startingAt(String data, int from) {
    for (int length = 2; length <= 4 && from + length <= data.length(); length++) {
      ApplicationIdentifier ai = TABLE.get(data.substring(from, from + length));
      if (ai != null) {
        return Optional.of(ai);
      }
    }
    return Optional.empty();
  }

  /** Every AI in the table, in code order. */
  public static Collection<ApplicationIdentifier> all() {
    return Collections.unmodifiableCollection(TABLE.values());
  }

  /** The AI's digits, e.g. "01" or "3103". */
  public String code() {
    return code;
  }

  /** The GS1 data title, e.g. "BATCH/LOT". */
  public String title() {
    return title;
  }

  /** The components of the value, in order. */
  public List<Component> components() {
    return components;
  }

  /**
   * Whether the AI is in GS1's table of predefined-length AIs, so a barcode needs no FNC1 separator
   * after it. Not the same as fixed length: AI 422 is always three digits but is not in the table,
   * so it does need a separator.
   */
  public boolean isPredefinedLength() {
    return predefinedLength;
  }

  /** Whether an FNC1 (GS) must follow this element when another element comes after it. */
  public boolean fnc1Required() {
    return !predefinedLength;
  }

  /** Whether every value has the same length. */
  public boolean isFixedLength() {
    return components.stream().allMatch(c -> c.isFixedLength() && !c.optional());
  }

  /** Shortest value. */
  public int minLength() {
    return components.stream().filter(c -> !c.optional()).mapToInt(Component::minLength).sum();
  }

  /** Longest value. */
  public int maxLength() {
    return components.stream().mapToInt(Component::maxLength).sum();
  }

  /** Character set of the first component (all of it for single-component AIs). */
  public CharacterSet characterSet() {
    return components.get(0).characterSet();
  }

  /** Whether the value carries a GS1 mod-10 check digit. */
  public boolean hasCheckDigit() {
    return components.stream().anyMatch(c -> c.rules().contains(Rule.CHECK_DIGIT));
  }

  /** Whether the value starts with a YYMMDD date. */
  public boolean isDate() {
    Set<Rule> rules = components.get(0).rules();
    return rules.contains(Rule.DATE) || rules.contains(Rule.DATE_DAY_ZERO_ALLOWED);
  }

  /**
   * For measure AIs (31nn, 33nn): the number of decimal places given by the last AI digit, e.g. 3
   * for AI 3103. Empty for other AIs.
   */
  public Optional<Integer> decimalPlaces() {
    if (code.length() == 4 && (code.startsWith("31") || code.startsWith("33"))) {
      return Optional.of(code.charAt(3) - '0');
    }
    return Optional.empty();
  }

  /** Whether this AI may be the primary key of a GS1 Digital Link URI. */
  public boolean isDigitalLinkPrimaryKey() {
    return qualifierSequences != null;
  }

  /**
   * The key qualifier sequences this primary key accepts, in the order the standard requires, each
   * being optional from left to right (e.g. for 01: [22, 10, 21] and [235]). Empty when the key
   * takes no qualifiers or is not a primary key.
   */
  public List<List<String>> qualifierSequences() {
    return qualifierSequences == null ? List.of() : qualifierSequences;
  }

  /** Whether this AI may appear as a Digital Link data attribute (in the query string). */
  public boolean isDigitalLinkDataAttribute() {
    return dataAttribute;
  }

  /** Alternatives of AIs that must also be present; each alternative is a set needed together. */
  public List<List<String>> requires() {
    return requires;
  }

  /** AI patterns ({@code n} = any digit) that may not appear together with this AI. */
  public List<String> excludes() {
    return excludes;
  }

  /** Whether {@code other} matches one of this AI's exclusion patterns. */
  public boolean excludes(ApplicationIdentifier other) {
    if (other.code.equals(code)) {
      return false;
    }
    for (String pattern : excludes) {
      if (pattern.length() == other.code.length()) {
        boolean match = true;
        for (int i = 0; i < pattern.length() && match; i++) {
          match = pattern.charAt(i) == 'n' || pattern.charAt(i) == other.code.charAt(i);
        }
        if (match) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "(" + code + ")";
  }

  // --- table construction -------------------------------------------------------------------

  private static void measures(String prefix, String[] titles, String attributes) {
    for (int kind = 0; kind < titles.length; kind++) {
      for (int decimals = 0; decimals <= 5; decimals++) {
        String code = prefix + kind + decimals;
        row(code, titles[kind], "*?", "N6", attributes + " ex=" + prefix + kind + "n");
      }
    }
  }

  private static void row(
      String code, String title, String flags, String format, String attributes) {
    List<List<String>> qualifiers = null;
    List<List<String>> requires = new ArrayList<>();
    List<String> excludes = new ArrayList<>();
    for (String attribute : attributes.trim().split("\\s+")) {
      if (attribute.isEmpty()) {
        continue;
      } else if (attribute.equals("dlpkey")) {
        qualifiers = List.of();
      } else if (attribute.startsWith("dlpkey=")) {
        qualifiers = new ArrayList<>();
        for (String sequence : attribute.substring(7).split("\\|")) {
          qualifiers.add(List.of(sequence.split(",")));
        }
      } else if (attribute.startsWith("req=")) {
        for (String alternative : attribute.substring(4).split(",")) {
          requires.add(List.of(alternative.split("\\+")));
        }
      } else if (attribute.startsWith("ex=")) {
        excludes.addAll(List.of(attribute.substring(3).split(",")));
      } else {
        throw new IllegalStateException("bad attribute " + attribute + " for AI " + code);
      }
    }
    List<Component> components = new ArrayList<>();
    for (String spec : format.split(" ")) {
      components.add(component(spec, code));
    }
    TABLE.put(
        code,
        new ApplicationIdentifier(
            code,
            title,
            components,
            flags.contains("*"),
            flags.contains("?"),
            qualifiers,
            requires,
            excludes));
  }

  private static Component component(String spec, String code) {
    String[] parts = spec.split(",");
    String type = parts[0];
    boolean optional = type.startsWith("[");
    if (optional) {
      type = type.substring(1, type.indexOf(']'));
    }
    CharacterSet set =
        switch (type.charAt(0)) {
          case 'N' -> CharacterSet.NUMERIC;
          case 'X' -> CharacterSet.CSET82;
          case 'Y' -> CharacterSet.CSET39;
          default -> throw new IllegalStateException("bad type " + spec + " for AI " + code);
        };
    int min;
    int max;
    if (type.startsWith("..", 1)) {
      min = 1;
      max = Integer.parseInt(type.substring(3));
    } else {
      min = Integer.parseInt(type.substring(1));
      max = min;
    }
    List<Rule> rules = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      rules.add(
          switch (parts[i]) {
            case "csum" -> Rule.CHECK_DIGIT;
            case "yymmd0" -> Rule.DATE_DAY_ZERO_ALLOWED;
            case "yymmdd" -> Rule.DATE;
            case "hhmi" -> Rule.TIME;
            case "zero" -> Rule.ZERO;
            case "pieceoftotal" -> Rule.PIECE_OF_TOTAL;
            case "gcppos1" -> Rule.COMPANY_PREFIX;
            case "gcppos2" -> Rule.COMPANY_PREFIX_AFTER_FIRST;
            case "nozeroprefix" -> Rule.NO_ZERO_PREFIX;
            case "iso3166" -> Rule.COUNTRY_CODE;
            default -> throw new IllegalStateException("bad rule " + parts[i] + " for AI " + code);
          });
    }
    return new Component(set, min, max, optional, Set.copyOf(rules));
  }

  private static List<List<String>> copy(List<List<String>> lists) {
    List<List<String>> out = new ArrayList<>();
    for (List<String> l : lists) {
      out.add(List.copyOf(l));
    }
    return List.copyOf(out);
  }
}
