package org.tracemark.keys;

/**
 * Echoing text that came from outside (a device id off the network, a name in a CSR, a file) in
 * error messages: bounded, with control characters, quotes and backslashes escaped, so it can
 * neither forge log lines nor flood a log.
 */
public final class Untrusted {

  private static final int MAX_ECHOED = 80;

  private Untrusted() {}

  /** {@code text} in double quotes, as {@link #echo} escapes it; {@code null} as the word. */
  public static String quote(String text) {
    return text == null ? "null" : "\"" + echo(text) + "\"";
  }

  /** At most 80 characters of {@code text}, escaped as {@code \\uXXXX}, then … if cut. */
  public static String echo(String text) {
    StringBuilder out = new StringBuilder();
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
    return out.toString();
  }
}
