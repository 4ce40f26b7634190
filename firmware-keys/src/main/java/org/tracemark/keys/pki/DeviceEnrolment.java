package org.tracemark.keys.pki;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.tracemark.keys.Untrusted;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.IssuanceException.Reason;

/**
 * The CA side of enrolment: turns a device's CSR into a device certificate signed by an
 * intermediate.
 *
 * <p>Checked, in this order, before anything is signed: the CSR parses; the issuer is an
 * intermediate CA (a CA with keyCertSign, not the self-issued root); the validity is forwards and
 * within the intermediate's; the CSR's key is Ed25519 or P-256; its signature verifies with that
 * key (proof of possession); its subject has exactly one CN and it is a valid {@link DeviceId};
 * every subjectAltName URI it requests is that device's URN; the organisation is acceptable. After
 * signing, the certificate is verified with the intermediate's public key, which catches a CA
 * paired with the wrong private key. Nothing else in the request is copied: the CA decides every
 * extension.
 *
 * <p>The certificate: subject {@code CN={device}, O={organisation}}; subjectAltName URI {@code
 * urn:tracemark:device:{device}}; keyUsage digitalSignature (critical); basicConstraints cA=false
 * (critical); subject and authority key identifiers; a random 127-bit serial.
 *
 * <h2>Key rotation</h2>
 *
 * Rotation needs no special operation. The device generates a new key pair and enrols again with a
 * CSR for the same device id; this class issues a second certificate, and both are valid side by
 * side, told apart by their {@link DeviceCertificate#keyId() kid}. Once the device signs with the
 * new key, the CA revokes the old certificate with {@link RevocationReason#SUPERSEDED} in its next
 * {@link RevocationList}. The old certificate then counts as revoked from the revocation time on:
 * readings it signed earlier still validate when checked at the time they were signed.
 */
public final class DeviceEnrolment {

  private DeviceEnrolment() {}

  /**
   * Parses {@code csrDer} (at most {@link DeviceCsr#MAX_DER_LENGTH} bytes) and issues as {@link
   * #issue(CertificateAuthority, DeviceCsr, String, Instant, Instant)} does.
   */
  public static DeviceCertificate issue(
      CertificateAuthority intermediate,
      byte[] csrDer,
      String organisation,
      Instant notBefore,
      Instant notAfter)
      throws IssuanceException {
    return issue(intermediate, DeviceCsr.fromDer(csrDer), organisation, notBefore, notAfter);
  }

  /**
   * Issues a device certificate for the device and key in {@code csr}.
   *
   * @param intermediate the issuing intermediate CA, with its signing key
   * @param organisation the owning organisation's id, e.g. {@code org-42}; becomes the subject O
   * @param notBefore start of validity, truncated to whole seconds
   * @param notAfter end of validity, after {@code notBefore} and within the intermediate's
   */
  public static DeviceCertificate issue(
      CertificateAuthority intermediate,
      DeviceCsr csr,
      String organisation,
      Instant notBefore,
      Instant notAfter)
      throws IssuanceException {
    if (csr == null) {
      throw new IssuanceException(Reason.MALFORMED_CSR, "no CSR");
    }
    requireIssuer(intermediate);
    ValidityWindow window = ValidityWindow.of("notBefore", notBefore, "notAfter", notAfter);
    window.requireWithin(intermediate.certificate());

    SubjectPublicKeyInfo spki = supportedKey(csr);
    requireProofOfPossession(csr);
    DeviceId device = requestedDevice(csr.request());
    // After the CSR checks, so that a bad CSR is reported as such whatever the organisation.
    X500Name subject = X509Names.ofDevice(device, organisation);

    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            intermediate.name(),
            SerialNumbers.random(),
            window.startDate(),
            window.endDate(),
            subject,
            spki);
    CertificateAuthority.addExtension(
        builder, Extension.basicConstraints, true, new BasicConstraints(false));
    CertificateAuthority.addExtension(
        builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    CertificateAuthority.addExtension(
        builder, Extension.subjectAlternativeName, false, X509Names.deviceUrn(device));
    CertificateAuthority.addExtension(
        builder,
        Extension.subjectKeyIdentifier,
        false,
        new BcX509ExtensionUtils().createSubjectKeyIdentifier(spki));
    CertificateAuthority.addExtension(
        builder, Extension.authorityKeyIdentifier, false, intermediate.authorityKeyIdentifier());
    X509Certificate certificate = intermediate.sign(builder);
    try {
      return DeviceCertificate.from(certificate);
    } catch (DeviceCertificateException e) {
      throw new IllegalStateException("issued a certificate that is not a device certificate", e);
    }
  }

  private static void requireIssuer(CertificateAuthority intermediate) throws IssuanceException {
    if (intermediate == null) {
      throw new IllegalArgumentException("issuing CA must not be null");
    }
    intermediate.requireCertificateSigner();
    if (intermediate.isSelfIssued()) {
      throw new IssuanceException(
          Reason.ISSUER_IS_ROOT,
          intermediate.subject()
              + " is self-issued, i.e. a root; device certificates come from an intermediate so"
              + " that the root can stay offline");
    }
  }

  private static SubjectPublicKeyInfo supportedKey(DeviceCsr csr) throws IssuanceException {
    SubjectPublicKeyInfo spki = csr.request().getSubjectPublicKeyInfo();
    if (KeyPairs.algorithmOf(spki).isEmpty()) {
      throw new IssuanceException(
          Reason.UNSUPPORTED_KEY,
          "CSR key is "
              + KeyPairs.describe(spki)
              + "; device keys must be Ed25519 or EC P-256 (named curve, uncompressed point)");
    }
    return spki;
  }

  /** The CSR's signature verifies with the key it carries. */
  static void requireProofOfPossession(DeviceCsr csr) throws IssuanceException {
    PKCS10CertificationRequest request = csr.request();
    SubjectPublicKeyInfo spki = request.getSubjectPublicKeyInfo();
    String evidence =
        " (signature algorithm "
            + request.getSignatureAlgorithm().getAlgorithm().getId()
            + ", "
            + KeyPairs.describe(spki)
            + " key, kid "
            + CertificateAuthority.kid(spki)
            + ")";
    ContentVerifierProvider verifier;
    try {
      verifier =
          new JcaContentVerifierProviderBuilder().setProvider(BouncyCastle.PROVIDER).build(spki);
    } catch (OperatorCreationException | RuntimeException e) {
      // E.g. a P-256 "point" that is not on the curve.
      throw new IssuanceException(
          Reason.MALFORMED_CSR, "the CSR's public key is not a valid key" + evidence, e);
    }
    boolean valid;
    try {
      valid = request.isSignatureValid(verifier);
    } catch (PKCSException | RuntimeException e) {
      throw new IssuanceException(
          Reason.PROOF_OF_POSSESSION_FAILED,
          "the CSR signature cannot be checked with the key it carries" + evidence,
          e);
    }
    if (!valid) {
      throw new IssuanceException(
          Reason.PROOF_OF_POSSESSION_FAILED,
          "the CSR signature does not verify with the key it carries" + evidence);
    }
  }

  private static DeviceId requestedDevice(PKCS10CertificationRequest request)
      throws IssuanceException {
    List<String> commonNames = X509Names.values(request.getSubject(), BCStyle.CN);
    if (commonNames.size() != 1 || commonNames.get(0) == null) {
      throw new IssuanceException(
          Reason.INVALID_DEVICE_ID,
          "CSR subject "
              + Untrusted.quote(request.getSubject().toString())
              + " has "
              + commonNames.size()
              + " CN values; exactly one, the device id, is required");
    }
    String commonName = commonNames.get(0);
    if (!DeviceId.isValid(commonName)) {
      throw new IssuanceException(
          Reason.INVALID_DEVICE_ID,
          "CSR CN "
              + Untrusted.quote(commonName)
              + " is not a device id (1-64 of [A-Za-z0-9._-], starting with a letter or digit)");
    }
    DeviceId device = DeviceId.of(commonName);
    for (String uri : requestedUris(request)) {
      if (!device.urn().equals(uri)) {
        throw new IssuanceException(
            Reason.DEVICE_ID_MISMATCH,
            "CSR CN is "
                + Untrusted.quote(commonName)
                + " but it requests subjectAltName URI "
                + Untrusted.quote(uri)
                + "; expected "
                + device.urn());
      }
    }
    return device;
  }

  private static List<String> requestedUris(PKCS10CertificationRequest request)
      throws IssuanceException {
    try {
      Attribute[] attributes =
          request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
      if (attributes.length == 0) {
        return List.of();
      }
      if (attributes.length > 1 || attributes[0].getAttrValues().size() != 1) {
        throw new IssuanceException(
            Reason.MALFORMED_CSR, "the CSR has more than one extension request");
      }
      ASN1Encodable value = attributes[0].getAttrValues().getObjectAt(0);
      Extension san = Extensions.getInstance(value).getExtension(Extension.subjectAlternativeName);
      if (san == null) {
        return List.of();
      }
      return X509Names.uris(GeneralNames.getInstance(san.getParsedValue()));
    } catch (RuntimeException e) {
      throw new IssuanceException(
          Reason.MALFORMED_CSR,
          "the CSR's extension request is not well-formed: " + e.getMessage(),
          e);
    }
  }
}
