package org.tracemark.gs1;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the golden vector files under {@code src/test/resources/vectors/}. */
public final class Vectors {

  private Vectors() {}

  /**
   * The rows of a vector file: lines split on TAB, {@code #} comments and blank lines skipped,
   * {@code {GS}} replaced by U+001D.
   */
  public static List<String[]> rows(String name) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no vector file " + name);
      }
      List<String[]> rows = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] fields = line.replace("{GS}", "\u001D").split("\t", -1);
        rows.add(fields);
      }
      if (rows.isEmpty()) {
        throw new IllegalStateException("vector file " + name + " has no rows");
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
