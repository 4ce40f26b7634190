package org.tracemark.keys.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.tracemark.keys.signing.SigningAlgorithm;

/**
 * Key pairs for every level of the device PKI (root, intermediate, device), and recognition of the
 * two key types it accepts: Ed25519 (the default) and EC P-256.
 */
public final class KeyPairs {

  /** RFC 8410 id-Ed25519; defined here because Bouncy Castle only exports it from bcutil. */
  static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

  private static final int ED25519_KEY_LENGTH = 32;
  // SEC 1 uncompressed point: 0x04 ‖ x ‖ y, 32 bytes each for P-256.
  private static final int P256_UNCOMPRESSED_LENGTH = 65;

  private KeyPairs() {}

  /** A fresh key pair from Bouncy Castle and its default {@link SecureRandom}. */
  public static KeyPair generate(SigningAlgorithm algorithm) {
    if (algorithm == null) {
      throw new IllegalArgumentException("signing algorithm must not be null");
    }
    try {
      KeyPairGenerator generator =
          switch (algorithm) {
            case ED25519 -> KeyPairGenerator.getInstance("Ed25519", BouncyCastle.PROVIDER);
            case ES256 -> {
              KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
              ec.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
              yield ec;
            }
          };
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      // Both algorithms are built into every Bouncy Castle release this module can depend on.
      throw new IllegalStateException("Bouncy Castle cannot generate " + algorithm + " keys", e);
    }
  }

  /**
   * The signing algorithm for {@code key}, or empty if this PKI does not accept it. Decided on the
   * key's SubjectPublicKeyInfo, not on {@link PublicKey#getAlgorithm()}, whose names differ between
   * providers ({@code Ed25519}, {@code EdDSA}, {@code EC}, {@code ECDSA}).
   */
  public static Optional<SigningAlgorithm> algorithmOf(PublicKey key) {
    if (key == null || !"X.509".equals(key.getFormat()) || key.getEncoded() == null) {
      return Optional.empty();
    }
    try {
      return algorithmOf(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Accepts exactly the two encodings whose SHA-256 is a key's {@link
   * org.tracemark.keys.signing.KeyId}: Ed25519 without parameters (RFC 8410), and P-256 as a named
   * curve with an uncompressed point. A compressed point or explicit curve parameters would give
   * the same key a second kid, so they are refused rather than normalised.
   */
  static Optional<SigningAlgorithm> algorithmOf(SubjectPublicKeyInfo spki) {
    AlgorithmIdentifier algorithm = spki.getAlgorithm();
    ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
    ASN1Encodable parameters = algorithm.getParameters();
    if (spki.getPublicKeyData().getPadBits() != 0) {
      return Optional.empty();
    }
    int keyLength = spki.getPublicKeyData().getOctets().length;
    if (ID_ED25519.equals(oid) && parameters == null && keyLength == ED25519_KEY_LENGTH) {
      return Optional.of(SigningAlgorithm.ED25519);
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)
        && X9ObjectIdentifiers.prime256v1.equals(parameters)
        && keyLength == P256_UNCOMPRESSED_LENGTH
        && spki.getPublicKeyData().getOctets()[0] == 0x04) {
      return Optional.of(SigningAlgorithm.ES256);
    }
    return Optional.empty();
  }

  /** A key type for error messages, e.g. {@code RSA} or {@code EC secp384r1}. */
  static String describe(SubjectPublicKeyInfo spki) {
    AlgorithmIdentifier algorithm = spki.getAlgorithm();
    String name = new DefaultAlgorithmNameFinder().getAlgorithmName(algorithm.getAlgorithm());
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())) {
      ASN1Encodable parameters = algorithm.getParameters();
      String curve =
          parameters instanceof ASN1ObjectIdentifier curveOid
              ? Optional.ofNullable(ECNamedCurveTable.getName(curveOid)).orElse(curveOid.getId())
              : "with explicit curve parameters";
      return "EC " + curve + " (" + spki.getPublicKeyData().getOctets().length + "-byte point)";
    }
    return name;
  }

  /** The JCA signature algorithm a key of this type signs certificates and CSRs with. */
  static String signatureAlgorithm(SigningAlgorithm algorithm) {
    return switch (algorithm) {
      case ED25519 -> "Ed25519";
      case ES256 -> "SHA256withECDSA";
    };
  }
}
