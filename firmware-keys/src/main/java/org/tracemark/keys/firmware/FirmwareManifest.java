package org.tracemark.keys.firmware;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What a signed firmware manifest v1 says (docs/contracts/firmware-manifest-v1.md): which device
 * class the image is for, its version and anti-rollback sequence number, the image's SHA-256 and
 * size, and where to fetch it.
 */
public record FirmwareManifest(
    String deviceClass, String version, long seq, byte[] digest, long size, String uri) {

  public static final int FORMAT_VERSION = 1;
  private static final Pattern CLASS = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public FirmwareManifest {
    if (deviceClass == null || !CLASS.matcher(deviceClass).matches()) {
      throw new IllegalArgumentException(
          "device class must be 1-64 characters of [A-Za-z0-9._-]: " + deviceClass);
    }
    if (version == null || version.isEmpty() || version.length() > 64) {
      throw new IllegalArgumentException("version must be 1-64 characters");
    }
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0, got " + seq);
    }
    if (digest == null || digest.length != 32) {
      throw new IllegalArgumentException("digest must be a 32-byte SHA-256");
    }
    digest = digest.clone();
    if (size < 1 || size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("size must be 1 to 2^31-1 bytes, got " + size);
    }
    if (uri == null || uri.isEmpty() || uri.length() > 2048) {
      throw new IllegalArgumentException("uri must be 1-2048 characters");
    }
  }

  @Override
  public byte[] digest() {
    return digest.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FirmwareManifest m
        && deviceClass.equals(m.deviceClass)
        && version.equals(m.version)
        && seq == m.seq
        && Arrays.equals(digest, m.digest)
        && size == m.size
        && uri.equals(m.uri);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest) ^ Long.hashCode(seq);
  }

  @Override
  public String toString() {
    return deviceClass
        + " "
        + version
        + " (seq "
        + seq
        + ", "
        + size
        + " bytes, sha256 "
        + HexFormat.of().formatHex(digest)
        + ") at "
        + uri;
  }
}
