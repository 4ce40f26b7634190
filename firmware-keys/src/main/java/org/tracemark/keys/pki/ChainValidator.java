package org.tracemark.keys.pki;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.tracemark.keys.Untrusted;
import org.tracemark.keys.pki.ValidationResult.Level;
import org.tracemark.keys.pki.ValidationResult.Status;

/**
 * Decides whether a device certificate is trusted at a given instant, under a given root, via a
 * given intermediate and optionally a CRL from that intermediate; and if not, says exactly why.
 *
 * <p>The checks are written out here rather than delegated to the JDK's PKIX {@code
 * CertPathValidator}, whose failures arrive as one exception type with a free-text message; here
 * each failure is a {@link ValidationResult.Status} with the certificate it concerns and its
 * evidence. They run in this order, and the first failure is the result:
 *
 * <ol>
 *   <li>Trust, top down. Root: a CA allowed keyCertSign, with an Ed25519 or P-256 key, no critical
 *       extension this class cannot check, self-issued and self-signed. Intermediate: not the root
 *       itself; the same CA checks; names the root as issuer; signed by the root's key; allowed by
 *       the root's pathLenConstraint. Device: names the intermediate as issuer; signed by its key.
 *       (What makes it a device certificate was checked by {@link DeviceCertificate#from}.)
 *   <li>Validity at {@code at}, for root, intermediate and device, in that order: before notBefore
 *       is {@code NOT_YET_VALID}, after notAfter {@code EXPIRED}.
 *   <li>Revocation, if a CRL is given: it must be signed by this intermediate ({@code
 *       UNTRUSTED_CRL}); an entry for the device certificate revoked at or before {@code at} is
 *       {@code REVOKED}; otherwise, if {@code at} is after the CRL's nextUpdate, {@code STALE_CRL}.
 * </ol>
 *
 * <p>Revocation is by time: a certificate revoked at {@code t} is valid at instants before {@code
 * t}, so readings signed before a key rotation or decommissioning still validate when checked at
 * their signing time. Trust failures come before time failures because a forgery matters more than
 * an expiry. Without a CRL, revocation is not checked at all; callers that must know should always
 * pass one.
 */
public final class ChainValidator {

  // Extensions this class understands in CA certificates; any other marked critical fails.
  private static final Set<String> UNDERSTOOD_IN_CA =
      Set.of(
          Extension.basicConstraints.getId(),
          Extension.keyUsage.getId(),
          Extension.subjectKeyIdentifier.getId(),
          Extension.authorityKeyIdentifier.getId());

  private ChainValidator() {}

  /** Validates {@code device} under {@code root}, via {@code intermediate}, at {@code at}. */
  public static ValidationResult validate(
      DeviceCertificate device,
      X509Certificate intermediate,
      X509Certificate root,
      Optional<RevocationList> crl,
      Instant at) {
    if (device == null || intermediate == null || root == null || crl == null || at == null) {
      throw new IllegalArgumentException("validate needs every argument; pass Optional.empty()");
    }
    return trust(device, intermediate, root)
        .or(() -> validity(root, Level.ROOT, at))
        .or(() -> validity(intermediate, Level.INTERMEDIATE, at))
        .or(() -> validity(device.certificate(), Level.DEVICE, at))
        .or(() -> crl.flatMap(list -> revocation(device, intermediate, list, at)))
        .orElseGet(
            () ->
                ValidationResult.valid(
                    "device "
                        + device.deviceId()
                        + " (kid "
                        + device.keyId()
                        + ", serial "
                        + device.serial().toString(16)
                        + ") chains to "
                        + name(root)
                        + " via "
                        + name(intermediate)
                        + " at "
                        + at
                        + crl.map(list -> ", not revoked as of CRL " + list.crlNumber())
                            .orElse(", revocation not checked")));
  }

  private static Optional<ValidationResult> trust(
      DeviceCertificate device, X509Certificate intermediate, X509Certificate root) {
    return caRole(root, Level.ROOT)
        .or(() -> issuedBy(root, root, Level.ROOT))
        .or(() -> notTheRoot(intermediate, root))
        .or(() -> caRole(intermediate, Level.INTERMEDIATE))
        .or(() -> issuedBy(intermediate, root, Level.INTERMEDIATE))
        .or(() -> pathLength(intermediate, root))
        .or(() -> issuedBy(device.certificate(), intermediate, Level.DEVICE));
  }

  private static Optional<ValidationResult> caRole(X509Certificate certificate, Level level) {
    if (certificate.getBasicConstraints() < 0) {
      return fail(
          Status.NOT_A_CA,
          level,
          name(certificate) + " (serial " + serial(certificate) + ") is not a CA certificate");
    }
    boolean[] usage = certificate.getKeyUsage();
    if (usage == null
        || usage.length <= CertificateAuthority.KEY_CERT_SIGN
        || !usage[CertificateAuthority.KEY_CERT_SIGN]) {
      return fail(
          Status.NOT_A_CA,
          level,
          name(certificate) + " may not sign certificates (no keyCertSign)");
    }
    SubjectPublicKeyInfo spki;
    try {
      spki = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
    } catch (RuntimeException e) {
      return fail(Status.UNSUPPORTED_KEY, level, name(certificate) + " has an unreadable key");
    }
    if (KeyPairs.algorithmOf(spki).isEmpty()) {
      return fail(
          Status.UNSUPPORTED_KEY,
          level,
          name(certificate) + " has a " + KeyPairs.describe(spki) + " key");
    }
    Set<String> critical = certificate.getCriticalExtensionOIDs();
    if (critical != null) {
      for (String oid : critical) {
        if (!UNDERSTOOD_IN_CA.contains(oid)) {
          return fail(
              Status.UNSUPPORTED_CRITICAL_EXTENSION,
              level,
              name(certificate) + " has critical extension " + oid);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<ValidationResult> notTheRoot(
      X509Certificate intermediate, X509Certificate root) {
    if (intermediate.equals(root)
        || intermediate.getSubjectX500Principal().equals(intermediate.getIssuerX500Principal())) {
      return fail(
          Status.UNTRUSTED_ISSUER,
          Level.INTERMEDIATE,
          name(intermediate)
              + " is self-issued, a root, not an intermediate; device certificates are trusted"
              + " only via an intermediate");
    }
    return Optional.empty();
  }

  private static Optional<ValidationResult> issuedBy(
      X509Certificate child, X509Certificate issuer, Level level) {
    if (!child.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return fail(
          Status.UNTRUSTED_ISSUER,
          level,
          name(child)
              + " (serial "
              + serial(child)
              + ") names issuer "
              + Untrusted.quote(child.getIssuerX500Principal().getName())
              + ", not "
              + name(issuer));
    }
    try {
      child.verify(issuer.getPublicKey(), BouncyCastle.PROVIDER);
      return Optional.empty();
    } catch (Exception e) {
      // Any failure to verify, including a key of the wrong type for the signature algorithm, is
      // the same verdict: this issuer's key did not sign this certificate.
      return fail(
          Status.BAD_SIGNATURE,
          level,
          name(child)
              + " (serial "
              + serial(child)
              + ", "
              + child.getSigAlgName()
              + ") is not signed by the key of "
              + name(issuer)
              + " (kid "
              + kid(issuer)
              + "): "
              + e.getClass().getSimpleName());
    }
  }

  private static Optional<ValidationResult> pathLength(
      X509Certificate intermediate, X509Certificate root) {
    // getBasicConstraints is the pathLenConstraint, or Integer.MAX_VALUE when unlimited.
    if (root.getBasicConstraints() < 1) {
      return fail(
          Status.PATH_LENGTH_EXCEEDED,
          Level.INTERMEDIATE,
          name(root)
              + " has pathLenConstraint "
              + root.getBasicConstraints()
              + ", which allows no CA below it, but "
              + name(intermediate)
              + " is one");
    }
    return Optional.empty();
  }

  private static Optional<ValidationResult> validity(
      X509Certificate certificate, Level level, Instant at) {
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    if (at.isBefore(notBefore)) {
      return fail(
          Status.NOT_YET_VALID,
          level,
          name(certificate)
              + " (serial "
              + serial(certificate)
              + ") is valid from "
              + notBefore
              + ", after "
              + at);
    }
    if (at.isAfter(notAfter)) {
      return fail(
          Status.EXPIRED,
          level,
          name(certificate)
              + " (serial "
              + serial(certificate)
              + ") expired at "
              + notAfter
              + ", before "
              + at);
    }
    return Optional.empty();
  }

  private static Optional<ValidationResult> revocation(
      DeviceCertificate device, X509Certificate intermediate, RevocationList crl, Instant at) {
    try {
      crl.requireSignedBy(intermediate);
    } catch (CrlException e) {
      return fail(
          Status.UNTRUSTED_CRL, Level.DEVICE, "CRL " + crl.crlNumber() + ": " + e.getMessage());
    }
    Optional<Revocation> entry =
        crl.revocationOf(device.serial()).filter(revocation -> revocation.isInEffectAt(at));
    if (entry.isPresent()) {
      Revocation revocation = entry.get();
      return Optional.of(
          ValidationResult.revoked(
              revocation,
              "device "
                  + device.deviceId()
                  + " certificate serial "
                  + device.serial().toString(16)
                  + " (kid "
                  + device.keyId()
                  + ") was revoked at "
                  + revocation.revokedAt()
                  + " for "
                  + revocation.reason()
                  + " (CRL "
                  + crl.crlNumber()
                  + ")"));
    }
    if (at.isAfter(crl.nextUpdate())) {
      return fail(
          Status.STALE_CRL,
          Level.DEVICE,
          "CRL "
              + crl.crlNumber()
              + " was due to be replaced at "
              + crl.nextUpdate()
              + ", before "
              + at
              + "; a newer CRL may revoke "
              + device.deviceId());
    }
    return Optional.empty();
  }

  private static Optional<ValidationResult> fail(Status status, Level level, String evidence) {
    return Optional.of(ValidationResult.failed(status, level, evidence));
  }

  private static String name(X509Certificate certificate) {
    return Untrusted.quote(certificate.getSubjectX500Principal().getName());
  }

  private static String serial(X509Certificate certificate) {
    return certificate.getSerialNumber().toString(16);
  }

  private static String kid(X509Certificate certificate) {
    try {
      return CertificateAuthority.kid(
          SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()));
    } catch (RuntimeException e) {
      return "unreadable";
    }
  }
}
