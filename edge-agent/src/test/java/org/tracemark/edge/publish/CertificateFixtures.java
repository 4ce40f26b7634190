package org.tracemark.edge.publish;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.tracemark.keys.pki.EncryptedPrivateKey;
import org.tracemark.keys.pki.Pem;

/**
 * Test PKI built with Bouncy Castle: a CA, a broker certificate for 127.0.0.1 and localhost, and
 * client certificates (valid, expired, from another CA), with P-256 keys by default (what every
 * OpenSSL build and the JDK's TLS accept) and Ed25519 on request.
 */
final class CertificateFixtures {

  static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A certificate with its key pair. */
  record Issued(X509Certificate certificate, KeyPair keys) {
    PrivateKey privateKey() {
      return keys.getPrivate();
    }
  }

  private CertificateFixtures() {}

  static KeyPair p256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static Issued ca(String commonName) {
    KeyPair keys = p256();
    X500Name name = new X500Name("CN=" + commonName);
    Instant now = Instant.now();
    return new Issued(
        build(
            name,
            keys,
            name,
            keys,
            now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(30)),
            builder -> {
              builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
              builder.addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }),
        keys);
  }

  /** A broker certificate with the given subjectAltNames (IP addresses and DNS names). */
  static Issued server(Issued ca, String commonName, GeneralName... altNames) {
    KeyPair keys = p256();
    Instant now = Instant.now();
    return new Issued(
        build(
            new X500Name("CN=" + commonName),
            keys,
            issuerName(ca),
            ca.keys(),
            now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(30)),
            builder -> {
              builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
              builder.addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
              builder.addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
              builder.addExtension(
                  Extension.subjectAlternativeName, false, new GeneralNames(altNames));
            }),
        keys);
  }

  /** The usual broker certificate: SAN IP 127.0.0.1 and DNS localhost. */
  static Issued loopbackServer(Issued ca) {
    return server(
        ca,
        "broker",
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        new GeneralName(GeneralName.dNSName, "localhost"));
  }

  static Issued client(
      Issued ca, String commonName, KeyPair keys, Instant notBefore, Instant notAfter) {
    return new Issued(
        build(
            new X500Name("CN=" + commonName),
            keys,
            issuerName(ca),
            ca.keys(),
            notBefore,
            notAfter,
            builder -> {
              builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
              builder.addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
              builder.addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }),
        keys);
  }

  static Issued client(Issued ca, String commonName) {
    Instant now = Instant.now();
    return client(
        ca, commonName, p256(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
  }

  static Issued expiredClient(Issued ca, String commonName) {
    Instant now = Instant.now();
    return client(
        ca, commonName, p256(), now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
  }

  static Path writeCertificates(Path file, X509Certificate... chain) throws IOException {
    StringBuilder text = new StringBuilder();
    for (X509Certificate certificate : chain) {
      text.append(Pem.certificate(certificate));
    }
    return Files.writeString(file, text, StandardCharsets.US_ASCII);
  }

  /** Unencrypted PKCS#8 {@code PRIVATE KEY}, as mosquitto's keyfile wants it. */
  static Path writePlainKey(Path file, PrivateKey key) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
    }
    return Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
  }

  /** {@code ENCRYPTED PRIVATE KEY} under {@link #PASSPHRASE}, as the device stores its key. */
  static Path writeEncryptedKey(Path file, PrivateKey key) throws Exception {
    return Files.writeString(
        file, EncryptedPrivateKey.toPem(key, PASSPHRASE), StandardCharsets.US_ASCII);
  }

  /** Writes {@code name}.pem and {@code name}.key (encrypted) and returns the identity. */
  static ClientIdentity identity(Path dir, String name, Issued issued, X509Certificate... chain)
      throws Exception {
    X509Certificate[] full = new X509Certificate[chain.length + 1];
    full[0] = issued.certificate();
    System.arraycopy(chain, 0, full, 1, chain.length);
    Path certificate = writeCertificates(dir.resolve(name + ".pem"), full);
    Path key = writeEncryptedKey(dir.resolve(name + ".key"), issued.privateKey());
    return ClientIdentity.of(certificate, key, PASSPHRASE);
  }

  private interface Extensions {
    void add(X509v3CertificateBuilder builder) throws IOException;
  }

  private static X500Name issuerName(Issued ca) {
    return X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
  }

  private static X509Certificate build(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuer,
      KeyPair issuerKeys,
      Instant notBefore,
      Instant notAfter,
      Extensions extensions) {
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              new BigInteger(96, RANDOM).add(BigInteger.ONE),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          utils.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
      extensions.add(builder);
      String algorithm =
          "EC".equals(issuerKeys.getPrivate().getAlgorithm()) ? "SHA256withECDSA" : "Ed25519";
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException("test certificate for " + subject + " not built", e);
    }
  }
}
