package org.tracemark.keys.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.tracemark.keys.Untrusted;
import org.tracemark.keys.pki.CrlException.Reason;

/**
 * A certificate revocation list (X.509 v2 CRL, RFC 5280 §5) signed by an intermediate, listing the
 * device certificates it revoked.
 *
 * <p>What this package writes, and all it reads: version 2; nextUpdate present; a CRLNumber and an
 * authorityKeyIdentifier extension; per entry the serial, the revocation time and a reasonCode
 * extension (absent for {@link RevocationReason#UNSPECIFIED}, as RFC 5280 asks). Delta CRLs,
 * indirect CRLs and other critical extensions are refused as {@code MALFORMED_CRL}, because
 * ignoring them could hide a revocation.
 *
 * <p>Every instance was either signed here or had its signature verified against an issuer
 * certificate on the way in. Immutable; equal by DER bytes.
 */
public final class RevocationList {

  /** RFC 5280 §5.2.3: CRL numbers are at most 20 octets. */
  static final int MAX_CRL_NUMBER_OCTETS = 20;

  private static final Set<ASN1ObjectIdentifier> UNDERSTOOD =
      Set.of(Extension.cRLNumber, Extension.authorityKeyIdentifier);
  private static final Set<ASN1ObjectIdentifier> UNDERSTOOD_IN_ENTRIES =
      Set.of(Extension.reasonCode, Extension.invalidityDate);

  private final byte[] der;
  private final X509CRLHolder crl;
  private final Instant thisUpdate;
  private final Instant nextUpdate;
  private final BigInteger crlNumber;
  private final Map<BigInteger, Revocation> revocations;

  private RevocationList(
      byte[] der,
      X509CRLHolder crl,
      Instant thisUpdate,
      Instant nextUpdate,
      BigInteger crlNumber,
      Map<BigInteger, Revocation> revocations) {
    this.der = der;
    this.crl = crl;
    this.thisUpdate = thisUpdate;
    this.nextUpdate = nextUpdate;
    this.crlNumber = crlNumber;
    this.revocations = revocations;
  }

  /**
   * A CRL signed by {@code issuer} listing {@code revocations}.
   *
   * @param thisUpdate when this CRL is issued; no revocation may be later
   * @param nextUpdate when the next CRL will be out; relying parties treat this one as stale after
   * @param crlNumber monotonically increasing per issuer, so that relying parties can tell the
   *     newer of two CRLs; non-negative, at most 20 octets
   */
  public static RevocationList issue(
      CertificateAuthority issuer,
      List<Revocation> revocations,
      Instant thisUpdate,
      Instant nextUpdate,
      BigInteger crlNumber)
      throws IssuanceException {
    if (issuer == null || revocations == null || revocations.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("a CRL needs an issuer and a list of revocations");
    }
    issuer.requireCrlSigner();
    ValidityWindow window = ValidityWindow.of("thisUpdate", thisUpdate, "nextUpdate", nextUpdate);
    if (crlNumber == null
        || crlNumber.signum() < 0
        || crlNumber.toByteArray().length > MAX_CRL_NUMBER_OCTETS) {
      throw new IssuanceException(
          IssuanceException.Reason.INVALID_CRL_NUMBER,
          "CRL number " + crlNumber + " is not a non-negative integer of at most 20 octets");
    }
    X509v2CRLBuilder builder = new X509v2CRLBuilder(issuer.name(), window.startDate());
    builder.setNextUpdate(window.endDate());
    Set<BigInteger> serials = new HashSet<>();
    for (Revocation revocation : revocations) {
      if (!serials.add(revocation.serial())) {
        throw new IssuanceException(
            IssuanceException.Reason.INVALID_REVOCATION,
            "serial " + revocation.serial().toString(16) + " is listed twice");
      }
      if (revocation.revokedAt().isAfter(window.start())) {
        throw new IssuanceException(
            IssuanceException.Reason.INVALID_REVOCATION,
            "serial "
                + revocation.serial().toString(16)
                + " is revoked at "
                + revocation.revokedAt()
                + ", after thisUpdate "
                + window.start()
                + "; a CRL lists revocations that have happened");
      }
      // Bouncy Castle omits the reasonCode extension for code 0 (unspecified).
      builder.addCRLEntry(
          revocation.serial(),
          Date.from(revocation.revokedAt()),
          revocation.reason().crlReasonCode());
    }
    try {
      builder.addExtension(
          Extension.authorityKeyIdentifier, false, issuer.authorityKeyIdentifier());
      builder.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot encode CRL extensions", e);
    }
    X509CRLHolder signed = issuer.sign(builder);
    try {
      return read(signed.getEncoded(), signed);
    } catch (IOException | CrlException e) {
      throw new IllegalStateException("built a CRL this class cannot read back", e);
    }
  }

  /**
   * Parses a DER CRL and verifies that {@code issuer} signed it: the signature verifies with the
   * issuer's key (else {@code BAD_CRL_SIGNATURE}), the CRL names the issuer ({@code
   * ISSUER_MISMATCH}), and the issuer is a CA with cRLSign ({@code NOT_A_CRL_ISSUER}). Contents are
   * interpreted only after the signature is checked.
   */
  public static RevocationList parse(byte[] der, X509Certificate issuer) throws CrlException {
    if (issuer == null) {
      throw new IllegalArgumentException("the issuer certificate is needed to check the CRL");
    }
    if (der == null || der.length == 0) {
      throw new CrlException(Reason.MALFORMED_CRL, "no CRL bytes");
    }
    X509CRLHolder crl;
    try {
      crl = new X509CRLHolder(der);
    } catch (IOException | RuntimeException e) {
      throw new CrlException(
          Reason.MALFORMED_CRL,
          "not a DER X.509 CRL (" + der.length + " bytes): " + e.getMessage(),
          e);
    }
    requireSignedBy(crl, issuer);
    return read(der.clone(), crl);
  }

  /** Parses the first {@code X509 CRL} PEM block, as {@link #parse} does. */
  public static RevocationList fromPem(String pem, X509Certificate issuer) throws CrlException {
    try {
      return parse(Pem.decode(Pem.Label.X509_CRL, pem), issuer);
    } catch (PemException e) {
      throw new CrlException(Reason.MALFORMED_CRL, e.getMessage(), e);
    }
  }

  /** Checks that {@code issuer} signed this CRL; the validator re-checks against its chain. */
  void requireSignedBy(X509Certificate issuer) throws CrlException {
    requireSignedBy(crl, issuer);
  }

  private static void requireSignedBy(X509CRLHolder crl, X509Certificate issuer)
      throws CrlException {
    String issuerName = issuer.getSubjectX500Principal().getName();
    String crlIssuer = Untrusted.quote(crl.getIssuer().toString());
    Exception failure = null;
    boolean valid;
    try {
      valid =
          crl.isSignatureValid(
              new JcaContentVerifierProviderBuilder()
                  .setProvider(BouncyCastle.PROVIDER)
                  .build(issuer));
    } catch (CertException | OperatorCreationException | RuntimeException e) {
      // E.g. an EC issuer key offered an Ed25519 signature: as wrong as a signature that fails.
      valid = false;
      failure = e;
    }
    if (!valid) {
      throw new CrlException(
          Reason.BAD_CRL_SIGNATURE,
          "the CRL naming issuer "
              + crlIssuer
              + " ("
              + crl.toASN1Structure().getSignatureAlgorithm().getAlgorithm().getId()
              + ") does not verify with the key of "
              + issuerName
              + " (kid "
              + CertificateAuthority.kid(subjectPublicKeyInfo(issuer))
              + ")",
          failure);
    }
    X500Principal named;
    try {
      named = new X500Principal(crl.getIssuer().getEncoded());
    } catch (IOException | RuntimeException e) {
      throw new CrlException(Reason.MALFORMED_CRL, "the CRL issuer name is unreadable", e);
    }
    if (!named.equals(issuer.getSubjectX500Principal())) {
      throw new CrlException(
          Reason.ISSUER_MISMATCH,
          "the CRL is signed with the key of " + issuerName + " but names issuer " + crlIssuer);
    }
    boolean[] usage = issuer.getKeyUsage();
    if (issuer.getBasicConstraints() < 0
        || usage == null
        || usage.length <= CertificateAuthority.CRL_SIGN
        || !usage[CertificateAuthority.CRL_SIGN]) {
      throw new CrlException(
          Reason.NOT_A_CRL_ISSUER, issuerName + " is not a CA with the cRLSign key usage");
    }
  }

  private static SubjectPublicKeyInfo subjectPublicKeyInfo(X509Certificate certificate) {
    return SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
  }

  // The contents of a CRL whose signature has been checked.
  private static RevocationList read(byte[] der, X509CRLHolder crl) throws CrlException {
    try {
      int version = crl.toASN1Structure().getVersionNumber();
      if (version != 2) {
        throw new CrlException(Reason.MALFORMED_CRL, "a v" + version + " CRL; only v2 is read");
      }
      if (crl.getNextUpdate() == null) {
        throw new CrlException(
            Reason.MALFORMED_CRL, "no nextUpdate, so there is no telling when it goes stale");
      }
      for (Object oid : crl.getCriticalExtensionOIDs()) {
        if (!UNDERSTOOD.contains((ASN1ObjectIdentifier) oid)) {
          throw new CrlException(Reason.MALFORMED_CRL, "unsupported critical CRL extension " + oid);
        }
      }
      Extension number = crl.getExtension(Extension.cRLNumber);
      if (number == null) {
        throw new CrlException(Reason.MALFORMED_CRL, "no CRLNumber extension");
      }
      BigInteger crlNumber = CRLNumber.getInstance(number.getParsedValue()).getCRLNumber();
      Map<BigInteger, Revocation> revocations = new LinkedHashMap<>();
      for (Object item : crl.getRevokedCertificates()) {
        Revocation revocation = revocation((X509CRLEntryHolder) item);
        if (revocations.put(revocation.serial(), revocation) != null) {
          throw new CrlException(
              Reason.MALFORMED_CRL,
              "serial " + revocation.serial().toString(16) + " is listed twice");
        }
      }
      return new RevocationList(
          der,
          crl,
          crl.getThisUpdate().toInstant(),
          crl.getNextUpdate().toInstant(),
          crlNumber,
          Collections.unmodifiableMap(revocations));
    } catch (RuntimeException e) {
      throw new CrlException(
          Reason.MALFORMED_CRL, "the CRL has an unreadable field: " + e.getMessage(), e);
    }
  }

  private static Revocation revocation(X509CRLEntryHolder entry) throws CrlException {
    BigInteger serial = entry.getSerialNumber();
    for (Object oid : entry.getCriticalExtensionOIDs()) {
      if (!UNDERSTOOD_IN_ENTRIES.contains((ASN1ObjectIdentifier) oid)) {
        throw new CrlException(
            Reason.MALFORMED_CRL,
            "entry for serial "
                + serial.toString(16)
                + " has unsupported critical extension "
                + oid);
      }
    }
    RevocationReason reason = RevocationReason.UNSPECIFIED;
    Extension reasonCode = entry.getExtension(Extension.reasonCode);
    if (reasonCode != null) {
      int code = CRLReason.getInstance(reasonCode.getParsedValue()).getValue().intValue();
      reason =
          RevocationReason.fromCrlReasonCode(code)
              .orElseThrow(
                  () ->
                      new CrlException(
                          Reason.MALFORMED_CRL,
                          "entry for serial "
                              + serial.toString(16)
                              + " has CRLReason "
                              + code
                              + ", which this PKI does not use"));
    }
    if (serial.signum() <= 0) {
      throw new CrlException(
          Reason.MALFORMED_CRL, "entry with non-positive serial " + serial.toString(16));
    }
    return new Revocation(serial, entry.getRevocationDate().toInstant(), reason);
  }

  /** The entry for the certificate with {@code serial}, if it is listed. */
  public Optional<Revocation> revocationOf(BigInteger serial) {
    return Optional.ofNullable(serial == null ? null : revocations.get(serial));
  }

  /** All entries, in the order the CRL lists them. */
  public List<Revocation> revocations() {
    return List.copyOf(revocations.values());
  }

  /** The issuer the CRL names. */
  public X500Principal issuer() {
    try {
      return new X500Principal(crl.getIssuer().getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode an issuer name that was decoded", e);
    }
  }

  public Instant thisUpdate() {
    return thisUpdate;
  }

  /** After this, the CRL is stale: a newer one should exist. */
  public Instant nextUpdate() {
    return nextUpdate;
  }

  public BigInteger crlNumber() {
    return crlNumber;
  }

  /** The DER bytes, a copy. */
  public byte[] der() {
    return der.clone();
  }

  /** As an {@code X509 CRL} PEM block. */
  public String toPem() {
    return Pem.encode(Pem.Label.X509_CRL, der);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RevocationList that && Arrays.equals(der, that.der);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(der);
  }

  @Override
  public String toString() {
    return "RevocationList[issuer="
        + issuer().getName()
        + ", number="
        + crlNumber
        + ", thisUpdate="
        + thisUpdate
        + ", nextUpdate="
        + nextUpdate
        + ", entries="
        + revocations.size()
        + "]";
  }
}
