package org.tracemark.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.keys.pki.EncryptedPrivateKey;

/** Each way of giving the broker its key ends as the same two stores, under our own password. */
class TlsKeyStoresTest {

  @TempDir Path folder;
  private Path cas;
  private BrokerTls.KeySource.Pem plainPem;
  private X509Certificate brokerCertificate;
  private PrivateKey brokerKey;

  @BeforeEach
  void pki() throws Exception {
    TestPki pki = new TestPki();
    cas = pki.writeDeviceCa(folder);
    plainPem = (BrokerTls.KeySource.Pem) pki.writeBrokerKey(folder);
    brokerCertificate = TlsKeyStores.readCertificates(plainPem.certificateChain()).get(0);
    Path out = Files.createDirectory(folder.resolve("plain"));
    KeyStore keys =
        load(TlsKeyStores.write(BrokerTls.of(plainPem, cas), out, "pw".toCharArray()).keyStore());
    brokerKey = (PrivateKey) keys.getKey("broker", "pw".toCharArray());
  }

  @Test
  void anUnencryptedPemKeyBecomesTheBrokerEntry() throws Exception {
    Path out = Files.createDirectory(folder.resolve("out"));
    TlsKeyStores stores =
        TlsKeyStores.write(BrokerTls.of(plainPem, cas), out, "ours".toCharArray());

    KeyStore keys = load(stores.keyStore(), stores.password());
    assertThat(keys.getCertificate("broker")).isEqualTo(brokerCertificate);
    assertThat(stores.brokerCertificate()).isEqualTo(brokerCertificate);
    KeyStore trust = load(stores.trustStore(), stores.password());
    assertThat(trust.size()).isEqualTo(1);
    assertThat(trust.isCertificateEntry("device-ca-0")).isTrue();
  }

  @Test
  void anEncryptedPemKeyNeedsItsPassphrase() throws Exception {
    char[] passphrase = "pem-passphrase".toCharArray();
    Path encrypted = folder.resolve("broker-key-encrypted.pem");
    Files.writeString(
        encrypted, EncryptedPrivateKey.toPem(brokerKey, passphrase), StandardCharsets.US_ASCII);
    Path out = Files.createDirectory(folder.resolve("out"));

    TlsKeyStores stores =
        TlsKeyStores.write(
            BrokerTls.of(BrokerTls.pem(plainPem.certificateChain(), encrypted, passphrase), cas),
            out,
            "ours".toCharArray());
    assertThat(load(stores.keyStore(), stores.password()).isKeyEntry("broker")).isTrue();

    assertThatThrownBy(
            () ->
                TlsKeyStores.write(
                    BrokerTls.of(
                        BrokerTls.pem(
                            plainPem.certificateChain(), encrypted, "wrong".toCharArray()),
                        cas),
                    Files.createDirectory(folder.resolve("wrong")),
                    "ours".toCharArray()))
        .isInstanceOf(BrokerStartException.class)
        .hasMessageContaining(encrypted.toString());
  }

  @Test
  void aPkcs12KeyStoreIsCopiedUnderOurOwnPassword() throws Exception {
    char[] theirs = "their-p12-password".toCharArray();
    KeyStore source = KeyStore.getInstance("PKCS12");
    source.load(null, null);
    source.setKeyEntry("whatever", brokerKey, theirs, new X509Certificate[] {brokerCertificate});
    Path p12 = folder.resolve("broker.p12");
    try (OutputStream stream = Files.newOutputStream(p12)) {
      source.store(stream, theirs);
    }
    Path out = Files.createDirectory(folder.resolve("out"));

    TlsKeyStores stores =
        TlsKeyStores.write(
            BrokerTls.of(BrokerTls.pkcs12(p12, theirs), cas), out, "ours".toCharArray());

    assertThat(load(stores.keyStore(), stores.password()).getCertificate("broker"))
        .isEqualTo(brokerCertificate);
    assertThat(stores.password()).isEqualTo("ours");
    assertThatThrownBy(
            () ->
                TlsKeyStores.write(
                    BrokerTls.of(BrokerTls.pkcs12(p12, "wrong".toCharArray()), cas),
                    Files.createDirectory(folder.resolve("wrong")),
                    "ours".toCharArray()))
        .isInstanceOf(BrokerStartException.class)
        .hasMessageContaining("wrong password?");
  }

  private static KeyStore load(Path file) throws Exception {
    return load(file, "pw");
  }

  private static KeyStore load(Path file, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }
}
