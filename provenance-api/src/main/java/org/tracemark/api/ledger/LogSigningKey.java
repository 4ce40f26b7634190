package org.tracemark.api.ledger;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import javax.sql.DataSource;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * The log's Ed25519 signing key: generated on first start, stored in PostgreSQL only as encrypted
 * PKCS#8 (so every sequencer of a deployment signs with the same key), decrypted with a passphrase
 * that never touches the database. {@link #toString()} never shows key material.
 */
public final class LogSigningKey {

  private final String origin;
  private final Ed25519PrivateKeyParameters privateKey;

  private LogSigningKey(String origin, Ed25519PrivateKeyParameters privateKey) {
    this.origin = origin;
    this.privateKey = privateKey;
  }

  /**
   * Loads the deployment's key, or generates and stores one if there is none. When two processes
   * start at once, one insert wins and both use its key.
   *
   * @throws LogKeyException the stored key cannot be decrypted with this passphrase, or its origin
   *     differs from the configured one
   */
  public static LogSigningKey loadOrCreate(
      DataSource dataSource, String schema, String origin, char[] passphrase)
      throws LogKeyException {
    if (schema == null || !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a plain schema name: " + schema);
    }
    String table = schema + ".ledger_key";
    try (Connection c = dataSource.getConnection()) {
      LogSigningKey existing = load(c, table, passphrase);
      if (existing == null) {
        Ed25519PrivateKeyParameters generated = new Ed25519PrivateKeyParameters(new SecureRandom());
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (id, origin, public_key, encrypted_private_key)"
                    + " VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
          s.setString(1, origin);
          s.setBytes(2, generated.generatePublicKey().getEncoded());
          s.setBytes(3, EncryptedKey.encrypt(generated, passphrase));
          s.executeUpdate();
        }
        existing = load(c, table, passphrase);
      }
      if (!existing.origin.equals(origin)) {
        throw new LogKeyException(
            "the ledger key in the database belongs to origin '"
                + existing.origin
                + "', but tracemark.ledger.origin is '"
                + origin
                + "'; a log's origin never changes");
      }
      return existing;
    } catch (SQLException e) {
      throw new LogKeyException("could not read or store the ledger key: " + e.getMessage(), e);
    }
  }

  private static LogSigningKey load(Connection c, String table, char[] passphrase)
      throws SQLException, LogKeyException {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT origin, public_key, encrypted_private_key FROM "
                    + table
                    + " WHERE id = 1");
        ResultSet rs = s.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      String origin = rs.getString(1);
      byte[] publicKey = rs.getBytes(2);
      Ed25519PrivateKeyParameters key = EncryptedKey.decrypt(rs.getBytes(3), passphrase);
      if (!Arrays.equals(key.generatePublicKey().getEncoded(), publicKey)) {
        throw new LogKeyException(
            "the stored ledger private key does not match the stored public key; the ledger_key"
                + " row was altered");
      }
      return new LogSigningKey(origin, key);
    }
  }

  public String origin() {
    return origin;
  }

  /** The 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return privateKey.generatePublicKey().getEncoded();
  }

  /** The private key, for tests of this package only. */
  Ed25519PrivateKeyParameters privateKey() {
    return privateKey;
  }

  /** The 32-byte Ed25519 seed, for building the note signer; never log or store it. */
  byte[] seed() {
    return privateKey.getEncoded();
  }

  @Override
  public String toString() {
    return "LogSigningKey[origin=" + origin + ", private key hidden]";
  }
}
