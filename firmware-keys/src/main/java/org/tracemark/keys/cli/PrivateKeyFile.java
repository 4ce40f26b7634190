package org.tracemark.keys.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.tracemark.keys.pki.EncryptedPrivateKey;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.pki.PrivateKeyException;
import org.tracemark.keys.signing.SigningAlgorithm;

/**
 * A private key file: PEM {@code ENCRYPTED PRIVATE KEY} as {@link EncryptedPrivateKey} writes it,
 * created {@code rw-------} and never overwritten.
 *
 * <p>The file holds only the private key. Signing a COSE message also needs the public key (its
 * SHA-256 is the kid), so {@link #openKeyPair} recomputes it: for Ed25519 from the seed, for P-256
 * as d·G, encoded as the named-curve, uncompressed SubjectPublicKeyInfo that the kid is defined
 * over.
 */
final class PrivateKeyFile {

  private PrivateKeyFile() {}

  /** Encrypts {@code key} under {@code passphrase} and creates {@code file} with it. */
  static void create(Path file, PrivateKey key, Passphrase passphrase) throws CommandFailure {
    String pem;
    try {
      pem = EncryptedPrivateKey.toPem(key, passphrase.chars());
    } catch (PrivateKeyException e) {
      throw CommandFailure.failed("cannot encrypt the key for " + file + ": " + e.getMessage());
    }
    OutputFiles.createPrivate(file, pem);
  }

  /** The key in {@code file}, decrypted; {@code what} names the file in errors. */
  static PrivateKey open(Path file, Passphrase passphrase, String what) throws CommandFailure {
    String pem = InputFiles.text(file, what);
    try {
      return EncryptedPrivateKey.fromPem(pem, passphrase.chars());
    } catch (PrivateKeyException e) {
      String source =
          e.reason() == PrivateKeyException.Reason.WRONG_PASSPHRASE
              ? " (passphrase from " + passphrase.source() + ")"
              : "";
      throw CommandFailure.failed(
          "cannot open " + what + " " + file + ": " + e.getMessage() + source);
    }
  }

  /** The key in {@code file} with its public key, ready for {@code SigningKey.of}. */
  static KeyPair openKeyPair(Path file, Passphrase passphrase, String what) throws CommandFailure {
    PrivateKey key = open(file, passphrase, what);
    return new KeyPair(publicKeyOf(key, file), key);
  }

  /** The public key belonging to an Ed25519 or P-256 private key. */
  static PublicKey publicKeyOf(PrivateKey key, Path file) throws CommandFailure {
    try {
      AsymmetricKeyParameter parameters = PrivateKeyFactory.createKey(key.getEncoded());
      AsymmetricKeyParameter publicParameters;
      String jcaAlgorithm;
      if (parameters instanceof Ed25519PrivateKeyParameters ed25519) {
        publicParameters = ed25519.generatePublicKey();
        jcaAlgorithm = "Ed25519";
      } else if (parameters instanceof ECPrivateKeyParameters ec) {
        ECDomainParameters domain = ec.getParameters();
        publicParameters =
            new ECPublicKeyParameters(
                new FixedPointCombMultiplier().multiply(domain.getG(), ec.getD()).normalize(),
                domain);
        jcaAlgorithm = "EC";
      } else {
        throw CommandFailure.failed(
            file + " holds a " + key.getAlgorithm() + " key; expected Ed25519 or EC P-256");
      }
      byte[] spki =
          SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicParameters).getEncoded();
      PublicKey publicKey =
          KeyFactory.getInstance(jcaAlgorithm).generatePublic(new X509EncodedKeySpec(spki));
      if (KeyPairs.algorithmOf(publicKey).isEmpty()) {
        throw CommandFailure.failed(
            "the public key of " + file + " does not encode as Ed25519 or named-curve P-256");
      }
      return publicKey;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw CommandFailure.failed(
          "cannot compute the public key of the key in "
              + file
              + ": "
              + e.getClass().getSimpleName());
    }
  }

  /** The algorithm of a key pair this CLI made or opened. */
  static SigningAlgorithm algorithmOf(KeyPair pair) {
    return KeyPairs.algorithmOf(pair.getPublic()).orElseThrow();
  }
}
