package org.tracemark.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.edge.publish.CertificateFixtures.Issued;
import org.tracemark.edge.publish.ConnectFailure.Reason;

/**
 * Builds socket factories from PEM files and shakes hands with an in-JVM TLS server that requires a
 * client certificate, checking the hostname as the publisher does (HTTPS endpoint identification).
 */
class TlsSettingsTest {

  @TempDir static Path dir;

  private static Issued ca;
  private static Issued broker;
  private static Path caPem;
  private static ClientIdentity device;

  @BeforeAll
  static void pki() throws Exception {
    ca = CertificateFixtures.ca("Test CA");
    broker = CertificateFixtures.loopbackServer(ca);
    caPem = CertificateFixtures.writeCertificates(dir.resolve("ca.pem"), ca.certificate());
    device =
        CertificateFixtures.identity(dir, "device", CertificateFixtures.client(ca, "reefer-0042"));
  }

  @Test
  void mutualTlsWithAVerifiedHostnameSucceeds() throws Exception {
    SSLSocketFactory factory =
        TlsSettings.trusting(caPem).withClientIdentity(device).socketFactory();
    try (TlsServer server = new TlsServer(broker, ca)) {
      assertThat(handshake(factory, server)).isEqualTo("ok");
      assertThat(server.peer()).isEqualTo("CN=reefer-0042");
    }
  }

  @Test
  void anEd25519ClientKeyWorksToo() throws Exception {
    Instant now = Instant.now();
    Issued edDevice =
        CertificateFixtures.client(
            ca,
            "ed-device",
            CertificateFixtures.ed25519(),
            now.minusSeconds(60),
            now.plusSeconds(3600));
    ClientIdentity identity = CertificateFixtures.identity(dir, "ed-device", edDevice);
    SSLSocketFactory factory =
        TlsSettings.trusting(caPem).withClientIdentity(identity).socketFactory();
    try (TlsServer server = new TlsServer(broker, ca)) {
      assertThat(handshake(factory, server)).isEqualTo("ok");
      assertThat(server.peer()).isEqualTo("CN=ed-device");
    }
  }

  @Test
  void aBrokerCertificateForAnotherHostIsRefused() throws Exception {
    Issued elsewhere =
        CertificateFixtures.server(
            ca, "elsewhere", new GeneralName(GeneralName.dNSName, "broker.invalid"));
    SSLSocketFactory factory =
        TlsSettings.trusting(caPem).withClientIdentity(device).socketFactory();
    try (TlsServer server = new TlsServer(elsewhere, ca)) {
      Exception failure = handshakeFailure(factory, server);
      assertThat(ConnectFailure.classify(failure, true, Instant.now(), 1).reason())
          .isEqualTo(Reason.SERVER_HOSTNAME_MISMATCH);
    }
  }

  @Test
  void aBrokerFromAnotherCaIsNotTrusted() throws Exception {
    Issued otherCa = CertificateFixtures.ca("Other CA");
    Issued impostor = CertificateFixtures.loopbackServer(otherCa);
    SSLSocketFactory factory =
        TlsSettings.trusting(caPem).withClientIdentity(device).socketFactory();
    try (TlsServer server = new TlsServer(impostor, ca)) {
      Exception failure = handshakeFailure(factory, server);
      ConnectFailure classified = ConnectFailure.classify(failure, true, Instant.now(), 1);
      assertThat(classified.reason()).isEqualTo(Reason.SERVER_CERTIFICATE_UNTRUSTED);
      assertThat(classified.detail()).contains("broker certificate not trusted");
    }
  }

  @Test
  void aClientCertificateFromAnotherCaIsStillPresentedSoTheBrokerCanSayWhy() throws Exception {
    Issued otherCa = CertificateFixtures.ca("Other CA");
    ClientIdentity stranger =
        CertificateFixtures.identity(
            dir, "stranger", CertificateFixtures.client(otherCa, "stranger"));
    SSLSocketFactory factory =
        TlsSettings.trusting(caPem).withClientIdentity(stranger).socketFactory();
    try (TlsServer server = new TlsServer(broker, ca)) {
      handshakeFailure(factory, server);
      // The JDK key manager would have sent nothing ("Empty client certificate chain"), since the
      // server asks for certificates of "Test CA" only.
      assertThat(server.failure()).isNotNull();
      assertThat(server.failure().toString()).doesNotContain("Empty").contains("PKIX");
    }
  }

  @Test
  void withoutAClientIdentityNoCertificateIsSent() throws Exception {
    SSLSocketFactory factory = TlsSettings.trusting(caPem).socketFactory();
    try (TlsServer server = new TlsServer(broker, ca)) {
      // What the client then sees is an alert or a reset, depending on TCP timing (see
      // TlsAlertProbe); the server's side is the evidence.
      handshakeFailure(factory, server);
      assertThat(server.failure().toString()).contains("Empty client certificate chain");
    }
  }

  @Test
  void aWrongPassphraseIsAConfigurationError() throws Exception {
    ClientIdentity wrong =
        ClientIdentity.of(
            device.certificateChain(), device.encryptedKey(), "not the passphrase".toCharArray());
    assertThatThrownBy(() -> TlsSettings.trusting(caPem).withClientIdentity(wrong).socketFactory())
        .isInstanceOfSatisfying(
            TlsSetupException.class,
            e -> assertThat(e.reason()).isEqualTo(TlsSetupException.Reason.WRONG_PASSPHRASE))
        .hasMessageContaining("device.key")
        .hasMessageNotContaining("not the passphrase");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws Exception {
    Issued other = CertificateFixtures.client(ca, "other");
    Path key = CertificateFixtures.writeEncryptedKey(dir.resolve("other.key"), other.privateKey());
    ClientIdentity mismatched =
        ClientIdentity.of(device.certificateChain(), key, CertificateFixtures.PASSPHRASE);
    assertThatThrownBy(
            () -> TlsSettings.trusting(caPem).withClientIdentity(mismatched).socketFactory())
        .isInstanceOfSatisfying(
            TlsSetupException.class,
            e -> assertThat(e.reason()).isEqualTo(TlsSetupException.Reason.KEY_MISMATCH))
        .hasMessageContaining("does not belong to the certificate CN=reefer-0042");
  }

  @Test
  void anUnencryptedKeyOrAFileWithoutCertificatesIsRefused() throws Exception {
    Path plain =
        CertificateFixtures.writePlainKey(
            dir.resolve("plain.key"), CertificateFixtures.p256().getPrivate());
    ClientIdentity unencrypted =
        ClientIdentity.of(device.certificateChain(), plain, CertificateFixtures.PASSPHRASE);
    assertThatThrownBy(
            () -> TlsSettings.trusting(caPem).withClientIdentity(unencrypted).socketFactory())
        .isInstanceOfSatisfying(
            TlsSetupException.class,
            e -> assertThat(e.reason()).isEqualTo(TlsSetupException.Reason.BAD_KEY))
        .hasMessageContaining("unencrypted");
    Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
    assertThatThrownBy(() -> TlsSettings.trusting(empty).socketFactory())
        .isInstanceOfSatisfying(
            TlsSetupException.class,
            e -> assertThat(e.reason()).isEqualTo(TlsSetupException.Reason.BAD_CERTIFICATE))
        .hasMessageContaining("holds no CERTIFICATE block");
  }

  @Test
  void everyCertificateOfACaBundleIsTrusted() throws Exception {
    Issued otherCa = CertificateFixtures.ca("Other CA");
    Path bundle =
        CertificateFixtures.writeCertificates(
            dir.resolve("bundle.pem"), otherCa.certificate(), ca.certificate());
    assertThat(TlsSettings.readCertificates(bundle)).hasSize(2);
    SSLSocketFactory factory =
        TlsSettings.trusting(bundle).withClientIdentity(device).socketFactory();
    try (TlsServer server = new TlsServer(broker, ca)) {
      assertThat(handshake(factory, server)).isEqualTo("ok");
    }
  }

  // ---- an in-JVM TLS 1.3 server requiring client certificates ------------------------------

  /** Connects to 127.0.0.1 with hostname verification on, sends a byte and reads the answer. */
  private static String handshake(SSLSocketFactory factory, TlsServer server) throws IOException {
    try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      // In TLS 1.3 the server judges the client certificate after the client's handshake is done;
      // its verdict arrives with the first read.
      socket.getOutputStream().write('?');
      socket.getOutputStream().flush();
      int answer = socket.getInputStream().read();
      return answer == '!' ? "ok" : "closed";
    }
  }

  private static Exception handshakeFailure(SSLSocketFactory factory, TlsServer server) {
    try {
      String result = handshake(factory, server);
      throw new AssertionError("handshake should have failed, got " + result);
    } catch (IOException e) {
      return e;
    }
  }

  private static final class TlsServer implements AutoCloseable {
    private final SSLServerSocket socket;
    private final CompletableFuture<String> peer = new CompletableFuture<>();

    TlsServer(Issued certificate, Issued trusted) throws Exception {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] password = "server".toCharArray();
      keys.setKeyEntry(
          "server",
          certificate.privateKey(),
          password,
          new X509Certificate[] {certificate.certificate()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", trusted.certificate());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLSv1.3");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      socket =
          (SSLServerSocket)
              context
                  .getServerSocketFactory()
                  .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
      socket.setNeedClientAuth(true);
      Thread thread =
          new Thread(
              () -> {
                try (SSLSocket client = (SSLSocket) socket.accept()) {
                  client.setSoTimeout(5_000);
                  client.startHandshake();
                  String name =
                      ((X509Certificate) client.getSession().getPeerCertificates()[0])
                          .getSubjectX500Principal()
                          .getName();
                  client.getInputStream().read();
                  client.getOutputStream().write('!');
                  client.getOutputStream().flush();
                  peer.complete(name);
                } catch (Exception e) {
                  peer.completeExceptionally(e);
                }
              },
              "tls-test-server");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    String peer() throws Exception {
      return peer.get(5, TimeUnit.SECONDS);
    }

    Throwable failure() throws InterruptedException {
      try {
        peer.get(5, TimeUnit.SECONDS);
        return null;
      } catch (java.util.concurrent.ExecutionException e) {
        return e.getCause();
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("server did not finish", e);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
