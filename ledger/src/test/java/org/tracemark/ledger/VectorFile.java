package org.tracemark.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads a line-oriented vector file from {@code src/test/resources/vectors/}. */
public final class VectorFile {

  private VectorFile() {}

  /** The file's lines, without blank lines and {@code #} comment lines. */
  public static List<String> lines(String name) {
    try (InputStream in = VectorFile.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no vector file " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file's exact bytes, for vectors whose every byte counts (signed notes, requests). */
  public static byte[] bytes(String name) {
    try (InputStream in = VectorFile.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no vector file " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file's exact content as UTF-8 text. */
  public static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  /** The file's lines split on whitespace. */
  public static List<String[]> records(String name) {
    return lines(name).stream().map(line -> line.split("\\s+")).toList();
  }
}
