package org.tracemark.gs1.element;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tracemark.gs1.CharacterSet;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;
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
 * A GS1 message: an ordered list of elements, as carried by a GS1-128, GS1 DataMatrix or GS1 QR
 * Code, in one of two spellings:
 *
 * <ul>
 *   <li>human-readable, AIs in brackets: {@code (01)09506000134352(10)ABC123}. A literal "(" in a
 *       value is written {@code \(} (the GS1 Barcode Syntax Engine's convention), since an
 *       unescaped one starts the next AI;
 *   <li>barcode data as a scanner transmits it: AIs run together, a GS (U+001D, the FNC1 separator)
 *       after every element that is not of predefined length unless it is last, optionally preceded
 *       by a GS1 symbology identifier ({@code ]C1} GS1-128, {@code ]e0} GS1 DataBar, {@code ]d2}
 *       GS1 DataMatrix, {@code ]Q3} GS1 QR Code, {@code ]J1} GS1 DotCode).
 * </ul>
 *
 * <p>Whatever the spelling, every value is validated and the message as a whole must hold together:
 * an AI may repeat only with the same value, mutually exclusive AIs may not meet, and an attribute
 * needs its key (a lot needs a GTIN). {@code parse(x.toHumanReadable())} and {@code
 * parseBarcode(x.toBarcodeData())} both return {@code x}.
 */
public record ElementString(List<Element> elements) {

  /** The FNC1 separator as transmitted by barcode readers (ASCII GS). */
  public static final char GS = '\u001D';

  /** Longest input accepted: far above any barcode's capacity, low enough to bound work. */
  public static final int MAX_INPUT_LENGTH = 4096;

  private static final Set<String> SYMBOLOGY_IDENTIFIERS =
      Set.of("]C1", "]e0", "]d2", "]Q3", "]J1");

  /** Validates the invariant; prefer {@link #of(List)}, which reports typed errors. */
  public ElementString {
    elements = List.copyOf(Objects.requireNonNull(elements, "elements"));
    try {
      check(elements);
    } catch (Gs1Exception e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Builds a message from validated elements, checking the rules between them. */
  public static ElementString of(List<Element> elements) throws Gs1Exception {
    check(elements);
    return new ElementString(elements);
  }

  /** Builds a message from validated elements, checking the rules between them. */
  public static ElementString of(Element... elements) throws Gs1Exception {
    return of(Arrays.asList(elements));
  }

  /**
   * The elements that spell an identity: (01) for a GTIN, (01)(21) for an SGTIN, (01)(10) for an
   * LGTIN, (00) for an SSCC, (414) and (254) for an SGLN, (8003) for a GRAI, (8004) for a GIAI.
   */
  public static ElementString of(Identity identity) {
    List<Element> out = new ArrayList<>();
    if (identity instanceof Gtin gtin) {
      out.add(known("01", gtin.value()));
    } else if (identity instanceof Sgtin sgtin) {
      out.add(known("01", sgtin.gtin().value()));
      out.add(known("21", sgtin.serial().value()));
    } else if (identity instanceof Lgtin lgtin) {
      out.add(known("01", lgtin.gtin().value()));
      out.add(known("10", lgtin.lot().value()));
    } else if (identity instanceof Sscc sscc) {
      out.add(known("00", sscc.value()));
    } else if (identity instanceof Sgln sgln) {
      out.add(known("414", sgln.gln().value()));
      if (sgln.hasExtension()) {
        out.add(known("254", sgln.extension()));
      }
    } else if (identity instanceof Grai grai) {
      out.add(known("8003", grai.value()));
    } else if (identity instanceof Giai giai) {
      out.add(known("8004", giai.value()));
    }
    return new ElementString(out);
  }

  /**
   * Parses either spelling: input starting with "(" is read as human-readable, anything else as
   * barcode data.
   */
  public static ElementString parse(String input) throws Gs1Exception {
    Objects.requireNonNull(input, "input");
    return input.startsWith("(") ? parseHumanReadable(input) : parseBarcode(input);
  }

  /** Parses the bracketed, human-readable spelling, e.g. {@code (01)09506000134352(10)ABC}. */
  public static ElementString parseHumanReadable(String input) throws Gs1Exception {
    checkSize(input);
    List<Element> elements = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    int i = 0;
    int n = input.length();
    while (i < n) {
      if (input.charAt(i) != '(') {
        throw Gs1Exception.of(Code.BAD_SYNTAX, "expected \"(\" starting an AI", input, i + 1);
      }
      int close = input.indexOf(')', i + 1);
      if (close < 0) {
        throw Gs1Exception.of(Code.BAD_SYNTAX, "\"(\" is never closed", input, i + 1);
      }
      ApplicationIdentifier ai = aiAt(input, i + 1, close);
      StringBuilder value = new StringBuilder();
      List<Integer> sourceIndex = new ArrayList<>();
      int k = close + 1;
      while (k < n && input.charAt(k) != '(') {
        if (input.charAt(k) == '\\' && k + 1 < n && input.charAt(k + 1) == '(') {
          k++;
        }
        sourceIndex.add(k);
        value.append(input.charAt(k));
        k++;
      }
      elements.add(element(ai, value.toString(), input, sourceIndex, close + 1));
      positions.add(i + 2);
      i = k;
    }
    if (elements.isEmpty()) {
      throw Gs1Exception.of(Code.BAD_SYNTAX, "no elements", input, 0);
    }
    check(elements, input, positions);
    return new ElementString(elements);
  }

  /**
   * Parses barcode data as transmitted by a reader: optional GS1 symbology identifier, AIs run
   * together, GS (U+001D) after elements that are not of predefined length. A GS right after a
   * predefined-length element, a leading GS and a single trailing GS are tolerated, as readers
   * produce them.
   */
  public static ElementString parseBarcode(String input) throws Gs1Exception {
    checkSize(input);
    int i = 0;
    int n = input.length();
    if (input.startsWith("]")) {
      String id = input.substring(0, Math.min(3, n));
      if (!SYMBOLOGY_IDENTIFIERS.contains(id)) {
        throw Gs1Exception.of(
            Code.BAD_SYNTAX,
            "symbology identifier "
                + Gs1Exception.quote(id)
                + " does not announce GS1 element strings (expected ]C1, ]e0, ]d2, ]Q3 or ]J1)",
            input,
            1);
      }
      i = 3;
    }
    if (i < n && input.charAt(i) == GS) {
      i++;
    }
    if (i == n) {
      throw Gs1Exception.of(Code.BAD_SYNTAX, "no elements", input, 0);
    }
    List<Element> elements = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    while (i < n) {
      Optional<ApplicationIdentifier> found = ApplicationIdentifier.startingAt(input, i);
      if (found.isEmpty()) {
        throw noAiAt(input, i);
      }
      ApplicationIdentifier ai = found.get();
      int aiPosition = i + 1;
      i += ai.code().length();
      int end;
      if (ai.isPredefinedLength()) {
        end = Math.min(n, i + ai.maxLength());
        int gs = input.indexOf(GS, i);
        if (gs >= 0 && gs < end) {
          end = gs;
        }
      } else {
        int gs = input.indexOf(GS, i);
        end = gs < 0 ? n : gs;
      }
      List<Integer> sourceIndex = new ArrayList<>();
      for (int k = i; k < end; k++) {
        sourceIndex.add(k);
      }
      elements.add(element(ai, input.substring(i, end), input, sourceIndex, i));
      positions.add(aiPosition);
      i = end;
      if (i < n && input.charAt(i) == GS) {
        i++;
        if (i < n && input.charAt(i) == GS) {
          throw Gs1Exception.of(Code.BAD_SYNTAX, "two separators in a row", input, i + 1);
        }
      }
    }
    check(elements, input, positions);
    return new ElementString(elements);
  }

  /** The bracketed spelling, "(" in values escaped as {@code \(}. */
  public String toHumanReadable() {
    StringBuilder b = new StringBuilder();
    for (Element e : elements) {
      b.append('(').append(e.code()).append(')').append(e.value().replace("(", "\\("));
    }
    return b.toString();
  }

  /**
   * Barcode data without symbology identifier: a GS after each element that is not of predefined
   * length, except the last. Prefix {@code ]d2} (or another identifier) as the carrier requires.
   */
  public String toBarcodeData() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < elements.size(); i++) {
      Element e = elements.get(i);
      b.append(e.code()).append(e.value());
      if (e.ai().fnc1Required() && i < elements.size() - 1) {
        b.append(GS);
      }
    }
    return b.toString();
  }

  /** The first element with this AI, if present. */
  public Optional<Element> element(String ai) {
    return elements.stream().filter(e -> e.code().equals(ai)).findFirst();
  }

  /** The value of the first element with this AI, if present. */
  public Optional<String> value(String ai) {
    return element(ai).map(Element::value);
  }

  /** The GTIN in AI (01). */
  public Optional<Gtin> gtin() {
    return value("01").map(v -> construct(() -> Gtin.parse(v)));
  }

  /** The SSCC in AI (00). */
  public Optional<Sscc> sscc() {
    return value("00").map(Sscc::new);
  }

  /** The GLN in AI (414), with the extension from AI (254) if present. */
  public Optional<Sgln> sgln() {
    return value("414").map(v -> new Sgln(new Gln(v), value("254").orElse("")));
  }

  /** The batch/lot in AI (10). */
  public Optional<Lot> lot() {
    return value("10").map(Lot::new);
  }

  /** The serial number in AI (21). */
  public Optional<Serial> serial() {
    return value("21").map(Serial::new);
  }

  /** The date in a date AI such as 17 (expiry) or 15 (best before); day 00 is end of month. */
  public Optional<LocalDate> date(String ai) {
    return element(ai).flatMap(Element::date);
  }

  /** The net weight in kilograms from AI (310n), decimal point placed by n. */
  public Optional<BigDecimal> netWeightKg() {
    return elements.stream()
        .filter(e -> e.code().startsWith("310"))
        .findFirst()
        .flatMap(Element::decimal);
  }

  /**
   * The identity the message names: the first of (00), (01), (414), (8003), (8004) in it decides. A
   * GTIN with (21) is an {@link Sgtin}, else with (10) an {@link Lgtin}, else the {@link Gtin} (a
   * class of items); (414) with (254) is an {@link Sgln} with extension. Other elements (dates, a
   * lot next to a serial) describe the object and are not part of its identity.
   *
   * @throws Gs1Exception {@code missing-key} if no identity key is present
   */
  public Identity toIdentity() throws Gs1Exception {
    for (Element e : elements) {
      switch (e.code()) {
        case "00":
          return new Sscc(e.value());
        case "01":
          Gtin gtin = Gtin.parse(e.value());
          if (serial().isPresent()) {
            return new Sgtin(gtin, serial().get());
          }
          return lot().<Identity>map(l -> new Lgtin(gtin, l)).orElse(gtin);
        case "414":
          return sgln().orElseThrow();
        case "8003":
          return new Grai(e.value());
        case "8004":
          return new Giai(e.value());
        default:
          break;
      }
    }
    throw Gs1Exception.of(
        Code.MISSING_KEY,
        "no identity key (00), (01), (414), (8003) or (8004) in the message",
        toHumanReadable(),
        0);
  }

  /** Human-readable spelling. */
  @Override
  public String toString() {
    return toHumanReadable();
  }

  // --- internals ---------------------------------------------------------------------------

  private static void check(List<Element> elements) throws Gs1Exception {
    if (elements.isEmpty()) {
      throw Gs1Exception.of(Code.BAD_SYNTAX, "no elements", "", 0);
    }
    for (Element e : elements) {
      Objects.requireNonNull(e, "element");
    }
    StringBuilder text = new StringBuilder();
    List<Integer> positions = new ArrayList<>();
    for (Element e : elements) {
      positions.add(text.length() + 2);
      text.append(e);
    }
    check(elements, text.toString(), positions);
  }

  private static void check(List<Element> elements, String input, List<Integer> positions)
      throws Gs1Exception {
    Associations.check(elements, input, positions.stream().mapToInt(Integer::intValue).toArray());
  }

  private static void checkSize(String input) throws Gs1Exception {
    Objects.requireNonNull(input, "input");
    if (input.length() > MAX_INPUT_LENGTH) {
      throw Gs1Exception.of(
          Code.BAD_LENGTH,
          "input of " + input.length() + " characters exceeds " + MAX_INPUT_LENGTH,
          input,
          MAX_INPUT_LENGTH + 1);
    }
  }

  private static ApplicationIdentifier aiAt(String input, int from, int to) throws Gs1Exception {
    String code = input.substring(from, to);
    if (code.length() < 2 || code.length() > 4 || CharacterSet.NUMERIC.firstInvalid(code) >= 0) {
      throw Gs1Exception.of(
          Code.BAD_SYNTAX,
          "an AI has 2 to 4 digits, found " + Gs1Exception.quote(code),
          input,
          from + 1);
    }
    try {
      return ApplicationIdentifier.of(code);
    } catch (Gs1Exception e) {
      throw e.within(input, from + 1);
    }
  }

  private static Gs1Exception noAiAt(String input, int index) {
    String next = input.substring(index, Math.min(input.length(), index + 4));
    if (!next.isEmpty() && CharacterSet.NUMERIC.contains(next.charAt(0))) {
      return Gs1Exception.of(
          Code.UNKNOWN_AI, "no supported AI starts " + Gs1Exception.quote(next), input, index + 1);
    }
    return Gs1Exception.of(
        Code.BAD_SYNTAX,
        "expected the digits of an AI, found " + Gs1Exception.quote(next),
        input,
        index + 1);
  }

  /** Validates a value, re-anchoring any error at the value's place in the input. */
  private static Element element(
      ApplicationIdentifier ai,
      String value,
      String input,
      List<Integer> sourceIndex,
      int valueStart)
      throws Gs1Exception {
    try {
      return Element.of(ai, value);
    } catch (Gs1Exception e) {
      int at = e.position().orElse(0);
      int position =
          at == 0
              ? valueStart + 1
              : at - 1 < sourceIndex.size() ? sourceIndex.get(at - 1) + 1 : valueStart + at;
      throw e.at(input, position);
    }
  }

  private static Element known(String ai, String value) {
    return new Element(ApplicationIdentifier.find(ai).orElseThrow(), value);
  }

  private static <T> T construct(Parse<T> parse) {
    try {
      return parse.run();
    } catch (Gs1Exception e) {
      throw new IllegalStateException("validated value failed to parse", e);
    }
  }

  @FunctionalInterface
  private interface Parse<T> {
    T run() throws Gs1Exception;
  }
}
