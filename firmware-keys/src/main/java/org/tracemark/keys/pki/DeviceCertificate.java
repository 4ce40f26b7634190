package org.tracemark.keys.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.tracemark.keys.Untrusted;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.DeviceCertificateException.Reason;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SigningAlgorithm;

/**
 * An X.509 certificate that has the shape of a Tracemark device certificate: version 3, not a CA,
 * keyUsage digitalSignature, an Ed25519 or P-256 key, subject with exactly one CN that is a valid
 * {@link DeviceId} and exactly one O, and subjectAltName URIs that all equal {@code
 * urn:tracemark:device:{CN}}.
 *
 * <p>Having the shape says nothing about who signed it: {@link ChainValidator} decides whether to
 * trust it. A final class rather than a record so that {@link #from} is the only way in and every
 * instance has passed these checks; immutable; equal by DER bytes.
 */
public final class DeviceCertificate {

  // Extensions whose meaning this package knows; any other marked critical is refused, as RFC 5280
  // §4.2 requires of a relying party.
  private static final Set<ASN1ObjectIdentifier> UNDERSTOOD =
      Set.of(
          Extension.basicConstraints,
          Extension.keyUsage,
          Extension.extendedKeyUsage,
          Extension.subjectAlternativeName,
          Extension.subjectKeyIdentifier,
          Extension.authorityKeyIdentifier);

  private final X509Certificate certificate;
  private final byte[] der;
  private final DeviceId deviceId;
  private final String organisation;
  private final SigningAlgorithm algorithm;
  private final KeyId keyId;

  private DeviceCertificate(
      X509Certificate certificate,
      byte[] der,
      DeviceId deviceId,
      String organisation,
      SigningAlgorithm algorithm,
      KeyId keyId) {
    this.certificate = certificate;
    this.der = der;
    this.deviceId = deviceId;
    this.organisation = organisation;
    this.algorithm = algorithm;
    this.keyId = keyId;
  }

  /** Checks that {@code certificate} is a device certificate, and wraps it. */
  public static DeviceCertificate from(X509Certificate certificate)
      throws DeviceCertificateException {
    if (certificate == null) {
      throw new DeviceCertificateException(Reason.MALFORMED, "no certificate");
    }
    byte[] der;
    try {
      der = certificate.getEncoded();
    } catch (CertificateEncodingException | RuntimeException e) {
      throw new DeviceCertificateException(
          Reason.MALFORMED, "the certificate cannot be DER-encoded", e);
    }
    return check(certificate, der, parse(der));
  }

  /** Parses a DER certificate and checks it as {@link #from} does. */
  public static DeviceCertificate fromDer(byte[] der) throws DeviceCertificateException {
    if (der == null || der.length == 0) {
      throw new DeviceCertificateException(Reason.MALFORMED, "no certificate bytes");
    }
    X509CertificateHolder holder = parse(der);
    return check(CertificateAuthority.toCertificate(holder), der.clone(), holder);
  }

  /** Parses the first {@code CERTIFICATE} PEM block and checks it as {@link #from} does. */
  public static DeviceCertificate fromPem(String pem) throws DeviceCertificateException {
    try {
      return fromDer(Pem.decode(Pem.Label.CERTIFICATE, pem));
    } catch (PemException e) {
      throw new DeviceCertificateException(Reason.MALFORMED, e.getMessage());
    }
  }

  private static X509CertificateHolder parse(byte[] der) throws DeviceCertificateException {
    try {
      X509CertificateHolder holder = new X509CertificateHolder(der);
      holder.getSubject();
      holder.getExtensions();
      return holder;
    } catch (IOException | RuntimeException e) {
      throw new DeviceCertificateException(
          Reason.MALFORMED,
          "not a DER X.509 certificate (" + der.length + " bytes): " + e.getMessage(),
          e);
    }
  }

  private static DeviceCertificate check(
      X509Certificate certificate, byte[] der, X509CertificateHolder holder)
      throws DeviceCertificateException {
    String subject = Untrusted.quote(holder.getSubject().toString());
    try {
      if (holder.getVersionNumber() != 3) {
        throw new DeviceCertificateException(
            Reason.NOT_A_DEVICE_CERTIFICATE,
            subject + " is an X.509 v" + holder.getVersionNumber() + " certificate, not v3");
      }
      BasicConstraints constraints = BasicConstraints.fromExtensions(holder.getExtensions());
      if (constraints != null && constraints.isCA()) {
        throw new DeviceCertificateException(
            Reason.NOT_A_DEVICE_CERTIFICATE, subject + " is a CA certificate");
      }
      KeyUsage usage = KeyUsage.fromExtensions(holder.getExtensions());
      if (usage == null || !usage.hasUsages(KeyUsage.digitalSignature)) {
        throw new DeviceCertificateException(
            Reason.NOT_A_DEVICE_CERTIFICATE,
            subject + " does not allow digitalSignature; device keys exist to sign readings");
      }
      for (Object oid : holder.getCriticalExtensionOIDs()) {
        if (!UNDERSTOOD.contains((ASN1ObjectIdentifier) oid)) {
          throw new DeviceCertificateException(
              Reason.UNSUPPORTED_CRITICAL_EXTENSION,
              subject + " has critical extension " + oid + ", which this package cannot check");
        }
      }
      SigningAlgorithm algorithm =
          KeyPairs.algorithmOf(holder.getSubjectPublicKeyInfo())
              .orElseThrow(
                  () ->
                      new DeviceCertificateException(
                          Reason.UNSUPPORTED_KEY,
                          subject
                              + " has a "
                              + KeyPairs.describe(holder.getSubjectPublicKeyInfo())
                              + " key; device keys are Ed25519 or EC P-256"));
      DeviceId device = device(holder, subject);
      String organisation = organisation(holder, subject);
      requireDeviceUrn(holder, device, subject);
      KeyId keyId = KeyId.ofSubjectPublicKeyInfo(holder.getSubjectPublicKeyInfo().getEncoded());
      return new DeviceCertificate(certificate, der, device, organisation, algorithm, keyId);
    } catch (IOException | RuntimeException e) {
      throw new DeviceCertificateException(
          Reason.MALFORMED, subject + " has an unreadable field: " + e.getMessage(), e);
    }
  }

  private static DeviceId device(X509CertificateHolder holder, String subject)
      throws DeviceCertificateException {
    List<String> commonNames = X509Names.values(holder.getSubject(), BCStyle.CN);
    if (commonNames.size() != 1
        || commonNames.get(0) == null
        || !DeviceId.isValid(commonNames.get(0))) {
      throw new DeviceCertificateException(
          Reason.INVALID_DEVICE_ID,
          subject + " does not have exactly one CN that is a device id: " + quoted(commonNames));
    }
    return DeviceId.of(commonNames.get(0));
  }

  private static String organisation(X509CertificateHolder holder, String subject)
      throws DeviceCertificateException {
    List<String> organisations = X509Names.values(holder.getSubject(), BCStyle.O);
    if (organisations.size() != 1
        || organisations.get(0) == null
        || organisations.get(0).isBlank()) {
      throw new DeviceCertificateException(
          Reason.MISSING_ORGANISATION,
          subject + " does not have exactly one non-blank O: " + quoted(organisations));
    }
    return organisations.get(0);
  }

  private static void requireDeviceUrn(
      X509CertificateHolder holder, DeviceId device, String subject)
      throws DeviceCertificateException {
    GeneralNames names =
        GeneralNames.fromExtensions(holder.getExtensions(), Extension.subjectAlternativeName);
    List<String> uris = names == null ? List.of() : X509Names.uris(names);
    if (uris.isEmpty()) {
      throw new DeviceCertificateException(
          Reason.MISSING_DEVICE_URN,
          subject + " has no subjectAltName URI; expected " + device.urn());
    }
    for (String uri : uris) {
      if (!device.urn().equals(uri)) {
        throw new DeviceCertificateException(
            Reason.DEVICE_ID_MISMATCH,
            subject
                + " names device "
                + device
                + " in its CN but "
                + Untrusted.quote(uri)
                + " in its subjectAltName; expected "
                + device.urn());
      }
    }
  }

  private static String quoted(List<String> values) {
    return values.stream().map(Untrusted::quote).toList().toString();
  }

  /** The certificate itself. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The device, from the CN (equal to the subjectAltName URN). */
  public DeviceId deviceId() {
    return deviceId;
  }

  /** The owning organisation, from the subject O. */
  public String organisation() {
    return organisation;
  }

  /** The COSE {@code kid} of the certified key: SHA-256 of the certificate's SPKI bytes. */
  public KeyId keyId() {
    return keyId;
  }

  /** How readings under this certificate are signed. */
  public SigningAlgorithm algorithm() {
    return algorithm;
  }

  public PublicKey publicKey() {
    return certificate.getPublicKey();
  }

  public Instant notBefore() {
    return certificate.getNotBefore().toInstant();
  }

  /** The last instant of validity (inclusive, as in X.509). */
  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  public BigInteger serial() {
    return certificate.getSerialNumber();
  }

  /** The issuing intermediate's name. */
  public X500Principal issuer() {
    return certificate.getIssuerX500Principal();
  }

  /** The DER bytes, a copy. */
  public byte[] der() {
    return der.clone();
  }

  /** As a {@code CERTIFICATE} PEM block. */
  public String toPem() {
    return Pem.encode(Pem.Label.CERTIFICATE, der);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DeviceCertificate that && Arrays.equals(der, that.der);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(der);
  }

  @Override
  public String toString() {
    return "DeviceCertificate[device="
        + deviceId
        + ", organisation="
        + Untrusted.quote(organisation)
        + ", kid="
        + keyId
        + ", serial="
        + serial().toString(16)
        + ", issuer="
        + issuer().getName()
        + "]";
  }
}
