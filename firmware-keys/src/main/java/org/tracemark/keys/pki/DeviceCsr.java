package org.tracemark.keys.pki;

import java.io.IOException;
import java.security.KeyPair;
import java.util.Arrays;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.tracemark.keys.Untrusted;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.IssuanceException.Reason;
import org.tracemark.keys.signing.SigningAlgorithm;

/**
 * A device's certificate signing request (PKCS#10), made on the device with the device's own key:
 * subject {@code CN={device id}}, and an extension request for the subjectAltName URI {@code
 * urn:tracemark:device:{id}}. Signing the request with the private key is the proof that whoever
 * asks for the certificate holds that key; the CA checks it in {@link DeviceEnrolment}.
 *
 * <p>A parsed {@code DeviceCsr} is only well-formed, not yet trusted: its signature, key type and
 * names are checked by {@link DeviceEnrolment#issue}, which is the one place a CSR becomes a
 * certificate. Immutable; equal by DER bytes.
 */
public final class DeviceCsr {

  /**
   * Largest CSR accepted. An Ed25519 device CSR is about 250 bytes and a P-256 one about 330; the
   * margin is for other tools' extra attributes, not for arbitrary uploads.
   */
  public static final int MAX_DER_LENGTH = 8 * 1024;

  private final byte[] der;
  private final PKCS10CertificationRequest request;

  private DeviceCsr(byte[] der, PKCS10CertificationRequest request) {
    this.der = der;
    this.request = request;
  }

  /**
   * A request for {@code device}'s certificate, signed with {@code keyPair}'s private key. Run on
   * the device; the private key never leaves it.
   *
   * @throws IssuanceException {@code UNSUPPORTED_KEY} for keys other than Ed25519 and P-256; {@code
   *     PROOF_OF_POSSESSION_FAILED} if the private key does not belong to the public key
   */
  public static DeviceCsr create(DeviceId device, KeyPair keyPair) throws IssuanceException {
    if (device == null || keyPair == null || keyPair.getPublic() == null) {
      throw new IllegalArgumentException("a CSR needs a device id and a key pair");
    }
    if (keyPair.getPrivate() == null) {
      throw new IllegalArgumentException("a CSR needs the private key to sign with");
    }
    SubjectPublicKeyInfo spki =
        CertificateAuthority.subjectPublicKeyInfo(keyPair.getPublic(), "device");
    SigningAlgorithm algorithm = KeyPairs.algorithmOf(spki).orElseThrow();
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, device.value()).build();
    Extensions requested;
    try {
      requested =
          new Extensions(
              new Extension(
                  Extension.subjectAlternativeName,
                  false,
                  X509Names.deviceUrn(device).getEncoded()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a subjectAltName", e);
    }
    ContentSigner signer;
    try {
      signer =
          new JcaContentSignerBuilder(KeyPairs.signatureAlgorithm(algorithm))
              .setProvider(BouncyCastle.PROVIDER)
              .build(keyPair.getPrivate());
    } catch (OperatorCreationException | RuntimeException e) {
      throw new IssuanceException(
          Reason.PROOF_OF_POSSESSION_FAILED,
          "the private key cannot sign as "
              + algorithm
              + " for the public key (kid "
              + CertificateAuthority.kid(spki)
              + ")",
          e);
    }
    PKCS10CertificationRequest request;
    try {
      request =
          new PKCS10CertificationRequestBuilder(subject, spki)
              .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, requested)
              .build(signer);
    } catch (RuntimeException e) {
      throw new IssuanceException(
          Reason.PROOF_OF_POSSESSION_FAILED, "signing the CSR failed: " + e.getMessage(), e);
    }
    DeviceCsr csr = fromRequest(request);
    // Checked here too, so that a device holding a mismatched key pair learns it before sending.
    DeviceEnrolment.requireProofOfPossession(csr);
    return csr;
  }

  /** Parses a DER CSR; only its structure is checked here. */
  public static DeviceCsr fromDer(byte[] der) throws IssuanceException {
    if (der == null || der.length == 0) {
      throw new IssuanceException(Reason.MALFORMED_CSR, "no CSR bytes");
    }
    if (der.length > MAX_DER_LENGTH) {
      throw new IssuanceException(
          Reason.MALFORMED_CSR,
          "CSR is " + der.length + " bytes, over the limit of " + MAX_DER_LENGTH);
    }
    PKCS10CertificationRequest request;
    try {
      request = new PKCS10CertificationRequest(der);
      // Touch the parts enrolment reads, so that lazily parsed garbage fails here, typed.
      request.getSubject();
      request.getSubjectPublicKeyInfo();
      request.getAttributes();
    } catch (IOException | RuntimeException e) {
      throw new IssuanceException(
          Reason.MALFORMED_CSR,
          "not a DER PKCS#10 request (" + der.length + " bytes): " + e.getMessage(),
          e);
    }
    return new DeviceCsr(der.clone(), request);
  }

  /** Parses the first {@code CERTIFICATE REQUEST} PEM block in {@code pem}. */
  public static DeviceCsr fromPem(String pem) throws IssuanceException {
    try {
      return fromDer(Pem.decode(Pem.Label.CERTIFICATE_REQUEST, pem));
    } catch (PemException e) {
      throw new IssuanceException(Reason.MALFORMED_CSR, e.getMessage(), e);
    }
  }

  private static DeviceCsr fromRequest(PKCS10CertificationRequest request) {
    try {
      return new DeviceCsr(request.getEncoded(), request);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a CSR just built", e);
    }
  }

  /** The DER bytes, a copy. */
  public byte[] der() {
    return der.clone();
  }

  /** As a {@code CERTIFICATE REQUEST} PEM block. */
  public String toPem() {
    return Pem.encode(Pem.Label.CERTIFICATE_REQUEST, der);
  }

  PKCS10CertificationRequest request() {
    return request;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DeviceCsr that && Arrays.equals(der, that.der);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(der);
  }

  @Override
  public String toString() {
    return "DeviceCsr[subject="
        + Untrusted.quote(request.getSubject().toString())
        + ", key="
        + KeyPairs.describe(request.getSubjectPublicKeyInfo())
        + "]";
  }
}
