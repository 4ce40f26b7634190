package org.tracemark.ledger.tile;

/**
 * A string that is not a canonical C2SP tlog-tiles tile or entry-bundle path.
 *
 * <p>Unchecked because paths come from request URLs: the HTTP edge maps this to a 404 (there is no
 * such resource), everything else treats it as a bug.
 */
public final class MalformedTilePathException extends IllegalArgumentException {

  private static final int MAX_ECHOED_LENGTH = 200;
  private static final int MAX_ECHOED_SEGMENT = 40;

  private final String path;
  private final String reason;

  MalformedTilePathException(String path, String reason) {
    super("not a tile path \"" + echo(path) + "\": " + reason);
    this.path = path;
    this.reason = reason;
  }

  /** The rejected path, exactly as given (may be null). */
  public String path() {
    return path;
  }

  /** What about the path is wrong, e.g. {@code "width 256 is not in 1..255"}. */
  public String reason() {
    return reason;
  }

  /** A path segment quoted for a reason: escaped and cut to a few dozen characters. */
  static String quote(String segment) {
    return "\"" + escape(segment, MAX_ECHOED_SEGMENT) + "\"";
  }

  // Paths come from clients; keep the message one bounded line whatever they send.
  private static String echo(String path) {
    return path == null ? "null" : escape(path, MAX_ECHOED_LENGTH);
  }

  private static String escape(String text, int limit) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < limit; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (text.length() > limit) {
      out.append("…(").append(text.length()).append(" chars)");
    }
    return out.toString();
  }
}
