package org.tracemark.api.ledger;

import java.io.IOException;
import java.security.SecureRandom;
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
 * Ed25519 private keys at rest: encrypted PKCS#8 (AES-256-CBC, PBKDF2-HMAC-SHA256), the one format
 * both the log key and the witness key are stored in.
 */
public final class EncryptedKey {

  /** PBKDF2 iterations: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
  static final int PBKDF2_ITERATIONS = 600_000;

  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private EncryptedKey() {}

  public static byte[] encrypt(Ed25519PrivateKeyParameters key, char[] passphrase)
      throws LogKeyException {
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
      throw new LogKeyException("could not encrypt the key: " + e.getMessage(), e);
    }
  }

  public static Ed25519PrivateKeyParameters decrypt(byte[] encrypted, char[] passphrase)
      throws LogKeyException {
    try {
      PrivateKeyInfo info =
          new PKCS8EncryptedPrivateKeyInfo(encrypted)
              .decryptPrivateKeyInfo(
                  new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
      if (!(PrivateKeyFactory.createKey(info) instanceof Ed25519PrivateKeyParameters key)) {
        throw new LogKeyException("the stored key is not an Ed25519 key");
      }
      return key;
    } catch (PKCSException e) {
      throw new LogKeyException("the key could not be decrypted: wrong passphrase?", e);
    } catch (IOException | OperatorCreationException | RuntimeException e) {
      throw new LogKeyException("the stored key is unreadable: " + e.getMessage(), e);
    }
  }
}
