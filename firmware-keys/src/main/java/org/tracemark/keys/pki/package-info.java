/**
 * The device PKI: an offline root CA, an issuing intermediate, and one certificate per device key.
 *
 * <pre>
 * root (self-signed, CA pathLen 1)          CertificateAuthority.createRoot, kept offline
 *   └─ intermediate (CA pathLen 0)          root.issueIntermediate → new CertificateAuthority(cert, key)
 *        ├─ device certificates             DeviceCsr.create (on the device) → DeviceEnrolment.issue
 *        └─ CRL                             RevocationList.issue
 * </pre>
 *
 * <p>Every level uses Ed25519 (the default) or EC P-256 keys, in any mix; a CA signs with {@code
 * Ed25519} or {@code SHA256withECDSA} according to its own key. Private keys are stored as
 * encrypted PKCS#8 PEM ({@link org.tracemark.keys.pki.EncryptedPrivateKey}); certificates, CSRs and
 * CRLs as plain PEM ({@link org.tracemark.keys.pki.Pem}). {@link
 * org.tracemark.keys.pki.ChainValidator} decides whether a device certificate is trusted at an
 * instant and names what failed.
 *
 * <p>Key rotation is enrolment plus revocation: enrol a new key for the same device id, then revoke
 * the old certificate with reason {@link org.tracemark.keys.pki.RevocationReason#SUPERSEDED}; see
 * {@link org.tracemark.keys.pki.DeviceEnrolment}.
 *
 * <p>Failures on bad input are checked exceptions with a stable reason code ({@link
 * org.tracemark.keys.pki.IssuanceException}, {@link
 * org.tracemark.keys.pki.DeviceCertificateException}, {@link org.tracemark.keys.pki.CrlException},
 * {@link org.tracemark.keys.pki.PemException}, {@link org.tracemark.keys.pki.PrivateKeyException})
 * whose message carries the evidence and never key material. All cryptography goes through one
 * Bouncy Castle provider instance that this package never installs JVM-wide.
 */
package org.tracemark.keys.pki;
