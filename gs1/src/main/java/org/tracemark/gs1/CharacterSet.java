package org.tracemark.gs1;

/**
 * The character sets GS1 allows in Application Identifier values (GS1 General Specifications §7.11,
 * as encoded in the GS1 Barcode Syntax Dictionary types N, X and Y).
 */
public enum CharacterSet {
  /** Digits 0-9 only ("N" in AI formats). */
  NUMERIC("digits"),
  /**
   * GS1 AI encodable character set 82 ("X"): {@code !"%&'()*+,-./0-9:;<=>?A-Z_a-z}. Note what is
   * absent: space, {@code #}, {@code $}, {@code @}, brackets other than round, backslash, and
   * everything outside printable ASCII.
   */
  CSET82("GS1 AI encodable character set 82"),
  /** GS1 AI encodable character set 39 ("Y", used by CPID AI 8010): {@code #-/0-9A-Z}. */
  CSET39("GS1 AI encodable character set 39");

  private static final String CSET82_PUNCTUATION = "!\"%&'()*+,-./:;<=>?_";

  private final String description;

  CharacterSet(String description) {
    this.description = description;
  }

  /** Whether {@code c} belongs to this set. */
  public boolean contains(char c) {
    switch (this) {
      case NUMERIC:
        return c >= '0' && c <= '9';
      case CSET39:
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '#' || c == '-' || c == '/';
      case CSET82:
      default:
        return (c >= '0' && c <= '9')
            || (c >= 'A' && c <= 'Z')
            || (c >= 'a' && c <= 'z')
            || CSET82_PUNCTUATION.indexOf(c) >= 0;
    }
  }

  /** Index of the first character of {@code value} outside this set, or -1 if there is none. */
  public int firstInvalid(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!contains(value.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Throws {@code bad-character} naming the first character of {@code value} outside this set.
   *
   * @param what what the value is, for the message (e.g. "serial number")
   */
  public void require(String value, String what) throws Gs1Exception {
    int bad = firstInvalid(value);
    if (bad >= 0) {
      throw Gs1Exception.of(
          Gs1Exception.Code.BAD_CHARACTER,
          what
              + " may only contain "
              + description
              + "; found "
              + Gs1Exception.quote(String.valueOf(value.charAt(bad))),
          value,
          bad + 1);
    }
  }

  /** Human description of the set, for messages. */
  public String description() {
    return description;
  }
}
