package org.tracemark.ingest.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The platform's own login to the embedded broker: user name {@value #USERNAME} and a password
 * drawn at each start, known only to this JVM. The ingest subscriber and the firmware publisher use
 * it; devices never do.
 *
 * <p>Internal clients must use a client id starting with {@value #CLIENT_ID_PREFIX}. The colon
 * cannot occur in a device id, so no device can take over an internal session (and with it the
 * shared readings subscription and its queue) by connecting with the same client id.
 *
 * <p>{@link #toString()} never shows the password.
 */
public final class InternalCredentials {

  public static final String USERNAME = "tracemark-internal";
  public static final String CLIENT_ID_PREFIX = "tracemark-internal:";

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  // 32 characters of a 62-letter alphabet: about 190 bits.
  private static final int LENGTH = 32;

  private final char[] password;

  private InternalCredentials(char[] password) {
    this.password = password;
  }

  static InternalCredentials generate() {
    SecureRandom random = new SecureRandom();
    char[] password = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new InternalCredentials(password);
  }

  public String username() {
    return USERNAME;
  }

  /** A copy of the password (Paho takes a {@code char[]}); clear it after use. */
  public char[] password() {
    return password.clone();
  }

  /**
   * An internal client id, e.g. {@code clientId("ingest-1")} → {@code tracemark-internal:ingest-1}.
   */
  public static String clientId(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("internal client name must not be empty");
    }
    return CLIENT_ID_PREFIX + name;
  }

  /** Whether {@code candidate} is the password; in constant time. */
  boolean matches(byte[] candidate) {
    byte[] expected = new String(password).getBytes(StandardCharsets.UTF_8);
    try {
      return candidate != null && MessageDigest.isEqual(expected, candidate);
    } finally {
      Arrays.fill(expected, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "InternalCredentials[username=" + USERNAME + ", password=<hidden>]";
  }
}
