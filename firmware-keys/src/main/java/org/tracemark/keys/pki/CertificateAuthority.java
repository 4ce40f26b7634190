package org.tracemark.keys.pki;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.tracemark.keys.pki.IssuanceException.Reason;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SigningAlgorithm;

/**
 * A CA of the device PKI: its certificate and the private key that signs as it. The root is created
 * here ({@link #createRoot}) and kept offline; it signs only intermediates ({@link
 * #issueIntermediate}), which in turn sign device certificates ({@link DeviceEnrolment}) and CRLs
 * ({@link RevocationList}).
 *
 * <p>Pair an intermediate certificate with its key with {@code new CertificateAuthority(cert,
 * key)}. The constructor only rejects nulls; whether the certificate may act as a CA, and whether
 * the key belongs to it, is checked on every issuance, with a typed {@link IssuanceException}.
 *
 * <p>The signature algorithm follows the CA's key: {@code Ed25519} or {@code SHA256withECDSA}.
 * {@link #toString()} never prints the key.
 */
public record CertificateAuthority(X509Certificate certificate, PrivateKey signingKey) {

  /** The root may have one CA below it: the intermediate, which may have none. */
  static final int ROOT_PATH_LENGTH = 1;

  // Indexes into X509Certificate.getKeyUsage(), in RFC 5280 §4.2.1.3 bit order.
  static final int DIGITAL_SIGNATURE = 0;
  static final int KEY_CERT_SIGN = 5;
  static final int CRL_SIGN = 6;

  public CertificateAuthority {
    if (certificate == null || signingKey == null) {
      throw new IllegalArgumentException("a CA needs both its certificate and its signing key");
    }
  }

  /**
   * A self-signed root: {@code CN={commonName}}, basicConstraints CA with pathLen 1 (critical),
   * keyUsage keyCertSign and cRLSign (critical), subjectKeyIdentifier.
   */
  public static CertificateAuthority createRoot(
      String commonName, KeyPair keyPair, Instant notBefore, Instant notAfter)
      throws IssuanceException {
    if (keyPair == null || keyPair.getPublic() == null || keyPair.getPrivate() == null) {
      throw new IllegalArgumentException("the root needs a complete key pair");
    }
    X500Name name = X509Names.ofCommonName(commonName);
    ValidityWindow window = ValidityWindow.of("notBefore", notBefore, "notAfter", notAfter);
    SubjectPublicKeyInfo spki = subjectPublicKeyInfo(keyPair.getPublic(), "root");
    SigningAlgorithm algorithm = KeyPairs.algorithmOf(spki).orElseThrow();
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            name, SerialNumbers.random(), window.startDate(), window.endDate(), name, spki);
    addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(ROOT_PATH_LENGTH));
    addExtension(
        builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    addExtension(
        builder,
        Extension.subjectKeyIdentifier,
        false,
        new BcX509ExtensionUtils().createSubjectKeyIdentifier(spki));
    X509CertificateHolder signed =
        sign(builder, spki, algorithm, keyPair.getPrivate(), name.toString());
    return new CertificateAuthority(toCertificate(signed), keyPair.getPrivate());
  }

  /**
   * An intermediate CA certificate for {@code publicKey}, signed by this CA: {@code
   * CN={commonName}}, basicConstraints CA with pathLen 0 (critical), keyUsage keyCertSign and
   * cRLSign (critical), subject and authority key identifiers. The validity must lie within this
   * CA's own.
   */
  public X509Certificate issueIntermediate(
      String commonName, PublicKey publicKey, Instant notBefore, Instant notAfter)
      throws IssuanceException {
    if (publicKey == null) {
      throw new IllegalArgumentException("public key must not be null");
    }
    requireCertificateSigner();
    int pathLength = certificate.getBasicConstraints();
    if (pathLength < 1) {
      throw new IssuanceException(
          Reason.PATH_LENGTH_EXCEEDED,
          subject()
              + " has pathLenConstraint "
              + pathLength
              + " and may not issue CA certificates; intermediates are issued by the root");
    }
    X500Name name = X509Names.ofCommonName(commonName);
    ValidityWindow window = ValidityWindow.of("notBefore", notBefore, "notAfter", notAfter);
    window.requireWithin(certificate);
    SubjectPublicKeyInfo spki = subjectPublicKeyInfo(publicKey, "intermediate");
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            name(), SerialNumbers.random(), window.startDate(), window.endDate(), name, spki);
    addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(0));
    addExtension(
        builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    addExtension(
        builder,
        Extension.subjectKeyIdentifier,
        false,
        new BcX509ExtensionUtils().createSubjectKeyIdentifier(spki));
    addExtension(builder, Extension.authorityKeyIdentifier, false, authorityKeyIdentifier());
    return sign(builder);
  }

  /** Says whose CA this is, never anything about the key beyond its type. */
  @Override
  public String toString() {
    return "CertificateAuthority[subject="
        + subject()
        + ", serial="
        + certificate.getSerialNumber().toString(16)
        + ", notAfter="
        + certificate.getNotAfter().toInstant()
        + ", signingKey=<"
        + signingKey.getAlgorithm()
        + " private key, not shown>]";
  }

  // ---- shared with DeviceEnrolment and RevocationList
  // --------------------------------------------

  String subject() {
    return certificate.getSubjectX500Principal().getName();
  }

  /** The subject exactly as encoded in the certificate, so children chain to it byte for byte. */
  X500Name name() {
    return holder().getSubject();
  }

  boolean isSelfIssued() {
    return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
  }

  /** Refuses unless the certificate is a CA (basicConstraints) allowed keyCertSign. */
  void requireCertificateSigner() throws IssuanceException {
    requireCa(KEY_CERT_SIGN, "keyCertSign");
  }

  /** Refuses unless the certificate is a CA allowed cRLSign. */
  void requireCrlSigner() throws IssuanceException {
    requireCa(CRL_SIGN, "cRLSign");
  }

  private void requireCa(int keyUsageBit, String keyUsageName) throws IssuanceException {
    if (certificate.getBasicConstraints() < 0) {
      throw new IssuanceException(
          Reason.ISSUER_NOT_A_CA,
          subject() + " is not a CA certificate (basicConstraints cA is false or absent)");
    }
    boolean[] usage = certificate.getKeyUsage();
    // keyUsage is required in CA certificates (RFC 5280 §4.2.1.3); absent means not allowed here.
    if (usage == null || usage.length <= keyUsageBit || !usage[keyUsageBit]) {
      throw new IssuanceException(
          Reason.ISSUER_NOT_A_CA, subject() + " lacks the " + keyUsageName + " key usage");
    }
  }

  /** The authorityKeyIdentifier for certificates and CRLs this CA signs: its own SKI. */
  AuthorityKeyIdentifier authorityKeyIdentifier() {
    X509CertificateHolder holder = holder();
    Extension ski = holder.getExtension(Extension.subjectKeyIdentifier);
    if (ski != null) {
      return new AuthorityKeyIdentifier(
          SubjectKeyIdentifier.getInstance(ski.getParsedValue()).getKeyIdentifier());
    }
    // A CA certificate from elsewhere without an SKI: derive the key id the same way (SHA-1 of
    // the key, RFC 5280 §4.2.1.2 method 1) rather than omit the extension.
    return new BcX509ExtensionUtils()
        .createAuthorityKeyIdentifier(holder.getSubjectPublicKeyInfo());
  }

  X509Certificate sign(X509v3CertificateBuilder builder) throws IssuanceException {
    SubjectPublicKeyInfo spki = holder().getSubjectPublicKeyInfo();
    return toCertificate(sign(builder, spki, ownAlgorithm(spki), signingKey, subject()));
  }

  X509CRLHolder sign(X509v2CRLBuilder builder) throws IssuanceException {
    SubjectPublicKeyInfo spki = holder().getSubjectPublicKeyInfo();
    SigningAlgorithm algorithm = ownAlgorithm(spki);
    X509CRLHolder crl;
    try {
      crl = builder.build(signer(algorithm, signingKey, spki, subject()));
    } catch (RuntimeException e) {
      throw keyMismatch(spki, subject(), e);
    }
    try {
      if (!crl.isSignatureValid(verifier(spki))) {
        throw keyMismatch(spki, subject(), null);
      }
    } catch (CertException e) {
      throw keyMismatch(spki, subject(), e);
    }
    return crl;
  }

  private SigningAlgorithm ownAlgorithm(SubjectPublicKeyInfo spki) throws IssuanceException {
    return KeyPairs.algorithmOf(spki)
        .orElseThrow(
            () ->
                new IssuanceException(
                    Reason.UNSUPPORTED_KEY,
                    "CA "
                        + subject()
                        + " has a "
                        + KeyPairs.describe(spki)
                        + " key; CA keys must be Ed25519 or EC P-256"));
  }

  private X509CertificateHolder holder() {
    try {
      return new JcaX509CertificateHolder(certificate);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("the CA certificate cannot be DER-encoded", e);
    }
  }

  // ---- signing --------------------------------------------------------------------------------

  // Signs, then verifies the result with the issuer's public key: the cheapest way to learn that
  // a CA was paired with the wrong private key is before its certificate leaves this class.
  private static X509CertificateHolder sign(
      X509v3CertificateBuilder builder,
      SubjectPublicKeyInfo issuerKey,
      SigningAlgorithm algorithm,
      PrivateKey signingKey,
      String issuer)
      throws IssuanceException {
    X509CertificateHolder signed;
    try {
      signed = builder.build(signer(algorithm, signingKey, issuerKey, issuer));
    } catch (RuntimeException e) {
      throw keyMismatch(issuerKey, issuer, e);
    }
    try {
      if (!signed.isSignatureValid(verifier(issuerKey))) {
        throw keyMismatch(issuerKey, issuer, null);
      }
    } catch (CertException e) {
      throw keyMismatch(issuerKey, issuer, e);
    }
    return signed;
  }

  private static ContentSigner signer(
      SigningAlgorithm algorithm, PrivateKey key, SubjectPublicKeyInfo issuerKey, String issuer)
      throws IssuanceException {
    try {
      return new JcaContentSignerBuilder(KeyPairs.signatureAlgorithm(algorithm))
          .setProvider(BouncyCastle.PROVIDER)
          .build(key);
    } catch (OperatorCreationException | RuntimeException e) {
      throw keyMismatch(issuerKey, issuer, e);
    }
  }

  private static ContentVerifierProvider verifier(SubjectPublicKeyInfo key)
      throws IssuanceException {
    try {
      return new JcaContentVerifierProviderBuilder().setProvider(BouncyCastle.PROVIDER).build(key);
    } catch (OperatorCreationException e) {
      throw new IssuanceException(
          Reason.UNSUPPORTED_KEY, "the CA's public key is not usable: " + e.getMessage(), e);
    }
  }

  private static IssuanceException keyMismatch(
      SubjectPublicKeyInfo issuerKey, String issuer, Exception cause) {
    return new IssuanceException(
        Reason.ISSUER_KEY_MISMATCH,
        "the signing key of "
            + issuer
            + " does not produce signatures that verify with its certificate's "
            + KeyPairs.describe(issuerKey)
            + " key (kid "
            + kid(issuerKey)
            + ")"
            + (cause == null ? "" : ": " + cause.getClass().getSimpleName()),
        cause);
  }

  static String kid(SubjectPublicKeyInfo spki) {
    try {
      return KeyId.ofSubjectPublicKeyInfo(spki.getEncoded()).hex();
    } catch (IOException e) {
      return "unencodable";
    }
  }

  static SubjectPublicKeyInfo subjectPublicKeyInfo(PublicKey key, String role)
      throws IssuanceException {
    SubjectPublicKeyInfo spki;
    try {
      spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
    } catch (RuntimeException e) {
      throw new IssuanceException(
          Reason.UNSUPPORTED_KEY,
          "the " + role + " " + key.getAlgorithm() + " key has no SubjectPublicKeyInfo encoding");
    }
    if (KeyPairs.algorithmOf(spki).isEmpty()) {
      throw new IssuanceException(
          Reason.UNSUPPORTED_KEY,
          "the "
              + role
              + " key is "
              + KeyPairs.describe(spki)
              + "; this PKI accepts Ed25519 and EC P-256 keys only");
    }
    return spki;
  }

  static void addExtension(
      X509v3CertificateBuilder builder,
      ASN1ObjectIdentifier oid,
      boolean critical,
      ASN1Encodable value) {
    try {
      builder.addExtension(oid, critical, value);
    } catch (CertIOException e) {
      // Only thrown for values that cannot be DER-encoded; ours are built from validated parts.
      throw new IllegalStateException("cannot encode extension " + oid, e);
    }
  }

  static X509Certificate toCertificate(X509CertificateHolder holder) {
    try {
      return new JcaX509CertificateConverter()
          .setProvider(BouncyCastle.PROVIDER)
          .getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalStateException("Bouncy Castle cannot read a certificate it just built", e);
    }
  }
}
