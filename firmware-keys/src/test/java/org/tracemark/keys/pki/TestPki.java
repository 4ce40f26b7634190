package org.tracemark.keys.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.signing.SigningAlgorithm;

/**
 * A root and an intermediate with fixed, nested validity windows, plus ways to build the malformed
 * CSRs and certificates the library itself refuses to produce.
 */
record TestPki(CertificateAuthority root, CertificateAuthority intermediate) {

  static final BouncyCastleProvider BC = new BouncyCastleProvider();

  static final Instant ROOT_FROM = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant ROOT_UNTIL = Instant.parse("2046-01-01T00:00:00Z");
  static final Instant INTERMEDIATE_FROM = Instant.parse("2026-01-02T00:00:00Z");
  static final Instant INTERMEDIATE_UNTIL = Instant.parse("2036-01-01T00:00:00Z");
  static final Instant DEVICE_FROM = Instant.parse("2026-02-01T00:00:00Z");
  static final Instant DEVICE_UNTIL = Instant.parse("2031-02-01T00:00:00Z");

  /** An instant at which the whole chain is valid. */
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  static final String ORGANISATION = "org-42";

  static TestPki create(SigningAlgorithm rootKey, SigningAlgorithm intermediateKey)
      throws IssuanceException {
    return create("Tracemark Root", "Tracemark Devices 1", rootKey, intermediateKey);
  }

  static TestPki create(
      String rootName,
      String intermediateName,
      SigningAlgorithm rootKey,
      SigningAlgorithm intermediateKey)
      throws IssuanceException {
    CertificateAuthority root =
        CertificateAuthority.createRoot(
            rootName, KeyPairs.generate(rootKey), ROOT_FROM, ROOT_UNTIL);
    KeyPair intermediateKeys = KeyPairs.generate(intermediateKey);
    X509Certificate intermediate =
        root.issueIntermediate(
            intermediateName, intermediateKeys.getPublic(), INTERMEDIATE_FROM, INTERMEDIATE_UNTIL);
    return new TestPki(root, new CertificateAuthority(intermediate, intermediateKeys.getPrivate()));
  }

  DeviceCertificate enrol(String device, KeyPair deviceKeys) throws IssuanceException {
    return enrol(device, deviceKeys, DEVICE_FROM, DEVICE_UNTIL);
  }

  DeviceCertificate enrol(String device, KeyPair deviceKeys, Instant from, Instant until)
      throws IssuanceException {
    DeviceCsr csr = DeviceCsr.create(DeviceId.of(device), deviceKeys);
    return DeviceEnrolment.issue(intermediate, csr.der(), ORGANISATION, from, until);
  }

  ValidationResult validate(DeviceCertificate device, Optional<RevocationList> crl, Instant at) {
    return ChainValidator.validate(device, intermediate.certificate(), root.certificate(), crl, at);
  }

  static KeyPair generate(String algorithm, String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, BC);
    if (curve != null) {
      generator.initialize(new ECGenParameterSpec(curve));
    } else if (algorithm.equals("RSA")) {
      generator.initialize(2048);
    }
    return generator.generateKeyPair();
  }

  /** A CSR built with Bouncy Castle directly, bypassing every check {@link DeviceCsr} makes. */
  static byte[] rawCsr(
      X500Name subject,
      Optional<GeneralNames> san,
      Optional<Extension> extra,
      KeyPair keys,
      String signatureAlgorithm)
      throws Exception {
    PKCS10CertificationRequestBuilder builder =
        new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic());
    List<Extension> requested = new ArrayList<>();
    if (san.isPresent()) {
      requested.add(new Extension(Extension.subjectAlternativeName, false, san.get().getEncoded()));
    }
    extra.ifPresent(requested::add);
    if (!requested.isEmpty()) {
      builder.addAttribute(
          PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
          new Extensions(requested.toArray(new Extension[0])));
    }
    return builder
        .build(
            new JcaContentSignerBuilder(signatureAlgorithm)
                .setProvider(BC)
                .build(keys.getPrivate()))
        .getEncoded();
  }

  static GeneralNames uri(String uri) {
    return new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
  }

  /**
   * A version 3 certificate signed by {@code issuerKey} in the name of {@code issuer}, with exactly
   * the extensions given, for shapes the library will not issue.
   */
  static X509Certificate rawCertificate(
      X509Certificate issuer,
      PrivateKey issuerKey,
      X500Name subject,
      PublicKey subjectKey,
      Extension... extensions)
      throws Exception {
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            new JcaX509CertificateHolder(issuer).getSubject(),
            BigInteger.valueOf(System.nanoTime()),
            Date.from(DEVICE_FROM),
            Date.from(DEVICE_UNTIL),
            subject,
            subjectKey);
    for (Extension extension : extensions) {
      builder.addExtension(extension);
    }
    String algorithm =
        KeyPairs.algorithmOf(issuer.getPublicKey()).orElseThrow() == SigningAlgorithm.ED25519
            ? "Ed25519"
            : "SHA256withECDSA";
    return new JcaX509CertificateConverter()
        .setProvider(BC)
        .getCertificate(
            builder.build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(issuerKey)));
  }

  static Extension extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value)
      throws Exception {
    return new Extension(oid, critical, value.toASN1Primitive().getEncoded());
  }
}
