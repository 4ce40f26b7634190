package org.tracemark.gs1;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one checked exception of this module: some input is not valid GS1 data.
 *
 * <p>Every failure carries a stable {@link Code} (the HTTP edge maps each to an RFC 9457 problem
 * type, so codes never change meaning), the offending {@link #input() input}, the 1-based {@link
 * #position() position} of the first offending character where there is one, and the Application
 * Identifier involved where there is one. The message repeats that evidence for people; the input
 * is quoted with control characters escaped and long inputs truncated, so a message can be logged
 * or echoed without carrying hostile bytes.
 */
public final class Gs1Exception extends Exception {

  private static final long serialVersionUID = 1L;
  private static final int MAX_QUOTED = 120;

  /** Stable error codes. {@link #id()} is the wire form; it never changes for a given meaning. */
  public enum Code {
    /** A GS1 mod-10 check digit does not match the digits before it. */
    BAD_CHECK_DIGIT("bad-check-digit"),
    /** A value, key or component is too short or too long (including empty). */
    BAD_LENGTH("bad-length"),
    /** A character is outside the character set allowed where it appears. */
    BAD_CHARACTER("bad-character"),
    /** The characters are allowed but the content is not: a date, time, piece count, prefix. */
    BAD_VALUE("bad-value"),
    /** The overall shape is wrong: brackets, separators, URI or URN structure, escapes. */
    BAD_SYNTAX("bad-syntax"),
    /** An Application Identifier this module does not know (or that does not exist). */
    UNKNOWN_AI("unknown-ai"),
    /**
     * A Digital Link AI is in the wrong place: key qualifiers out of order or not qualifiers of the
     * primary key, a data attribute that belongs in the path, or an AI that cannot be one.
     */
    MISORDERED_AI("misordered-ai"),
    /** The same AI appears twice where it may not (with different values, or in a URI). */
    DUPLICATE_AI("duplicate-ai"),
    /** Two AIs that GS1 declares mutually exclusive appear together (e.g. 01 and 02). */
    INVALID_COMBINATION("invalid-combination"),
    /**
     * A required key is absent: no primary key in a Digital Link, or an attribute without the key
     * it qualifies (e.g. a lot without a GTIN).
     */
    MISSING_KEY("missing-key"),
    /** The company-prefix lookup does not know the GS1 Company Prefix of a key. */
    UNKNOWN_COMPANY_PREFIX("unknown-company-prefix"),
    /** Valid GS1 data that this conversion cannot express (e.g. an EPC scheme not implemented). */
    UNSUPPORTED("unsupported");

    private final String id;

    Code(String id) {
      this.id = id;
    }

    /** The stable, kebab-case identifier, e.g. {@code bad-check-digit}. */
    public String id() {
      return id;
    }
  }

  private final Code code;
  private final String detail;
  private final String input;
  private final int position;
  private final String ai;

  private Gs1Exception(Code code, String detail, String input, int position, String ai) {
    super(format(code, detail, input, position, ai));
    this.code = Objects.requireNonNull(code);
    this.detail = detail;
    this.input = input == null ? "" : input;
    this.position = position;
    this.ai = ai;
  }

  /**
   * Creates an exception.
   *
   * @param code what kind of failure
   * @param detail what is wrong, in words (no need to repeat input or position)
   * @param input the whole input that was being read
   * @param position 1-based position of the first offending character in {@code input}, or 0 when
   *     the failure is not at one character
   * @param ai the Application Identifier concerned, or null
   */
  public static Gs1Exception of(Code code, String detail, String input, int position, String ai) {
    return new Gs1Exception(code, detail, input, position, ai);
  }

  /** Same as {@link #of(Code, String, String, int, String)} without an AI. */
  public static Gs1Exception of(Code code, String detail, String input, int position) {
    return new Gs1Exception(code, detail, input, position, null);
  }

  /**
   * Re-anchors this failure inside a larger input: {@code outer} contains this exception's input
   * starting at 1-based {@code offset}. Used when a value was validated on its own and the caller
   * wants the position within the string the user actually sent.
   */
  public Gs1Exception within(String outer, int offset) {
    int outerPosition = position == 0 ? offset : offset + position - 1;
    return new Gs1Exception(code, detail, outer, outerPosition, ai);
  }

  /**
   * Moves this failure into a larger input at an exact 1-based position (0 for none), keeping code,
   * detail and AI.
   */
  public Gs1Exception at(String outer, int outerPosition) {
    return new Gs1Exception(code, detail, outer, outerPosition, ai);
  }

  /** The same failure, attributed to an Application Identifier. */
  public Gs1Exception forAi(String applicationIdentifier) {
    return new Gs1Exception(code, detail, input, position, applicationIdentifier);
  }

  /** The stable error code. */
  public Code code() {
    return code;
  }

  /** The input in which the failure was found (never null). */
  public String input() {
    return input;
  }

  /** 1-based position of the first offending character in {@link #input()}, if there is one. */
  public OptionalInt position() {
    return position > 0 ? OptionalInt.of(position) : OptionalInt.empty();
  }

  /** The Application Identifier concerned, if any. */
  public Optional<String> ai() {
    return Optional.ofNullable(ai);
  }

  /** The human explanation without the code, input and position prefix. */
  public String detail() {
    return detail;
  }

  /** Quotes a value for a message: control and non-ASCII characters escaped, long ones cut. */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("\"");
    int n = Math.min(value.length(), MAX_QUOTED);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    if (value.length() > MAX_QUOTED) {
      b.append("...(").append(value.length()).append(" chars)");
    }
    return b.append('"').toString();
  }

  private static String format(Code code, String detail, String input, int position, String ai) {
    StringBuilder b = new StringBuilder(code.id()).append(": ");
    if (ai != null) {
      b.append("AI (").append(ai).append("): ");
    }
    b.append(detail).append(" [in ").append(quote(input));
    if (position > 0) {
      b.append(" at position ").append(position);
    }
    return b.append(']').toString();
  }
}
