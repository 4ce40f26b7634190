package org.tracemark.ingest.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.tracemark.keys.pki.EncryptedPrivateKey;
import org.tracemark.keys.pki.PrivateKeyException;

/**
 * The two key stores HiveMQ's TLS listener reads: the broker's key with its chain, and the device
 * CAs to trust. HiveMQ takes them as files whose passwords sit in {@code config.xml}, so they are
 * rebuilt at each start under a fresh random password: the operator's own PKCS#12 password or PEM
 * passphrase is never written down.
 */
final class TlsKeyStores {

  static final String KEY_STORE_FILE = "broker-key.p12";
  static final String TRUST_STORE_FILE = "device-cas.p12";

  private final Path keyStore;
  private final Path trustStore;
  private final char[] password;
  private final X509Certificate brokerCertificate;

  private TlsKeyStores(
      Path keyStore, Path trustStore, char[] password, X509Certificate brokerCertificate) {
    this.keyStore = keyStore;
    this.trustStore = trustStore;
    this.password = password;
    this.brokerCertificate = brokerCertificate;
  }

  /** Reads the configured key and CAs and writes both stores into {@code folder}. */
  static TlsKeyStores write(BrokerTls tls, Path folder, char[] password)
      throws BrokerStartException {
    PrivateKey key;
    List<X509Certificate> chain;
    if (tls.brokerKey() instanceof BrokerTls.KeySource.Pkcs12 pkcs12) {
      KeyStore source = loadPkcs12(pkcs12);
      String alias = keyAlias(source, pkcs12.file());
      try {
        Key found = source.getKey(alias, pkcs12.password());
        if (!(found instanceof PrivateKey privateKey)) {
          throw new BrokerStartException(pkcs12.file() + ": entry " + alias + " is not a key");
        }
        key = privateKey;
        chain = new ArrayList<>();
        for (Certificate certificate : source.getCertificateChain(alias)) {
          chain.add((X509Certificate) certificate);
        }
      } catch (GeneralSecurityException e) {
        throw new BrokerStartException(
            pkcs12.file() + ": cannot read the key (wrong password?): " + e.getMessage(), e);
      }
    } else {
      BrokerTls.KeySource.Pem pem = (BrokerTls.KeySource.Pem) tls.brokerKey();
      chain = readCertificates(pem.certificateChain());
      key = readPemKey(pem);
    }
    if (chain.isEmpty()) {
      throw new BrokerStartException("the broker key has no certificate chain");
    }
    List<X509Certificate> cas = readCertificates(tls.deviceCaCertificates());
    if (cas.isEmpty()) {
      throw new BrokerStartException(
          tls.deviceCaCertificates() + " holds no CERTIFICATE; devices could never connect");
    }
    try {
      KeyStore keys = emptyStore();
      keys.setKeyEntry("broker", jdkKey(key), password, chain.toArray(new X509Certificate[0]));
      KeyStore trust = emptyStore();
      for (int i = 0; i < cas.size(); i++) {
        trust.setCertificateEntry("device-ca-" + i, cas.get(i));
      }
      Path keyFile = folder.resolve(KEY_STORE_FILE);
      Path trustFile = folder.resolve(TRUST_STORE_FILE);
      store(keys, keyFile, password);
      store(trust, trustFile, password);
      return new TlsKeyStores(keyFile, trustFile, password.clone(), chain.get(0));
    } catch (GeneralSecurityException | IOException e) {
      throw new BrokerStartException("cannot write the TLS key stores: " + e.getMessage(), e);
    }
  }

  Path keyStore() {
    return keyStore;
  }

  Path trustStore() {
    return trustStore;
  }

  /** The random password of both stores, as HiveMQ's config needs it. */
  String password() {
    return new String(password);
  }

  /** The certificate the listener presents; the start check compares it with what it sees. */
  X509Certificate brokerCertificate() {
    return brokerCertificate;
  }

  private static KeyStore loadPkcs12(BrokerTls.KeySource.Pkcs12 pkcs12)
      throws BrokerStartException {
    try (InputStream in = Files.newInputStream(pkcs12.file())) {
      // The JDK's PKCS12 type also reads JKS files (keystore.type.compat).
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, pkcs12.password());
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new BrokerStartException(
          pkcs12.file() + ": not a readable PKCS#12 key store (wrong password?): " + e.getMessage(),
          e);
    }
  }

  private static String keyAlias(KeyStore store, Path file) throws BrokerStartException {
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          return alias;
        }
      }
    } catch (GeneralSecurityException e) {
      throw new BrokerStartException(file + ": " + e.getMessage(), e);
    }
    throw new BrokerStartException(file + " holds no private key entry");
  }

  private static PrivateKey readPemKey(BrokerTls.KeySource.Pem pem) throws BrokerStartException {
    String text;
    try {
      text = Files.readString(pem.privateKey(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new BrokerStartException("cannot read " + pem.privateKey() + ": " + e, e);
    }
    if (text.contains("ENCRYPTED PRIVATE KEY")) {
      char[] passphrase = pem.passphrase().map(char[]::clone).orElse(new char[0]);
      try {
        return EncryptedPrivateKey.fromPem(text, passphrase);
      } catch (PrivateKeyException e) {
        throw new BrokerStartException(pem.privateKey() + ": " + e.getMessage(), e);
      } finally {
        Arrays.fill(passphrase, '\0');
      }
    }
    try (PEMParser parser = new PEMParser(new java.io.StringReader(text))) {
      Object object = parser.readObject();
      PrivateKeyInfo info =
          object instanceof PEMKeyPair pair
              ? pair.getPrivateKeyInfo()
              : object instanceof PrivateKeyInfo plain ? plain : null;
      if (info == null) {
        throw new BrokerStartException(
            pem.privateKey() + " holds no PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY");
      }
      return toJdk(info);
    } catch (IOException e) {
      throw new BrokerStartException(pem.privateKey() + ": not a PEM private key: " + e, e);
    }
  }

  /**
   * The same key as a JDK key, PKCS#8 version 1: the JDK's TLS matches keys by its own algorithm
   * names, and JDK 17 does not read Bouncy Castle's version 2 Ed25519 encoding.
   */
  private static PrivateKey jdkKey(PrivateKey key) throws BrokerStartException {
    try {
      return toJdk(PrivateKeyInfo.getInstance(key.getEncoded()));
    } catch (RuntimeException e) {
      throw new BrokerStartException("the broker key cannot be used for TLS: " + e, e);
    }
  }

  private static PrivateKey toJdk(PrivateKeyInfo info) throws BrokerStartException {
    try {
      byte[] v1 =
          new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey()).getEncoded();
      String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
      String algorithm =
          switch (oid) {
            case "1.3.101.112" -> "Ed25519";
            case "1.2.840.10045.2.1" -> "EC";
            case "1.2.840.113549.1.1.1" -> "RSA";
            default -> throw new BrokerStartException("unsupported broker key type " + oid);
          };
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(v1));
    } catch (IOException | GeneralSecurityException e) {
      throw new BrokerStartException("the broker key cannot be used for TLS: " + e, e);
    }
  }

  static List<X509Certificate> readCertificates(Path file) throws BrokerStartException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) certificate);
      }
      return certificates;
    } catch (IOException | GeneralSecurityException e) {
      throw new BrokerStartException(file + ": not a PEM certificate file: " + e.getMessage(), e);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private static void store(KeyStore store, Path file, char[] password)
      throws GeneralSecurityException, IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password);
    }
  }
}
