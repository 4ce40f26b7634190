package org.tracemark.keys.pki;

/** Quoting of text that came from a certificate, a CSR or a file, for error messages. */
final class Untrusted {

  private static final int MAX_ECHOED = 80;

  private Untrusted() {}

  /**
   * {@code text} in double quotes, bounded, with control characters, quotes and backslashes
   * escaped: names in a CSR are chosen by whoever sent it, and an error message must not let them
   * forge log lines or flood a log.
   */
  static String quote(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length() && i < MAX_ECHOED; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (text.length() > MAX_ECHOED) {
      out.append('…');
    }
    return out.append('"').toString();
  }
}
