package org.tracemark.edge.publish;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.tracemark.edge.publish.TlsSetupException.Reason;
import org.tracemark.keys.pki.EncryptedPrivateKey;
import org.tracemark.keys.pki.Pem;
import org.tracemark.keys.pki.PemException;
import org.tracemark.keys.pki.PrivateKeyException;

/**
 * How the publisher talks TLS to an {@code ssl://} broker: which CAs it trusts for the broker's
 * certificate (a PEM file, or the JDK's default trust store when empty), and, for mutual TLS, the
 * device's {@link ClientIdentity}.
 *
 * <p>{@link #socketFactory()} builds a plain JDK {@link SSLContext} from in-memory key stores; the
 * publisher additionally turns on HTTPS-style hostname verification of the broker (RFC 2818: the
 * host of the broker URI must be in the certificate's subjectAltName, as DNS name or IP address).
 *
 * @param caCertificates PEM file with the CA certificate(s) to trust; empty for the JDK defaults
 * @param clientIdentity the client certificate and key for mutual TLS; empty for none
 */
public record TlsSettings(Optional<Path> caCertificates, Optional<ClientIdentity> clientIdentity) {

  private static final System.Logger LOG = System.getLogger(TlsSettings.class.getName());
  private static final String CLIENT_ALIAS = "client";
  private static final String EC = "EC";
  private static final String ED25519 = "Ed25519";

  public TlsSettings {
    if (caCertificates == null || clientIdentity == null) {
      throw new IllegalArgumentException("use Optional.empty(), not null");
    }
  }

  /** Trust only the CA certificate(s) in {@code caPem}; no client certificate. */
  public static TlsSettings trusting(Path caPem) {
    if (caPem == null) {
      throw new IllegalArgumentException("CA certificate file must not be null");
    }
    return new TlsSettings(Optional.of(caPem), Optional.empty());
  }

  /** Trust the JDK's default CAs; no client certificate. */
  public static TlsSettings trustingJdkDefaults() {
    return new TlsSettings(Optional.empty(), Optional.empty());
  }

  /** The same trust, presenting {@code identity} to the broker. */
  public TlsSettings withClientIdentity(ClientIdentity identity) {
    if (identity == null) {
      throw new IllegalArgumentException("client identity must not be null");
    }
    return new TlsSettings(caCertificates, Optional.of(identity));
  }

  /**
   * Reads the PEM files, decrypts the client key and builds the socket factory.
   *
   * @throws TlsSetupException if a file is unreadable or malformed, the passphrase is wrong, or the
   *     key does not belong to the certificate
   */
  public SSLSocketFactory socketFactory() throws TlsSetupException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(), trustManagers().getTrustManagers(), new SecureRandom());
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new TlsSetupException(
          Reason.UNSUPPORTED, "the JDK cannot build a TLS context: " + e.getMessage(), e);
    }
  }

  private TrustManagerFactory trustManagers() throws TlsSetupException, GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (caCertificates.isEmpty()) {
      factory.init((KeyStore) null);
      return factory;
    }
    List<X509Certificate> cas = readCertificates(caCertificates.get());
    KeyStore store = emptyKeyStore();
    for (int i = 0; i < cas.size(); i++) {
      store.setCertificateEntry("ca-" + i, cas.get(i));
    }
    factory.init(store);
    return factory;
  }

  private KeyManager[] keyManagers() throws TlsSetupException, GeneralSecurityException {
    if (clientIdentity.isEmpty()) {
      return null;
    }
    ClientIdentity identity = clientIdentity.get();
    List<X509Certificate> chain = readCertificates(identity.certificateChain());
    X509Certificate leaf = chain.get(0);
    PrivateKey key = decrypt(identity);
    requireKeyOf(leaf, key, identity);
    warnIfOutsideValidity(leaf, identity);

    // The store's password only guards the in-memory copy for the key manager; it never leaves
    // this method.
    char[] storePassword = new char[32];
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < storePassword.length; i++) {
      storePassword[i] = (char) ('a' + random.nextInt(26));
    }
    try {
      KeyStore store = emptyKeyStore();
      store.setKeyEntry(CLIENT_ALIAS, key, storePassword, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, storePassword);
      KeyManager[] managers = factory.getKeyManagers();
      for (int i = 0; i < managers.length; i++) {
        if (managers[i] instanceof X509KeyManager x509) {
          managers[i] = new AnyIssuerKeyManager(x509);
        }
      }
      return managers;
    } finally {
      Arrays.fill(storePassword, '\0');
    }
  }

  private static PrivateKey decrypt(ClientIdentity identity) throws TlsSetupException {
    String pem = readText(identity.encryptedKey());
    char[] passphrase = identity.passphrase();
    PrivateKey key;
    try {
      key = EncryptedPrivateKey.fromPem(pem, passphrase);
    } catch (PrivateKeyException e) {
      Reason reason =
          e.reason() == PrivateKeyException.Reason.WRONG_PASSPHRASE
              ? Reason.WRONG_PASSPHRASE
              : Reason.BAD_KEY;
      throw new TlsSetupException(
          reason, "client key " + identity.encryptedKey() + ": " + e.getMessage());
    } finally {
      Arrays.fill(passphrase, '\0');
    }
    return toJdkKey(key, identity);
  }

  /**
   * The same key as a JDK (SunEC) key. The TLS stack matches a key's {@link
   * PrivateKey#getAlgorithm()} against the handshake's key types ({@code EC}, {@code EdDSA}), and
   * Bouncy Castle names its keys differently ({@code ECDSA}, {@code Ed25519}).
   */
  private static PrivateKey toJdkKey(PrivateKey key, ClientIdentity identity)
      throws TlsSetupException {
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
      // PKCS#8 v1 without the optional public key, which not every JDK release reads.
      byte[] v1 =
          new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey()).getEncoded();
      String algorithm = isEd25519(info) ? ED25519 : EC;
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(v1));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new TlsSetupException(
          Reason.UNSUPPORTED,
          "client key " + identity.encryptedKey() + " cannot be used by the JDK's TLS: " + e,
          e);
    }
  }

  private static boolean isEd25519(PrivateKeyInfo info) {
    return "1.3.101.112".equals(info.getPrivateKeyAlgorithm().getAlgorithm().getId());
  }

  // Signs a challenge and checks it with the certificate's key: a mismatched pair would otherwise
  // only show up as an opaque handshake failure at the broker.
  private static void requireKeyOf(X509Certificate leaf, PrivateKey key, ClientIdentity identity)
      throws TlsSetupException {
    String algorithm =
        ED25519.equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())
            ? ED25519
            : "SHA256withECDSA";
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(challenge);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      matches = false;
    }
    if (!matches) {
      throw new TlsSetupException(
          Reason.KEY_MISMATCH,
          "client key "
              + identity.encryptedKey()
              + " does not belong to the certificate "
              + subject(leaf)
              + " in "
              + identity.certificateChain());
    }
  }

  private static void warnIfOutsideValidity(X509Certificate leaf, ClientIdentity identity) {
    try {
      leaf.checkValidity();
    } catch (CertificateExpiredException e) {
      LOG.log(
          Level.WARNING,
          "client certificate {0} ({1}) expired at {2}; brokers will refuse it",
          subject(leaf),
          identity.certificateChain(),
          leaf.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      LOG.log(
          Level.WARNING,
          "client certificate {0} ({1}) is not valid before {2}; check the device clock",
          subject(leaf),
          identity.certificateChain(),
          leaf.getNotBefore().toInstant());
    }
  }

  /** Every {@code CERTIFICATE} block in the file, in order; at least one. */
  static List<X509Certificate> readCertificates(Path file) throws TlsSetupException {
    String text = readText(file);
    String begin = "-----BEGIN " + Pem.Label.CERTIFICATE.text() + "-----";
    List<X509Certificate> certificates = new ArrayList<>();
    int from = text.indexOf(begin);
    while (from >= 0) {
      int next = text.indexOf(begin, from + begin.length());
      String block = next < 0 ? text.substring(from) : text.substring(from, next);
      try {
        certificates.add(Pem.readCertificate(block));
      } catch (PemException e) {
        throw new TlsSetupException(
            Reason.BAD_CERTIFICATE,
            file + ": certificate " + (certificates.size() + 1) + ": " + e.getMessage());
      }
      from = next;
    }
    if (certificates.isEmpty()) {
      throw new TlsSetupException(Reason.BAD_CERTIFICATE, file + " holds no CERTIFICATE block");
    }
    return certificates;
  }

  private static String readText(Path file) throws TlsSetupException {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new TlsSetupException(Reason.UNREADABLE, "cannot read " + file + ": " + e, e);
    }
  }

  private static KeyStore emptyKeyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException("an empty in-memory key store cannot fail to load", e);
    }
    return store;
  }

  private static String subject(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName();
  }

  /**
   * Presents the device's one certificate whatever CA names the broker lists in its certificate
   * request. The JDK's key manager otherwise sends no certificate at all when the issuer is not
   * listed, and the broker then reports "certificate required" instead of the real reason ("unknown
   * CA"), which is what an operator needs to read.
   */
  static final class AnyIssuerKeyManager extends X509ExtendedKeyManager {

    private final X509KeyManager delegate;

    AnyIssuerKeyManager(X509KeyManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return delegate.chooseClientAlias(keyType, null, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return delegate instanceof X509ExtendedKeyManager extended
          ? extended.chooseEngineClientAlias(keyType, null, engine)
          : delegate.chooseClientAlias(keyType, null, null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return delegate.getClientAliases(keyType, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return delegate.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return delegate.getPrivateKey(alias);
    }
  }
}
