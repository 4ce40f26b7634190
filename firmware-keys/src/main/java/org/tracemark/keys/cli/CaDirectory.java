package org.tracemark.keys.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.tracemark.keys.pki.CertificateAuthority;
import org.tracemark.keys.pki.ChainValidator;
import org.tracemark.keys.pki.CrlException;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.DeviceCertificateException;
import org.tracemark.keys.pki.IssuanceException;
import org.tracemark.keys.pki.Pem;
import org.tracemark.keys.pki.PemException;
import org.tracemark.keys.pki.Revocation;
import org.tracemark.keys.pki.RevocationList;
import org.tracemark.keys.pki.ValidationResult;

/**
 * A CA directory: everything the device PKI's operator keeps, as plain files.
 *
 * <pre>
 * root.pem            root CA certificate                         init-root
 * root-key.pem        root CA key, encrypted PKCS#8, rw-------     init-root (keep offline)
 * issuing.pem         issuing (intermediate) CA certificate        issue-intermediate
 * issuing-key.pem     issuing CA key, encrypted PKCS#8, rw-------  issue-intermediate
 * issued/SERIAL.pem   every device certificate issued, by hex serial   enroll, rotate
 * revocations.txt     append-only revocation record ({@link RevocationLog})   revoke, rotate
 * crl.pem             the latest CRL, signed by the issuing CA     revoke, rotate, crl
 * crl-number          the number of that CRL, decimal              revoke, rotate, crl
 * </pre>
 */
final class CaDirectory {

  /**
   * How far notBefore is set back from the moment of issuance (never before the issuer's own): a
   * device whose clock runs a little behind can sign with a new certificate at once, instead of
   * having its first readings quarantined as {@code not-yet-valid}.
   */
  static final Duration BACKDATE = Duration.ofMinutes(5);

  static final String ROOT_CERTIFICATE = "root.pem";
  static final String ROOT_KEY = "root-key.pem";
  static final String ISSUING_CERTIFICATE = "issuing.pem";
  static final String ISSUING_KEY = "issuing-key.pem";
  static final String ISSUED = "issued";
  static final String REVOCATIONS = "revocations.txt";
  static final String CRL = "crl.pem";
  static final String CRL_NUMBER = "crl-number";

  /** A device certificate in {@code issued/}, with its file. */
  record Issued(Path file, DeviceCertificate certificate) {}

  private final Path directory;

  CaDirectory(Path directory) {
    this.directory = directory;
  }

  Path directory() {
    return directory;
  }

  Path file(String name) {
    return directory.resolve(name);
  }

  boolean exists() {
    return Files.isDirectory(directory);
  }

  boolean hasChain() {
    return Files.isRegularFile(file(ROOT_CERTIFICATE))
        && Files.isRegularFile(file(ISSUING_CERTIFICATE));
  }

  // ---- the CAs ---------------------------------------------------------------------------------

  X509Certificate rootCertificate() throws CommandFailure {
    return certificate(ROOT_CERTIFICATE, "no root CA in " + directory + "; run init-root first");
  }

  X509Certificate issuingCertificate() throws CommandFailure {
    return certificate(
        ISSUING_CERTIFICATE, "no issuing CA in " + directory + "; run issue-intermediate first");
  }

  /** The root CA with its key, decrypted with a passphrase from {@code passphrases}. */
  CertificateAuthority root(PassphraseSource passphrases) throws CommandFailure {
    return authority(rootCertificate(), ROOT_KEY, "root CA key", passphrases);
  }

  /** The issuing CA with its key, decrypted with a passphrase from {@code passphrases}. */
  CertificateAuthority issuing(PassphraseSource passphrases) throws CommandFailure {
    return authority(issuingCertificate(), ISSUING_KEY, "issuing CA key", passphrases);
  }

  /** The root CA with its key, decrypted with {@code passphrase}. */
  CertificateAuthority root(Passphrase passphrase) throws CommandFailure {
    X509Certificate certificate = rootCertificate();
    return new CertificateAuthority(
        certificate,
        PrivateKeyFile.open(existingKey(ROOT_KEY, "root CA key"), passphrase, "root CA key"));
  }

  private CertificateAuthority authority(
      X509Certificate certificate, String keyName, String what, PassphraseSource passphrases)
      throws CommandFailure {
    Path keyFile = existingKey(keyName, what);
    PrivateKey key;
    try (Passphrase passphrase = passphrases.forKey(keyFile)) {
      key = PrivateKeyFile.open(keyFile, passphrase, what);
    }
    return new CertificateAuthority(certificate, key);
  }

  /** {@code name} in this directory, which must exist: asking for a passphrase would be futile. */
  Path existingKey(String name, String what) throws CommandFailure {
    Path keyFile = file(name);
    if (!Files.exists(keyFile)) {
      throw CommandFailure.failed(
          "the " + what + " " + keyFile + " is missing (kept offline? copy it back for this)");
    }
    return keyFile;
  }

  private X509Certificate certificate(String name, String missing) throws CommandFailure {
    Path path = file(name);
    if (!Files.exists(path)) {
      throw CommandFailure.failed(missing + " (" + path + " is missing)");
    }
    try {
      return Pem.readCertificate(InputFiles.text(path, "CA certificate"));
    } catch (PemException e) {
      throw CommandFailure.failed(path + ": " + e.getMessage());
    }
  }

  /** When a certificate issued now by {@code issuer} starts: {@link #BACKDATE} ago, within it. */
  static Instant notBefore(Instant now, X509Certificate issuer) {
    Instant backdated = now.minus(BACKDATE);
    Instant issuerStart = issuer.getNotBefore().toInstant();
    return backdated.isBefore(issuerStart) ? issuerStart : backdated;
  }

  /**
   * Refuses a device certificate this CA did not issue: it must name the issuing CA and carry its
   * signature, and the issuing CA the root's (checked as of the certificate's own notBefore, so
   * that only trust is judged here, not whether it has expired since).
   */
  void requireIssuedHere(DeviceCertificate device, Path file) throws CommandFailure {
    ValidationResult result =
        ChainValidator.validate(
            device, issuingCertificate(), rootCertificate(), Optional.empty(), device.notBefore());
    if (!result.isValid()) {
      throw CommandFailure.failed(
          file
              + " was not issued by the CA in "
              + directory
              + ": "
              + result.status()
              + " at "
              + result.level().name().toLowerCase(java.util.Locale.ROOT)
              + ": "
              + result.evidence());
    }
  }

  // ---- issued certificates ---------------------------------------------------------------------

  Path issuedFile(BigInteger serial) {
    return file(ISSUED).resolve(serial.toString(16) + ".pem");
  }

  /** Keeps a copy of a newly issued certificate in {@code issued/}. */
  Path store(DeviceCertificate certificate) throws CommandFailure {
    OutputFiles.createDirectory(file(ISSUED), false);
    Path path = issuedFile(certificate.serial());
    OutputFiles.createNew(path, certificate.toPem());
    return path;
  }

  /** The certificate issued with {@code serial}, if this CA has a copy. */
  Optional<DeviceCertificate> issued(BigInteger serial) throws CommandFailure {
    Path path = issuedFile(serial);
    return Files.exists(path)
        ? Optional.of(readDeviceCertificate(path, "issued certificate"))
        : Optional.empty();
  }

  /** Every certificate in {@code issued/}, oldest first. */
  List<Issued> issued() throws CommandFailure {
    Path folder = file(ISSUED);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".pem")).sorted().toList();
    } catch (IOException e) {
      throw CommandFailure.failed("cannot list " + folder + ": " + InputFiles.describe(e));
    }
    List<Issued> issued = new ArrayList<>(files.size());
    for (Path path : files) {
      issued.add(new Issued(path, readDeviceCertificate(path, "issued certificate")));
    }
    issued.sort(
        Comparator.comparing((Issued i) -> i.certificate().notBefore())
            .thenComparing(i -> i.certificate().serial()));
    return issued;
  }

  static DeviceCertificate readDeviceCertificate(Path path, String what) throws CommandFailure {
    try {
      return DeviceCertificate.fromPem(InputFiles.text(path, what));
    } catch (DeviceCertificateException e) {
      throw CommandFailure.failed(
          what + " " + path + " is not a device certificate: " + e.getMessage());
    }
  }

  // ---- revocation ------------------------------------------------------------------------------

  RevocationLog revocations() {
    return new RevocationLog(file(REVOCATIONS));
  }

  /**
   * Records {@code revocation} and publishes a CRL listing it with every earlier one. The CRL is
   * signed before anything is written, so a failure (wrong passphrase, a time after now) changes
   * nothing; then the log line is appended, then {@code crl.pem} and {@code crl-number} replaced.
   */
  RevocationList revoke(
      CertificateAuthority issuing, Revocation revocation, Instant now, Duration crlValidity)
      throws CommandFailure {
    RevocationLog log = revocations();
    List<Revocation> all = new ArrayList<>(log.read());
    for (Revocation earlier : all) {
      if (earlier.serial().equals(revocation.serial())) {
        throw CommandFailure.failed(
            "serial "
                + revocation.serial().toString(16)
                + " was already revoked at "
                + earlier.revokedAt()
                + " ("
                + RevocationLog.code(earlier.reason())
                + "); a revocation is final");
      }
    }
    all.add(revocation);
    RevocationList crl = signCrl(issuing, all, now, crlValidity);
    log.append(revocation);
    publish(crl);
    return crl;
  }

  /** Publishes a fresh CRL of everything in the log, e.g. before the current one goes stale. */
  RevocationList reissueCrl(CertificateAuthority issuing, Instant now, Duration crlValidity)
      throws CommandFailure {
    RevocationList crl = signCrl(issuing, revocations().read(), now, crlValidity);
    publish(crl);
    return crl;
  }

  private RevocationList signCrl(
      CertificateAuthority issuing, List<Revocation> revocations, Instant now, Duration validity)
      throws CommandFailure {
    BigInteger number = lastCrlNumber().add(BigInteger.ONE);
    try {
      return RevocationList.issue(issuing, revocations, now, now.plus(validity), number);
    } catch (IssuanceException e) {
      throw CommandFailure.failed("cannot sign CRL " + number + ": " + e.getMessage());
    }
  }

  private void publish(RevocationList crl) throws CommandFailure {
    OutputFiles.replace(file(CRL), crl.toPem());
    OutputFiles.replace(file(CRL_NUMBER), crl.crlNumber() + "\n");
  }

  /** The number of the last CRL published, 0 before the first. */
  BigInteger lastCrlNumber() throws CommandFailure {
    Path path = file(CRL_NUMBER);
    if (!Files.exists(path)) {
      return BigInteger.ZERO;
    }
    String text = InputFiles.text(path, "CRL number").strip();
    try {
      BigInteger number = new BigInteger(text);
      if (number.signum() < 0) {
        throw new NumberFormatException();
      }
      return number;
    } catch (NumberFormatException e) {
      throw CommandFailure.failed(path + " should hold one non-negative decimal number");
    }
  }

  /** The published CRL, its signature checked against the issuing CA; empty before the first. */
  Optional<RevocationList> crl() throws CommandFailure {
    Path path = file(CRL);
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          RevocationList.fromPem(InputFiles.text(path, "CRL"), issuingCertificate()));
    } catch (CrlException e) {
      throw CommandFailure.failed(
          path + " is not a CRL of " + file(ISSUING_CERTIFICATE) + ": " + e.getMessage());
    }
  }

  /** {@code number N, K entries, next update T}: how commands describe a CRL. */
  static String summary(RevocationList crl) {
    return "number "
        + crl.crlNumber()
        + ", "
        + crl.revocations().size()
        + (crl.revocations().size() == 1 ? " entry" : " entries")
        + ", next update "
        + crl.nextUpdate();
  }
}
