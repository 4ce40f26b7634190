package org.tracemark.ledger.tile;

/**
 * The path syntax shared by hash tiles and entry bundles: {@code tile/<L>/<N>[.p/<W>]}.
 *
 * <p>{@code <N>} is written as zero-padded 3-digit groups, all but the last prefixed with {@code x}
 * (1234067 → {@code x001/x234/067}), so that tiles can live in a plain directory tree without a
 * file and a directory of the same name.
 *
 * <p>Parsing is strict: only the canonical form that {@link #format} produces is accepted (no
 * leading {@code x000} group, no leading zeros in {@code <L>} or {@code <W>}, no full-width {@code
 * .p/256}). One resource then has exactly one URL, which keeps caches and storage keys from
 * splitting.
 */
final class TilePath {

  static final String PREFIX = "tile/";
  static final String ENTRIES_LEVEL = "entries";
  private static final String PARTIAL_SUFFIX = ".p";
  // Long.MAX_VALUE has 19 decimal digits: 7 groups of 3.
  private static final int MAX_GROUPS = 7;

  /** The pieces of a parsed path; {@code width} is {@link Tiling#WIDTH} for a full tile. */
  record Parts(String level, long index, int width) {}

  private TilePath() {}

  static String format(String level, long index, int width) {
    StringBuilder path = new StringBuilder(PREFIX).append(level).append('/');
    String digits = Long.toString(index);
    int padded = ((digits.length() + 2) / 3) * 3;
    digits = "0".repeat(padded - digits.length()) + digits;
    for (int i = 0; i < padded; i += 3) {
      if (i + 3 < padded) {
        path.append('x').append(digits, i, i + 3).append('/');
      } else {
        path.append(digits, i, i + 3);
      }
    }
    if (width != Tiling.WIDTH) {
      path.append(PARTIAL_SUFFIX).append('/').append(width);
    }
    return path.toString();
  }

  static Parts parse(String path) {
    if (path == null) {
      throw new MalformedTilePathException(null, "path is null");
    }
    if (!path.startsWith(PREFIX)) {
      throw new MalformedTilePathException(path, "does not start with \"" + PREFIX + "\"");
    }
    String[] segments = path.split("/", -1);
    if (segments.length < 3) {
      throw new MalformedTilePathException(path, "has no tile index");
    }
    int end = segments.length;
    int width = Tiling.WIDTH;
    if (end >= 4 && segments[end - 2].endsWith(PARTIAL_SUFFIX)) {
      width = parseWidth(path, segments[end - 1]);
      segments[end - 2] =
          segments[end - 2].substring(0, segments[end - 2].length() - PARTIAL_SUFFIX.length());
      end--;
    }
    return new Parts(segments[1], parseIndex(path, segments, 2, end), width);
  }

  private static int parseWidth(String path, String segment) {
    if (!segment.matches("[1-9][0-9]{0,2}")) {
      throw new MalformedTilePathException(
          path,
          "partial width "
              + MalformedTilePathException.quote(segment)
              + " is not a number in 1..255 without leading zeros");
    }
    int width = Integer.parseInt(segment);
    if (width >= Tiling.WIDTH) {
      throw new MalformedTilePathException(
          path, "partial width " + width + " is not in 1.." + (Tiling.WIDTH - 1));
    }
    return width;
  }

  private static long parseIndex(String path, String[] segments, int from, int to) {
    int groups = to - from;
    if (groups > MAX_GROUPS) {
      throw new MalformedTilePathException(
          path, "index has " + groups + " groups, at most " + MAX_GROUPS + " fit in 63 bits");
    }
    long index = 0;
    for (int i = from; i < to; i++) {
      boolean last = i == to - 1;
      String group = segments[i];
      String digits;
      if (last) {
        if (!group.matches("[0-9]{3}")) {
          throw new MalformedTilePathException(
              path,
              "last index group " + MalformedTilePathException.quote(group) + " is not 3 digits");
        }
        digits = group;
      } else {
        if (!group.matches("x[0-9]{3}")) {
          throw new MalformedTilePathException(
              path,
              "index group "
                  + MalformedTilePathException.quote(group)
                  + " is not x followed by 3 digits");
        }
        if (i == from && group.equals("x000")) {
          throw new MalformedTilePathException(
              path, "index starts with x000, which the canonical form leaves out");
        }
        digits = group.substring(1);
      }
      try {
        index = Math.addExact(Math.multiplyExact(index, 1000), Integer.parseInt(digits));
      } catch (ArithmeticException e) {
        throw new MalformedTilePathException(path, "index exceeds " + Long.MAX_VALUE);
      }
    }
    return index;
  }
}
