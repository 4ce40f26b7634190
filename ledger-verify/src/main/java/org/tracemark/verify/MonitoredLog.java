package org.tracemark.verify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import org.tracemark.ledger.note.VerifierKey;

/**
 * The log to check: where it is served, the key its checkpoints must be signed with, and the origin
 * they must name. The key and origin come from the user, never from the server: {@code GET
 * /ledger/vkey} would let the log choose who vouches for it.
 *
 * @param base the URL under which {@code ledger/checkpoint} and {@code ledger/tile/...} are served,
 *     normalised to end in {@code /}; http or https, no query, fragment or user info
 */
public record MonitoredLog(URI base, VerifierKey key, String origin) {

  public MonitoredLog {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(origin, "origin");
    base = normalise(base);
    if (origin.isEmpty() || origin.contains("\n")) {
      throw new IllegalArgumentException("an origin is one non-empty line");
    }
  }

  /** A log whose origin is its key's name, as C2SP tlog-checkpoint recommends. */
  public static MonitoredLog of(URI base, VerifierKey key) {
    return new MonitoredLog(base, key, key.name().value());
  }

  /** The URL of a path relative to the log prefix, e.g. {@code checkpoint}, {@code tile/0/000}. */
  public URI ledger(String relative) {
    return base.resolve("ledger/" + relative);
  }

  private static URI normalise(URI base) {
    if (base.getRawUserInfo() != null) {
      // Credentials in the URL would end up in every failure message and progress line. Checked
      // first, so that no message below echoes them.
      throw new IllegalArgumentException("the log URL must not carry user info");
    }
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "the log URL must be http:// or https://, not \"" + base + "\"");
    }
    if (base.getHost() == null || base.getHost().isEmpty()) {
      throw new IllegalArgumentException("the log URL has no host: \"" + base + "\"");
    }
    if (base.getRawQuery() != null || base.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "the log URL is a base to append ledger/... to; it cannot have a query or fragment: \""
              + base
              + "\"");
    }
    String path =
        base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
    if (!path.endsWith("/")) {
      path = path + "/";
    }
    try {
      return new URI(scheme + "://" + base.getRawAuthority() + path);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a usable log URL: \"" + base + "\"", e);
    }
  }
}
