package org.tracemark.edge.scan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.digitallink.DigitalLink;
import org.tracemark.gs1.element.ElementString;
import org.tracemark.gs1.key.Gtin;
import org.tracemark.gs1.scan.ScanData;

/**
 * Reads what a barcode scanner sends and turns it into the EPC a scan reading carries: the
 * canonical GS1 Digital Link URI of the data, on {@code https://id.gs1.org}.
 *
 * <p>Accepted input, one scan at a time:
 *
 * <ul>
 *   <li>GS1 element strings as a GS1-128, DataMatrix, QR or DataBar reader transmits them, FNC1 as
 *       ASCII GS (0x1D), with or without a symbology identifier ({@code ]C1}, {@code ]e0}, {@code
 *       ]d2}, {@code ]Q3}, {@code ]J1});
 *   <li>the bracketed form printed under a barcode, {@code (01)09520123456788(10)LOT1};
 *   <li>GS1 Digital Link URIs on any domain, bare or behind {@code ]Q1}/{@code ]d1} (a QR code or
 *       DataMatrix holding a URL);
 *   <li>an EAN-13, EAN-8, UPC-A or GTIN-14 as plain digits, as retail scanners send them ({@code
 *       ]E0}/{@code ]E4} identifiers optional) — tried only when the digits do not read as element
 *       strings with a key (a bare EAN-13 starting 95 would otherwise be AI 95, internal data).
 * </ul>
 *
 * <p>Every key's check digit, every value's syntax and the rules between AIs are checked by the gs1
 * library; a failure becomes a {@link ScanResult.Rejected} with its error code, never an exception.
 */
public final class ScanParser {

  private ScanParser() {}

  /** Parses one scan. Never throws for bad data: see {@link ScanResult.Rejected}. */
  public static ScanResult parse(String raw) {
    String scan = strip(raw);
    try {
      if (scan.startsWith("]E0") || scan.startsWith("]E4")) {
        return accept(scan, gtinOnly(scan.substring(3), scan, 4));
      }
      try {
        return accept(scan, ScanData.parse(scan));
      } catch (Gs1Exception e) {
        if (!looksLikeGtin(scan)) {
          throw e;
        }
        return accept(scan, gtinOnly(scan, scan, 1));
      }
    } catch (Gs1Exception e) {
      return ScanResult.Rejected.of(scan, e);
    }
  }

  private static ScanResult accept(String scan, ElementString data) throws Gs1Exception {
    return new ScanResult.Accepted(scan, data, DigitalLink.of(data).toUri());
  }

  /**
   * Reads scans from a stream, one per line (LF or CRLF), as UTF-8; blank lines are skipped.
   * Parsing is lazy, so this follows a live serial or TCP stream. A bad line gives a {@link
   * ScanResult.Rejected} with its number and the stream goes on. Closing the stream closes {@code
   * in}.
   *
   * @throws UncheckedIOException from the stream's terminal operation if reading fails
   */
  public static Stream<ScanLine> lines(InputStream in) {
    return lines(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** As {@link #lines(InputStream)}, from characters. */
  public static Stream<ScanLine> lines(Reader in) {
    BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
    Iterator<ScanLine> it =
        new Iterator<>() {
          private int number;
          private ScanLine next;

          @Override
          public boolean hasNext() {
            while (next == null) {
              String line;
              try {
                line = reader.readLine();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              if (line == null) {
                return false;
              }
              number++;
              if (!strip(line).isEmpty()) {
                next = new ScanLine(number, parse(line));
              }
            }
            return true;
          }

          @Override
          public ScanLine next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            ScanLine out = next;
            next = null;
            return out;
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(
            () -> {
              try {
                reader.close();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  private static ElementString gtinOnly(String digits, String raw, int offset) throws Gs1Exception {
    try {
      return ElementString.of(Gtin.parse(digits));
    } catch (Gs1Exception e) {
      throw e.within(raw, offset);
    }
  }

  private static boolean looksLikeGtin(String s) {
    int n = s.length();
    return (n == 8 || n == 12 || n == 13 || n == 14)
        && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /**
   * Drops spaces, tabs and line ends around a scan. Not {@link String#strip()}: that would also
   * remove GS (0x1D), which Java counts as whitespace and GS1 uses as a separator.
   */
  private static String strip(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && isPadding(s.charAt(a))) {
      a++;
    }
    while (b > a && isPadding(s.charAt(b - 1))) {
      b--;
    }
    return s.substring(a, b);
  }

  private static boolean isPadding(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }
}
