package org.tracemark.ingest.broker;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.CertificateAuthority;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.DeviceCsr;
import org.tracemark.keys.pki.DeviceEnrolment;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.pki.Pem;
import org.tracemark.keys.signing.SigningAlgorithm;

/**
 * A tiny PKI the way the project issues it: a root, an intermediate that enrols devices through
 * {@link DeviceEnrolment}, and a TLS server certificate for the broker (127.0.0.1) signed by the
 * root. P-256 throughout, which every JDK TLS stack takes.
 */
final class TestPki {

  private final Instant now = Instant.now();
  private final CertificateAuthority root;
  private final CertificateAuthority intermediate;

  TestPki() throws Exception {
    root =
        CertificateAuthority.createRoot(
            "Tracemark Test Root",
            KeyPairs.generate(SigningAlgorithm.ES256),
            now.minus(Duration.ofHours(2)),
            now.plus(Duration.ofDays(2)));
    KeyPair intermediateKeys = KeyPairs.generate(SigningAlgorithm.ES256);
    X509Certificate intermediateCertificate =
        root.issueIntermediate(
            "Tracemark Test Devices",
            intermediateKeys.getPublic(),
            now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(1)));
    intermediate = new CertificateAuthority(intermediateCertificate, intermediateKeys.getPrivate());
  }

  /** A device's key and its certificate from the intermediate. */
  record Device(DeviceId id, PrivateKey key, DeviceCertificate certificate) {}

  Device enrol(DeviceId id) throws Exception {
    KeyPair keys = KeyPairs.generate(SigningAlgorithm.ES256);
    DeviceCertificate certificate =
        DeviceEnrolment.issue(
            intermediate,
            DeviceCsr.create(id, keys),
            "org-test",
            now.minus(Duration.ofMinutes(30)),
            now.plus(Duration.ofHours(12)));
    return new Device(id, keys.getPrivate(), certificate);
  }

  /** Writes the root (the device CA the broker trusts) as PEM. */
  Path writeDeviceCa(Path folder) throws IOException {
    Path file = folder.resolve("device-ca.pem");
    Files.writeString(file, Pem.certificate(root.certificate()), StandardCharsets.US_ASCII);
    return file;
  }

  /** Issues the broker's server certificate; writes chain and unencrypted key as PEM. */
  BrokerTls.KeySource writeBrokerKey(Path folder) throws Exception {
    KeyPair keys = KeyPairs.generate(SigningAlgorithm.ES256);
    X500Name issuer = new X500Name(root.certificate().getSubjectX500Principal().getName());
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            new BigInteger(64, new SecureRandom()),
            Date.from(now.minus(Duration.ofMinutes(30))),
            Date.from(now.plus(Duration.ofHours(12))),
            new X500Name("CN=tracemark-broker"),
            keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            }));
    X509Certificate certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(root.signingKey())));
    Path chain = folder.resolve("broker-chain.pem");
    Files.writeString(chain, Pem.certificate(certificate), StandardCharsets.US_ASCII);
    Path key = folder.resolve("broker-key.pem");
    Files.writeString(
        key,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n",
        StandardCharsets.US_ASCII);
    return BrokerTls.pem(chain, key, null);
  }

  /** A client socket factory trusting the root, presenting {@code device}'s certificate if any. */
  SSLSocketFactory clientSocketFactory(Device device) throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("root", root.certificate());
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    KeyManagerFactory keyManagers = null;
    if (device != null) {
      char[] password = "in-memory".toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      // The JDK's TLS matches keys by its own algorithm names ("EC", not Bouncy Castle's "ECDSA").
      PrivateKey jdkKey =
          KeyFactory.getInstance("EC")
              .generatePrivate(new PKCS8EncodedKeySpec(device.key().getEncoded()));
      keys.setKeyEntry(
          "device",
          jdkKey,
          password,
          new X509Certificate[] {device.certificate().certificate(), intermediate.certificate()});
      keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        keyManagers == null ? null : keyManagers.getKeyManagers(),
        trustManagers.getTrustManagers(),
        new SecureRandom());
    return context.getSocketFactory();
  }
}
