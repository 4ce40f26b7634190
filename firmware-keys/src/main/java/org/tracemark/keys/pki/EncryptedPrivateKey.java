package org.tracemark.keys.pki;

import java.io.IOException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.tracemark.keys.pki.PrivateKeyException.Reason;
import org.tracemark.keys.signing.SigningAlgorithm;

/**
 * Private keys at rest, for CA keys and for a device's own key: PEM {@code ENCRYPTED PRIVATE KEY}
 * (PKCS#8 EncryptedPrivateKeyInfo, PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC), the format
 * {@code provenance-api} already stores the log key in and that {@code openssl pkey} reads.
 *
 * <p>Only Ed25519 and EC P-256 keys are accepted, both ways. Nothing here logs, prints or puts key
 * bytes or the passphrase into an exception; the caller owns the passphrase array and should clear
 * it when done.
 */
public final class EncryptedPrivateKey {

  /** PBKDF2 iterations: OWASP's 2023 figure for PBKDF2-HMAC-SHA256, as in provenance-api. */
  public static final int PBKDF2_ITERATIONS = 600_000;

  // Labels of unencrypted private key PEM blocks (PKCS#8, and OpenSSL's traditional formats).
  private static final Set<String> PLAIN_KEY_LABELS =
      Set.of("PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "RSA PRIVATE KEY");

  private EncryptedPrivateKey() {}

  /**
   * {@code key} encrypted under {@code passphrase}, as PEM. Each call draws a fresh salt and IV, so
   * the same key and passphrase give different text every time.
   */
  public static String toPem(PrivateKey key, char[] passphrase) throws PrivateKeyException {
    if (key == null) {
      throw new IllegalArgumentException("private key must not be null");
    }
    if (passphrase == null || passphrase.length == 0) {
      throw new PrivateKeyException(Reason.EMPTY_PASSPHRASE, "a passphrase is required");
    }
    byte[] encoded = "PKCS#8".equals(key.getFormat()) ? key.getEncoded() : null;
    if (encoded == null) {
      throw new PrivateKeyException(
          Reason.UNSUPPORTED_KEY,
          key.getAlgorithm()
              + " private key cannot be exported as PKCS#8 (format "
              + key.getFormat()
              + ")");
    }
    PrivateKeyInfo info;
    try {
      info = PrivateKeyInfo.getInstance(encoded);
    } catch (RuntimeException e) {
      throw new PrivateKeyException(
          Reason.UNSUPPORTED_KEY, key.getAlgorithm() + " private key has no readable PKCS#8 form");
    }
    requireSupported(info);
    try {
      // Version 1 PKCS#8 (RFC 5208) without the optional public key or attributes: Bouncy
      // Castle's Ed25519 keys carry the public key (RFC 5958 v2), which OpenSSL 3.0 refuses to
      // read.
      info = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey());
      OutputEncryptor encryptor =
          new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
              .setPRF(PKCS8Generator.PRF_HMACSHA256)
              .setIterationCount(PBKDF2_ITERATIONS)
              .setRandom(new SecureRandom())
              .setProvider(BouncyCastle.PROVIDER)
              .setPassword(passphrase)
              .build();
      byte[] der = new PKCS8EncryptedPrivateKeyInfoBuilder(info).build(encryptor).getEncoded();
      return Pem.encode(Pem.Label.ENCRYPTED_PRIVATE_KEY, der);
    } catch (IOException | OperatorCreationException e) {
      // AES-256-CBC and PBKDF2-HMAC-SHA256 are in every Bouncy Castle; this is not bad input.
      throw new IllegalStateException(
          "Bouncy Castle could not encrypt a private key: " + e.getClass().getSimpleName());
    }
  }

  /** The key in {@code pem}, decrypted with {@code passphrase}. */
  public static PrivateKey fromPem(String pem, char[] passphrase) throws PrivateKeyException {
    if (passphrase == null) {
      throw new IllegalArgumentException("passphrase must not be null");
    }
    byte[] der;
    try {
      der = Pem.decode(Pem.Label.ENCRYPTED_PRIVATE_KEY, pem);
    } catch (PemException e) {
      Optional<String> label = pem == null ? Optional.empty() : Pem.firstLabel(pem);
      if (e.reason() == PemException.Reason.WRONG_TYPE
          && label.filter(PLAIN_KEY_LABELS::contains).isPresent()) {
        throw new PrivateKeyException(
            Reason.NOT_ENCRYPTED,
            "found an unencrypted "
                + label.get()
                + " block; store keys encrypted (ENCRYPTED"
                + " PRIVATE KEY)");
      }
      throw new PrivateKeyException(Reason.MALFORMED, e.getMessage());
    }
    PKCS8EncryptedPrivateKeyInfo encrypted;
    try {
      encrypted = new PKCS8EncryptedPrivateKeyInfo(der);
    } catch (IOException | RuntimeException e) {
      throw new PrivateKeyException(
          Reason.MALFORMED,
          "the block is not a PKCS#8 EncryptedPrivateKeyInfo (" + der.length + " bytes)");
    }
    PrivateKeyInfo info;
    try {
      info =
          encrypted.decryptPrivateKeyInfo(
              new JceOpenSSLPKCS8DecryptorProviderBuilder()
                  .setProvider(BouncyCastle.PROVIDER)
                  .build(passphrase));
    } catch (Exception e) {
      // Everything after the structure parsed is the passphrase's fault or the ciphertext's:
      // a wrong key usually breaks the CBC padding, but 1 in 256 times the padding survives and
      // the garbage fails to parse as PrivateKeyInfo instead. Both must read the same.
      throw new PrivateKeyException(
          Reason.WRONG_PASSPHRASE,
          "the passphrase does not decrypt the key ("
              + encrypted.getEncryptionAlgorithm().getAlgorithm()
              + "), or the file is corrupt");
    }
    SigningAlgorithm algorithm = requireSupported(info);
    try {
      String jcaName = algorithm == SigningAlgorithm.ED25519 ? "Ed25519" : "EC";
      return KeyFactory.getInstance(jcaName, BouncyCastle.PROVIDER)
          .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (Exception e) {
      throw new PrivateKeyException(
          Reason.MALFORMED,
          "the decrypted "
              + algorithm
              + " key is not a valid key ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private static SigningAlgorithm requireSupported(PrivateKeyInfo info) throws PrivateKeyException {
    ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    ASN1Encodable parameters = info.getPrivateKeyAlgorithm().getParameters();
    if (KeyPairs.ID_ED25519.equals(oid)) {
      return SigningAlgorithm.ED25519;
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)
        && X9ObjectIdentifiers.prime256v1.equals(parameters)) {
      return SigningAlgorithm.ES256;
    }
    throw new PrivateKeyException(
        Reason.UNSUPPORTED_KEY,
        "key algorithm "
            + oid.getId()
            + (parameters == null ? "" : " with parameters " + parameters)
            + " is not Ed25519 or EC P-256");
  }
}
