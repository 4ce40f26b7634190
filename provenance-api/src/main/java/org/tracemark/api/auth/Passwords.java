package org.tracemark.api.auth;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Password hashing for the built-in issuer: bcrypt ({@code $2y$}, Bouncy Castle's OpenBSD
 * implementation) at cost {@value #COST}, about a quarter of a second per check on our 2-core
 * machines — slow for a guesser, and sign-ins are rate-limited as well. Passwords must be at least
 * {@value #MIN_LENGTH} characters; bcrypt reads at most 72 bytes of one.
 */
public final class Passwords {

  public static final int COST = 12;
  public static final int MIN_LENGTH = 12;
  public static final int MAX_LENGTH = 72;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Checked against when the user does not exist, so that both cases take the same time. */
  private static final String DECOY = hash("decoy-password-never-matches".toCharArray());

  private Passwords() {}

  /** A new bcrypt hash of {@code password} with a random salt. */
  public static String hash(char[] password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2y", password, salt, COST);
  }

  /** Whether {@code password} matches {@code hash}; a null hash spends the same time and fails. */
  public static boolean matches(char[] password, String hash) {
    if (hash == null) {
      OpenBSDBCrypt.checkPassword(DECOY, password);
      return false;
    }
    try {
      return OpenBSDBCrypt.checkPassword(hash, password);
    } catch (IllegalArgumentException e) {
      return false; // not a bcrypt hash: never a match
    }
  }

  /** Why {@code password} is not acceptable as a new password, or null if it is. */
  public static String weakness(String password) {
    if (password == null || password.length() < MIN_LENGTH) {
      return "a password has at least " + MIN_LENGTH + " characters";
    }
    if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LENGTH) {
      return "a password has at most " + MAX_LENGTH + " bytes (bcrypt reads no more)";
    }
    return null;
  }
}
