package org.tracemark.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.edge.publish.CertificateFixtures.Issued;
import org.tracemark.edge.publish.ConnectFailure.Reason;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.testing.MosquittoBroker;

/**
 * Mosquitto with mutual TLS ({@code require_certificate}, {@code use_identity_as_username}): the
 * right certificate publishes; a missing, foreign or expired one, an untrusted broker and a broker
 * certificate for another host are each reported with their own reason, and nothing is lost.
 */
class PublisherTlsIT {

  private static final int READINGS = 300;

  @TempDir static Path dir;

  private static MosquittoBroker broker;
  private static int port;
  private static int wrongHostPort;
  private static Issued ca;
  private static Path caPem;

  @BeforeAll
  static void mutualTlsBroker() throws Exception {
    ca = CertificateFixtures.ca("Tracemark Test CA");
    caPem = CertificateFixtures.writeCertificates(dir.resolve("ca.pem"), ca.certificate());
    Issued server = CertificateFixtures.loopbackServer(ca);
    Path serverPem =
        CertificateFixtures.writeCertificates(dir.resolve("server.pem"), server.certificate());
    Path serverKey =
        CertificateFixtures.writePlainKey(dir.resolve("server.key"), server.privateKey());
    Issued elsewhere =
        CertificateFixtures.server(
            ca, "elsewhere", new GeneralName(GeneralName.dNSName, "broker.invalid"));
    Path elsewherePem =
        CertificateFixtures.writeCertificates(
            dir.resolve("elsewhere.pem"), elsewhere.certificate());
    Path elsewhereKey =
        CertificateFixtures.writePlainKey(dir.resolve("elsewhere.key"), elsewhere.privateKey());
    port = MosquittoBroker.freePort();
    wrongHostPort = MosquittoBroker.freePort();
    List<String> config = new ArrayList<>();
    config.add("allow_anonymous true");
    config.addAll(listener(port, serverPem, serverKey));
    config.addAll(listener(wrongHostPort, elsewherePem, elsewhereKey));
    broker =
        MosquittoBroker.start(dir, List.of(port, wrongHostPort), config.toArray(new String[0]));
  }

  private static List<String> listener(int port, Path certificate, Path key) {
    return List.of(
        "listener " + port + " 127.0.0.1",
        "cafile " + caPem,
        "certfile " + certificate,
        "keyfile " + key,
        "require_certificate true",
        "use_identity_as_username true");
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void theDeviceCertificatePublishesAndATlsSubscriberReceivesEverything() throws Exception {
    DeviceId device = FastRetry.uniqueDevice("it-tls");
    ClientIdentity identity =
        CertificateFixtures.identity(
            dir, device.value(), CertificateFixtures.client(ca, device.value()));
    ClientIdentity subscriberIdentity =
        CertificateFixtures.identity(dir, "subscriber", CertificateFixtures.client(ca, "ingest"));
    TlsSettings subscriberTls = TlsSettings.trusting(caPem).withClientIdentity(subscriberIdentity);
    MemoryOutbox outbox = new MemoryOutbox().fill(READINGS);
    try (RecordingSubscriber subscriber =
            RecordingSubscriber.connect(
                uri(port),
                "sub-" + device,
                true,
                subscriberTls.socketFactory(),
                device.readingsTopic());
        Publisher publisher =
            Publisher.start(
                FastRetry.options(device, uri(port))
                    .tls(TlsSettings.trusting(caPem).withClientIdentity(identity))
                    .build(),
                outbox)) {
      assertThat(publisher.awaitDrained(Duration.ofSeconds(20))).isTrue();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> subscriber.ids(device.readingsTopic()).size() >= READINGS);
      assertThat(RecordingSubscriber.firstOccurrences(subscriber.ids(device.readingsTopic())))
          .containsExactlyElementsOf(LongStream.range(0, READINGS).boxed().toList());
      assertThat(publisher.stats().failedAttempts()).isZero();
    }
  }

  @Test
  void rejectedClientCertificatesAreReportedRetriedAndLoseNothing() throws Exception {
    Issued otherCa = CertificateFixtures.ca("Some Other CA");
    Map<Reason, TlsSettings> cases =
        Map.of(
            Reason.CLIENT_CERTIFICATE_REQUIRED,
            TlsSettings.trusting(caPem),
            Reason.CLIENT_CERTIFICATE_REJECTED,
            TlsSettings.trusting(caPem)
                .withClientIdentity(
                    CertificateFixtures.identity(
                        dir, "foreign", CertificateFixtures.client(otherCa, "foreign"))),
            Reason.CLIENT_CERTIFICATE_EXPIRED,
            TlsSettings.trusting(caPem)
                .withClientIdentity(
                    CertificateFixtures.identity(
                        dir, "expired", CertificateFixtures.expiredClient(ca, "expired"))));
    assertRefused(port, cases);
  }

  @Test
  void anUntrustedBrokerOrOneWithAnotherHostsCertificateIsRefusedByThePublisher() throws Exception {
    ClientIdentity identity =
        CertificateFixtures.identity(dir, "careful", CertificateFixtures.client(ca, "careful"));
    Issued otherCa = CertificateFixtures.ca("Attacker CA");
    Path otherCaPem =
        CertificateFixtures.writeCertificates(dir.resolve("other-ca.pem"), otherCa.certificate());
    assertRefused(
        port,
        Map.of(
            Reason.SERVER_CERTIFICATE_UNTRUSTED,
            TlsSettings.trusting(otherCaPem).withClientIdentity(identity)));
    assertRefused(
        wrongHostPort,
        Map.of(
            Reason.SERVER_HOSTNAME_MISMATCH,
            TlsSettings.trusting(caPem).withClientIdentity(identity)));
  }

  /** Each publisher fails with its reason at least twice and keeps all 50 readings. */
  private static void assertRefused(int port, Map<Reason, TlsSettings> cases) throws Exception {
    List<Publisher> publishers = new ArrayList<>();
    List<MemoryOutbox> outboxes = new ArrayList<>();
    List<DeviceId> devices = new ArrayList<>();
    List<Reason> expected = new ArrayList<>(cases.keySet());
    try (FastRetry.CapturedLog log = new FastRetry.CapturedLog()) {
      for (Reason reason : expected) {
        DeviceId device = FastRetry.uniqueDevice("it-" + reason.code());
        devices.add(device);
        MemoryOutbox outbox = new MemoryOutbox().fill(50);
        outboxes.add(outbox);
        publishers.add(
            Publisher.start(
                FastRetry.options(device, uri(port)).tls(cases.get(reason)).build(), outbox));
      }
      for (int i = 0; i < expected.size(); i++) {
        Publisher publisher = publishers.get(i);
        Reason reason = expected.get(i);
        await(reason.code())
            .atMost(Duration.ofSeconds(15))
            .untilAsserted(
                () -> {
                  PublisherStats stats = publisher.stats();
                  assertThat(stats.failedAttempts()).isGreaterThanOrEqualTo(2);
                  assertThat(stats.lastError())
                      .hasValueSatisfying(
                          failure -> assertThat(failure.reason()).isEqualTo(reason));
                });
        PublisherStats stats = publisher.stats();
        assertThat(stats.connected()).isFalse();
        assertThat(stats.connects()).isZero();
        assertThat(stats.acknowledged()).isZero();
        assertThat(outboxes.get(i).head()).isZero();
        assertThat(outboxes.get(i).pending()).isEqualTo(50);
        // One line per attempt, each naming the reason (TLS 1.3 alerts included, see
        // TlsAlertProbe).
        assertThat(log.failedAttempts(devices.get(i).value()))
            .hasSizeGreaterThanOrEqualTo(2)
            .allSatisfy(
                line ->
                    assertThat(line).containsPattern("\\(attempt \\d+, " + reason.code() + "\\)"));
      }
    } finally {
      publishers.forEach(Publisher::close);
    }
  }

  private static String uri(int port) {
    return "ssl://127.0.0.1:" + port;
  }
}
