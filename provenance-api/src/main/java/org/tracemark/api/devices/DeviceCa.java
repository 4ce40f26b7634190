package org.tracemark.api.devices;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.tracemark.api.secrets.Passphrase;
import org.tracemark.keys.pki.CertificateAuthority;
import org.tracemark.keys.pki.EncryptedPrivateKey;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.pki.Pem;
import org.tracemark.keys.signing.SigningAlgorithm;

/**
 * The issuing CA that signs device certificates: loaded from the database, or on a deployment's
 * first start created together with a root (Ed25519). The root's key goes to {@code
 * tracemark.ca.directory}, encrypted, never to the database: the database only needs to issue.
 */
@ApplicationScoped
public class DeviceCa {

  private static final Logger LOG = Logger.getLogger(DeviceCa.class);
  private static final Duration ROOT_VALIDITY = Duration.ofDays(20 * 365);
  private static final Duration ISSUING_VALIDITY = Duration.ofDays(10 * 365);

  private final DataSource dataSource;
  private final DeviceCaConfig config;
  private final String schema;
  private volatile CertificateAuthority issuing;
  private volatile X509Certificate root;

  public DeviceCa(
      DataSource dataSource,
      DeviceCaConfig config,
      @org.eclipse.microprofile.config.inject.ConfigProperty(name = "tracemark.db.schema")
          String schema) {
    this.dataSource = dataSource;
    this.config = config;
    this.schema = schema;
  }

  void start(@Observes @Priority(2500) StartupEvent event) throws Exception {
    char[] passphrase =
        Passphrase.resolve(
            "device CA key",
            "TRACEMARK_CA_KEY_PASSPHRASE",
            config.keyPassphrase(),
            config.keyPassphraseFile(),
            config.generatePassphrase());
    try {
      if (!load(passphrase)) {
        create(passphrase);
        if (!load(passphrase)) {
          throw new IllegalStateException("the device CA row vanished right after it was written");
        }
      }
    } finally {
      Arrays.fill(passphrase, '\0');
    }
    LOG.infof(
        "Device CA: issuing as \"%s\", root \"%s\"",
        issuing.certificate().getSubjectX500Principal().getName(),
        root.getSubjectX500Principal().getName());
  }

  private boolean load(char[] passphrase) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT certificate, root_certificate, encrypted_key FROM "
                    + schema
                    + ".device_ca WHERE id = 1")) {
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        X509Certificate certificate = certificate(rs.getBytes(1));
        root = certificate(rs.getBytes(2));
        issuing =
            new CertificateAuthority(
                certificate, EncryptedPrivateKey.fromPem(rs.getString(3), passphrase));
        return true;
      }
    }
  }

  /**
   * A new root and issuing CA; if another process won the race, its CA stays and ours is unused.
   */
  private void create(char[] passphrase) throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    KeyPair rootKeys = KeyPairs.generate(SigningAlgorithm.ED25519);
    CertificateAuthority newRoot =
        CertificateAuthority.createRoot(
            "Tracemark Device Root CA", rootKeys, now.minusSeconds(60), now.plus(ROOT_VALIDITY));
    KeyPair issuingKeys = KeyPairs.generate(SigningAlgorithm.ED25519);
    X509Certificate issuingCertificate =
        newRoot.issueIntermediate(
            "Tracemark Device Issuing CA 1",
            issuingKeys.getPublic(),
            now.minusSeconds(60),
            now.plus(ISSUING_VALIDITY));
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + schema
                    + ".device_ca (id, certificate, root_certificate, encrypted_key)"
                    + " VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
      s.setBytes(1, issuingCertificate.getEncoded());
      s.setBytes(2, newRoot.certificate().getEncoded());
      s.setString(3, EncryptedPrivateKey.toPem(issuingKeys.getPrivate(), passphrase));
      if (s.executeUpdate() == 1) {
        keepRoot(newRoot, passphrase);
      }
    }
  }

  private void keepRoot(CertificateAuthority newRoot, char[] passphrase) throws Exception {
    Path directory = config.directory();
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("root.pem"), Pem.certificate(newRoot.certificate()));
    Path key = directory.resolve("root-key.pem");
    Files.writeString(key, EncryptedPrivateKey.toPem(newRoot.signingKey(), passphrase));
    try {
      Files.setPosixFilePermissions(
          key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the user profile's ACLs apply.
    }
    LOG.infof(
        "Created a device root CA; its certificate and encrypted key are in %s. Move the key"
            + " offline for production.",
        directory);
  }

  private static X509Certificate certificate(byte[] der) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  /** The CA that issues device certificates (and the CRL), with its key. */
  public CertificateAuthority issuing() {
    return issuing;
  }

  public X509Certificate root() {
    return root;
  }

  /** The chain a verifier needs above a device certificate: issuing CA, then root, as PEM. */
  public String chainPem() {
    return Pem.certificate(issuing.certificate()) + Pem.certificate(root);
  }
}
