package org.tracemark.ledger.tile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tlog-tiles entry bundle format: entries in log order, each preceded by its length as a
 * big-endian uint16.
 *
 * <p>A bundle holds 1..256 entries, each 0..65,535 bytes. The codec is the whole format: there is
 * no header, no count and no padding, so decoding must be exact (every byte consumed by some entry)
 * for the entries to line up with the leaf hashes of the matching level-0 tile.
 */
public final class EntryBundle {

  /** The largest entry a uint16 length prefix can describe. */
  public static final int MAX_ENTRY_LENGTH = 0xFFFF;

  /** The most entries a bundle holds: one per leaf hash of a full level-0 tile. */
  public static final int MAX_ENTRIES = Tiling.WIDTH;

  private static final int PREFIX_LENGTH = 2;

  private EntryBundle() {}

  /**
   * Encodes 1..256 entries.
   *
   * @throws EntryTooLargeException naming the first entry over 65,535 bytes
   * @throws IllegalArgumentException for no entries or more than 256
   */
  public static byte[] encode(List<byte[]> entries) {
    if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "a bundle holds 1.." + MAX_ENTRIES + " entries, got " + entries.size());
    }
    int total = 0;
    for (int i = 0; i < entries.size(); i++) {
      int length = entries.get(i).length;
      if (length > MAX_ENTRY_LENGTH) {
        throw new EntryTooLargeException(i, length);
      }
      total += PREFIX_LENGTH + length;
    }
    byte[] bundle = new byte[total];
    int offset = 0;
    for (byte[] entry : entries) {
      bundle[offset] = (byte) (entry.length >>> 8);
      bundle[offset + 1] = (byte) entry.length;
      System.arraycopy(entry, 0, bundle, offset + PREFIX_LENGTH, entry.length);
      offset += PREFIX_LENGTH + entry.length;
    }
    return bundle;
  }

  /**
   * Decodes a bundle into its entries (fresh arrays, in order).
   *
   * @throws MalformedBundleException if the bundle is empty, truncated, or has over 256 entries
   */
  public static List<byte[]> decode(byte[] bundle) throws MalformedBundleException {
    if (bundle.length == 0) {
      throw new MalformedBundleException(
          MalformedBundleException.Problem.EMPTY, 0, 0, "a bundle has at least one entry");
    }
    List<byte[]> entries = new ArrayList<>();
    int offset = 0;
    while (offset < bundle.length) {
      int entry = entries.size();
      if (entry == MAX_ENTRIES) {
        throw new MalformedBundleException(
            MalformedBundleException.Problem.TOO_MANY_ENTRIES,
            entry,
            offset,
            (bundle.length - offset) + " bytes left after " + MAX_ENTRIES + " entries");
      }
      if (bundle.length - offset < PREFIX_LENGTH) {
        throw new MalformedBundleException(
            MalformedBundleException.Problem.TRUNCATED_LENGTH,
            entry,
            offset,
            "1 byte left, a length prefix is 2");
      }
      int length = ((bundle[offset] & 0xFF) << 8) | (bundle[offset + 1] & 0xFF);
      int start = offset + PREFIX_LENGTH;
      if (bundle.length - start < length) {
        throw new MalformedBundleException(
            MalformedBundleException.Problem.TRUNCATED_ENTRY,
            entry,
            offset,
            "length prefix says " + length + " bytes, " + (bundle.length - start) + " left");
      }
      entries.add(Arrays.copyOfRange(bundle, start, start + length));
      offset = start + length;
    }
    return entries;
  }

  /**
   * Decodes a bundle that must hold exactly {@code expected} entries, e.g. the width of the {@link
   * BundleIndex} it was fetched as.
   *
   * @throws MalformedBundleException if malformed or holding a different number of entries
   */
  public static List<byte[]> decode(byte[] bundle, int expected) throws MalformedBundleException {
    List<byte[]> entries = decode(bundle);
    if (entries.size() != expected) {
      throw new MalformedBundleException(
          MalformedBundleException.Problem.WRONG_COUNT,
          entries.size(),
          bundle.length,
          "expected " + expected + " entries, got " + entries.size());
    }
    return entries;
  }
}
