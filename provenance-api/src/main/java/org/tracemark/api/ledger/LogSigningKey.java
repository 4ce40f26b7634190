package org.tracemark.api.ledger;

import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import javax.sql.DataSource;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The log's Ed25519 signing key: generated on first start, stored in PostgreSQL only as encrypted
 * PKCS#8 (so every sequencer of a deployment signs with the same key), decrypted with a passphrase
 * that never touches the database. {@link #toString()} never shows key material.
 */
public final class LogSigningKey {

  /** PBKDF2 iterations: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
  static final int PBKDF2_ITERATIONS = 600_000;

  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

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
          s.setBytes(3, encrypt(generated, passphrase));
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
      Ed25519PrivateKeyParameters key = decrypt(rs.getBytes(3), passphrase);
      if (!Arrays.equals(key.generatePublicKey().getEncoded(), publicKey)) {
        throw new LogKeyException(
            "the stored ledger private key does not match the stored public key; the ledger_key"
                + " row was altered");
      }
      return new LogSigningKey(origin, key);
    }
  }

  static byte[] encrypt(Ed25519PrivateKeyParameters key, char[] passphrase) throws LogKeyException {
    try {
      PrivateKeyInfo info = PrivateKeyInfoFactory.createPrivateKeyInfo(key);
      var encryptor =
          new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
              .setPRF(PKCS8Generator.PRF_HMACSHA256)
              .setIterationCount(PBKDF2_ITERATIONS)
              .setRandom(new SecureRandom())
              .setProvider(BC)
              .setPassword(passphrase)
              .build();
      return new PKCS8EncryptedPrivateKeyInfoBuilder(info).build(encryptor).getEncoded();
    } catch (IOException | OperatorCreationException e) {
      throw new LogKeyException("could not encrypt the ledger key: " + e.getMessage(), e);
    }
  }

  static Ed25519PrivateKeyParameters decrypt(byte[] encrypted, char[] passphrase)
      throws LogKeyException {
    try {
      PrivateKeyInfo info =
          new PKCS8EncryptedPrivateKeyInfo(encrypted)
              .decryptPrivateKeyInfo(
                  new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
      if (!(PrivateKeyFactory.createKey(info) instanceof Ed25519PrivateKeyParameters key)) {
        throw new LogKeyException("the stored ledger key is not an Ed25519 key");
      }
      return key;
    } catch (PKCSException e) {
      throw new LogKeyException(
          "the ledger key could not be decrypted: wrong passphrase"
              + " (TRACEMARK_LEDGER_KEY_PASSPHRASE or the passphrase file)?",
          e);
    } catch (IOException | OperatorCreationException | RuntimeException e) {
      throw new LogKeyException("the stored ledger key is unreadable: " + e.getMessage(), e);
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
