package org.tracemark.keys.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tracemark.keys.cli.TestCli.ok;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.keys.cli.TestCli.Run;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.Pem;
import org.tracemark.keys.pki.RevocationList;
import org.tracemark.keys.pki.RevocationReason;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingId;

class DevicePkiCommandsTest {

  @TempDir Path dir;

  private TestCli cli;

  @BeforeEach
  void ca() throws Exception {
    cli = new TestCli(dir).withCa();
  }

  private static Reading temperature(String device, long seq, Instant ts) {
    return Reading.single(
        ReadingId.of(DeviceId.of(device), 3, seq),
        Observation.sensor(ts.toEpochMilli(), Map.of("temperature", 4.5), List.of()));
  }

  private Run verify(Path reading, String... certificates) {
    String[] args = new String[4 + 2 * certificates.length];
    args[0] = "verify-reading";
    args[1] = "--file";
    args[2] = reading.toString();
    args[3] = "--ca-dir=" + cli.ca;
    for (int i = 0; i < certificates.length; i++) {
      args[4 + 2 * i] = "--cert";
      args[5 + 2 * i] = cli.path(certificates[i] + ".pem").toString();
    }
    return TestCli.run(args);
  }

  @Test
  void enrolledDeviceSignsAReadingThatIsAcceptedUntilItsCertificateIsRevoked() throws Exception {
    Run csr = cli.csr("silo-7", "silo-7", "ed25519");
    Run enrolled = cli.enroll("silo-7");
    DeviceCertificate certificate = cli.certificate("silo-7");
    assertThat(enrolled.field("device")).isEqualTo("silo-7");
    assertThat(enrolled.field("org")).isEqualTo("org-42");
    assertThat(enrolled.field("kid"))
        .isEqualTo(certificate.keyId().hex())
        .isEqualTo(csr.field("kid"));
    assertThat(enrolled.field("serial")).isEqualTo(certificate.serial().toString(16));
    assertThat(enrolled.field("valid"))
        .isEqualTo(certificate.notBefore() + " to " + certificate.notAfter());
    assertThat(
            Files.readString(
                cli.ca.resolve("issued/" + certificate.serial().toString(16) + ".pem")))
        .isEqualTo(certificate.toPem());

    Path message =
        cli.sign(
            "silo-7", temperature("silo-7", 41, Instant.now().minusSeconds(60)), "reading.cbor");
    Run accepted = verify(message, "silo-7");
    assertThat(accepted.exit()).as(accepted.err()).isZero();
    assertThat(accepted.field("kind")).isEqualTo("sensor");
    assertThat(accepted.field("dev")).isEqualTo("silo-7");
    assertThat(accepted.field("boot")).isEqualTo("3");
    assertThat(accepted.field("seq")).isEqualTo("41");
    assertThat(accepted.field("kid")).isEqualTo(certificate.keyId().hex());
    assertThat(accepted.field("alg")).isEqualTo("EdDSA (-8)");
    assertThat(accepted.field("observation")).isEqualTo("sensor: temperature=4.5");
    assertThat(accepted.field("topic"))
        .isEqualTo("tracemark/v1/devices/silo-7/readings (the payload's device)");
    assertThat(accepted.lastLine())
        .startsWith("accepted: signed by device silo-7 with key " + certificate.keyId().hex());

    Run revoked =
        cli.runWithPassphrase(
            "revoke",
            "--ca-dir",
            cli.ca.toString(),
            "--serial",
            certificate.serial().toString(16),
            "--reason",
            "key-compromise");
    ok(revoked);
    assertThat(revoked.field("reason")).isEqualTo("key-compromise");
    RevocationList crl =
        RevocationList.fromPem(
            Files.readString(cli.ca.resolve("crl.pem")),
            Pem.readCertificate(Files.readString(cli.ca.resolve("issuing.pem"))));
    assertThat(crl.crlNumber()).isEqualTo(BigInteger.ONE);
    assertThat(crl.revocationOf(certificate.serial()).orElseThrow().reason())
        .isEqualTo(RevocationReason.KEY_COMPROMISE);
    assertThat(Files.readString(cli.ca.resolve("crl-number"))).isEqualTo("1\n");

    // Compromise: nothing received from the revocation on is accepted, whenever it was signed.
    Run rejected = verify(message, "silo-7");
    assertThat(rejected.exit()).isEqualTo(1);
    assertThat(rejected.field("certificate")).contains("(key-compromise)");
    assertThat(rejected.lastLine())
        .startsWith("rejected: revoked: key " + certificate.keyId().hex() + " was revoked at ");
  }

  @Test
  void revocationsAreAppendedOneLinePerCertificateAndEachCrlGetsTheNextNumber() throws Exception {
    cli.csr("dev-a", "a", "ed25519");
    cli.enroll("a");
    cli.csr("dev-b", "b", "es256");
    cli.enroll("b");
    BigInteger a = cli.certificate("a").serial();
    BigInteger b = cli.certificate("b").serial();
    ok(
        cli.runWithPassphrase(
            "revoke",
            "--ca-dir",
            cli.ca.toString(),
            "--cert",
            cli.path("a.pem").toString(),
            "--reason",
            "cessation-of-operation",
            "--at",
            "2026-01-01T00:00:00Z"));
    ok(cli.runWithPassphrase("revoke", "--ca-dir", cli.ca.toString(), "--serial", b.toString(16)));

    List<String> records =
        Files.readAllLines(cli.ca.resolve("revocations.txt")).stream()
            .filter(line -> !line.startsWith("#"))
            .toList();
    assertThat(records).hasSize(2);
    assertThat(records.get(0))
        .isEqualTo(a.toString(16) + " 2026-01-01T00:00:00Z cessation-of-operation");
    assertThat(records.get(1))
        .matches(b.toString(16) + " \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ unspecified");
    assertThat(Files.readString(cli.ca.resolve("crl-number"))).isEqualTo("2\n");

    Run again =
        cli.runWithPassphrase("revoke", "--ca-dir", cli.ca.toString(), "--serial", b.toString(16));
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err())
        .startsWith("tracemark-keys: serial " + b.toString(16) + " was already revoked at ")
        .endsWith("(unspecified); a revocation is final\n");

    Run unknown =
        cli.runWithPassphrase("revoke", "--ca-dir", cli.ca.toString(), "--serial", "abc123");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("tracemark-keys: no certificate with serial abc123 in ");

    Run future =
        cli.runWithPassphrase(
            "revoke",
            "--ca-dir",
            cli.ca.toString(),
            "--serial",
            a.toString(16),
            "--at",
            Instant.now().plus(Duration.ofDays(1)).toString());
    assertThat(future.exit()).isEqualTo(2);
    assertThat(future.err()).contains("is in the future");

    Run refreshed = ok(cli.runWithPassphrase("crl", "--ca-dir", cli.ca.toString()));
    assertThat(refreshed.field("crl")).contains("(number 3, 2 entries, next update ");
  }

  @Test
  void rotationEnrollsTheNewKeyAndSupersedesTheOldOneFromNowOn() throws Exception {
    cli.csr("silo-7", "old", "ed25519");
    cli.enroll("old");
    Path signedBefore =
        cli.sign("old", temperature("silo-7", 1, Instant.now().minusSeconds(60)), "before.cbor");
    cli.csr("silo-7", "new", "es256");

    Run rotated =
        ok(
            cli.runWithPassphrase(
                "rotate",
                "--ca-dir",
                cli.ca.toString(),
                "--old-cert",
                cli.path("old.pem").toString(),
                "--csr",
                cli.path("new.csr").toString(),
                "--org",
                "org-42",
                "--out",
                cli.path("new.pem").toString()));
    DeviceCertificate old = cli.certificate("old");
    DeviceCertificate renewed = cli.certificate("new");
    assertThat(renewed.deviceId()).isEqualTo(old.deviceId());
    assertThat(rotated.out())
        .contains("kid          " + renewed.keyId().hex())
        .contains("old certificate, revoked (superseded)");
    assertThat(Files.readString(cli.ca.resolve("revocations.txt")))
        .contains(old.serial().toString(16) + " ")
        .contains(" superseded\n");

    // Superseded, not compromised: what the old key signed before the rotation still verifies ...
    Run before = verify(signedBefore, "old", "new");
    assertThat(before.lastLine())
        .startsWith("accepted: signed by device silo-7 with key " + old.keyId().hex());
    // ... what it signs after does not, and the new key is in use.
    Path signedAfter =
        cli.sign("old", temperature("silo-7", 2, Instant.now().plusSeconds(60)), "after.cbor");
    Run after = verify(signedAfter, "old", "new");
    assertThat(after.exit()).isEqualTo(1);
    assertThat(after.lastLine())
        .startsWith("rejected: revoked: key " + old.keyId().hex() + " was superseded at ");
    Path signedNew = cli.sign("new", temperature("silo-7", 3, Instant.now()), "new.cbor");
    Run fresh = verify(signedNew, "old", "new");
    assertThat(fresh.lastLine())
        .startsWith("accepted: signed by device silo-7 with key " + renewed.keyId().hex());
    assertThat(fresh.field("alg")).isEqualTo("ES256 (-7)");
  }

  @Test
  void rotationRefusesACsrForAnotherDeviceAndWritesNothing() throws Exception {
    cli.csr("silo-7", "old", "ed25519");
    cli.enroll("old");
    cli.csr("silo-8", "other", "ed25519");
    long issuedBefore = Files.list(cli.ca.resolve("issued")).count();

    Run refused =
        cli.runWithPassphrase(
            "rotate",
            "--ca-dir",
            cli.ca.toString(),
            "--old-cert",
            cli.path("old.pem").toString(),
            "--csr",
            cli.path("other.csr").toString(),
            "--org",
            "org-42");

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .isEqualTo(
            "tracemark-keys: --csr "
                + cli.path("other.csr")
                + " is for device silo-8 but --old-cert is for device silo-7; rotation keeps the"
                + " device id (enroll a new device with enroll)\n");
    assertThat(Files.list(cli.ca.resolve("issued")).count()).isEqualTo(issuedBefore);
    assertThat(cli.ca.resolve("revocations.txt")).doesNotExist();
  }

  @Test
  void listShowsActiveRevokedAndExpiredCertificates() throws Exception {
    cli.csr("silo-7", "old", "ed25519");
    cli.enroll("old");
    cli.csr("silo-7", "new", "ed25519");
    ok(
        cli.runWithPassphrase(
            "rotate",
            "--ca-dir",
            cli.ca.toString(),
            "--old-cert",
            cli.path("old.pem").toString(),
            "--csr",
            cli.path("new.csr").toString(),
            "--org",
            "org-42",
            "--out",
            cli.path("new.pem").toString()));
    cli.csr("truck-9", "truck", "es256");
    cli.enroll("truck");
    ok(
        cli.runWithPassphrase(
            "revoke",
            "--ca-dir",
            cli.ca.toString(),
            "--cert",
            cli.path("truck.pem").toString(),
            "--reason",
            "key-compromise",
            "--at",
            "2026-03-01T10:00:00Z"));

    Run list = ok(TestCli.run("list", "--ca-dir", cli.ca.toString()));
    assertThat(list.outLines().get(0))
        .startsWith("SERIAL")
        .contains("DEVICE", "ORG", "KID", "NOT AFTER", "STATUS");
    assertThat(list.outLines()).hasSize(4);
    assertThat(row(list, cli.certificate("old")))
        .contains("silo-7", "org-42", cli.certificate("old").notAfter().toString())
        .containsPattern("revoked\\(superseded, \\S+Z\\)$");
    assertThat(row(list, cli.certificate("new"))).endsWith("  active");
    assertThat(row(list, cli.certificate("truck")))
        .endsWith("revoked(key-compromise, 2026-03-01T10:00:00Z)");

    // Three years on, what was active has expired; revoked stays revoked.
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(3 * 365)), ZoneOffset.UTC);
    Run expired =
        ok(
            TestCli.run(
                new KeysCommand(name -> null, PassphrasePrompt.none(), later),
                "list",
                "--ca-dir",
                cli.ca.toString()));
    assertThat(row(expired, cli.certificate("new"))).endsWith("  expired");
    assertThat(row(expired, cli.certificate("truck"))).contains("revoked(key-compromise");
  }

  private static String row(Run list, DeviceCertificate certificate) {
    String serial = certificate.serial().toString(16);
    return list.outLines().stream()
        .filter(line -> line.startsWith(serial + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + serial + " in\n" + list.out()));
  }

  @Test
  void aWrongPassphraseIsOneClearLineAndChangesNothing() throws Exception {
    cli.csr("silo-7", "silo-7", "ed25519");
    Path wrong = cli.path("wrong.txt");
    Files.writeString(wrong, "not the passphrase\n");

    Run refused =
        TestCli.run(
            "enroll",
            "--ca-dir",
            cli.ca.toString(),
            "--csr",
            cli.path("silo-7.csr").toString(),
            "--org",
            "org-42",
            "--passphrase-file",
            wrong.toString());

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err())
        .isEqualTo(
            "tracemark-keys: cannot open issuing CA key "
                + cli.ca.resolve("issuing-key.pem")
                + ": wrong-passphrase: the passphrase does not decrypt the key"
                + " (1.2.840.113549.1.5.13), or the file is corrupt (passphrase from"
                + " --passphrase-file "
                + wrong
                + ")\n")
        .doesNotContain("not the passphrase");
    assertThat(cli.ca.resolve("issued")).doesNotExist();
  }

  @Test
  void privateKeysAreEncryptedOwnerOnlyAndNeverOverwritten() throws Exception {
    cli.csr("silo-7", "silo-7", "ed25519");
    for (Path key :
        List.of(
            cli.ca.resolve("root-key.pem"),
            cli.ca.resolve("issuing-key.pem"),
            cli.path("silo-7-key.pem"))) {
      assertThat(Files.readString(key)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
      if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
            .isEqualTo("rw-------");
      }
    }
    String before = Files.readString(cli.path("silo-7-key.pem"));

    Run again =
        cli.runWithPassphrase(
            "csr",
            "--device",
            "silo-7",
            "--key-out",
            cli.path("silo-7-key.pem").toString(),
            "--out",
            cli.path("again.csr").toString());
    Run secondRoot =
        cli.runWithPassphrase("init-root", "--ca-dir", cli.ca.toString(), "--name", "Another");

    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("already exists; a device key is never overwritten");
    assertThat(secondRoot.exit()).isEqualTo(1);
    assertThat(secondRoot.err()).contains("has a root CA already");
    assertThat(Files.readString(cli.path("silo-7-key.pem"))).isEqualTo(before);
  }

  @Test
  void verifyReadingExplainsABatchAndWithoutCertificatesOnlyDecodes() throws Exception {
    cli.csr("reefer-2", "reefer", "ed25519");
    cli.enroll("reefer");
    long ts = Instant.now().minusSeconds(30).toEpochMilli();
    Reading batch =
        Reading.batch(
            ReadingId.of(DeviceId.of("reefer-2"), 7, 100),
            ts,
            List.of(
                Observation.sensor(ts - 2000, Map.of("temperature", -18.0), List.of()),
                Observation.sensor(ts - 1000, Map.of("temperature", -17.5), List.of()),
                Observation.scan(
                    ts,
                    "urn:epc:id:sscc:4012345.0000000001",
                    "shipping",
                    java.util.Optional.of("urn:epc:id:sgln:4012345.00001.0"))));
    Path message = cli.sign("reefer", batch, "batch.cbor");

    Run explained = ok(TestCli.run("verify-reading", "--file", message.toString()));

    assertThat(explained.field("kind")).isEqualTo("batch");
    assertThat(explained.field("seq")).isEqualTo("100..102 (3 readings)");
    assertThat(explained.field("ts")).isEqualTo(Instant.ofEpochMilli(ts) + " (" + ts + " ms)");
    assertThat(explained.outLines())
        .contains(
            "  observation  [0] seq 100, ts "
                + Instant.ofEpochMilli(ts - 2000)
                + " ("
                + (ts - 2000)
                + " ms), sensor: temperature=-18",
            "  observation  [2] seq 102, ts "
                + Instant.ofEpochMilli(ts)
                + " ("
                + ts
                + " ms), scan: epc=urn:epc:id:sscc:4012345.0000000001 biz=shipping"
                + " loc=urn:epc:id:sgln:4012345.00001.0");
    assertThat(explained.lastLine()).startsWith("not verified: give --cert FILE");

    Run onAnotherTopic =
        TestCli.run(
            "verify-reading",
            "--file",
            message.toString(),
            "--cert",
            cli.path("reefer.pem").toString(),
            "--ca-dir",
            cli.ca.toString(),
            "--topic",
            "tracemark/v1/devices/silo-7/readings");
    assertThat(onAnotherTopic.exit()).isEqualTo(1);
    assertThat(onAnotherTopic.lastLine())
        .isEqualTo(
            "rejected: device-topic-mismatch: payload dev reefer-2 arrived on topic"
                + " tracemark/v1/devices/silo-7/readings");
  }

  @Test
  void aMalformedMessageIsRejectedWithItsReason() throws Exception {
    Path garbage = cli.path("garbage.cbor");
    Files.write(garbage, new byte[] {(byte) 0xd2, (byte) 0x84, 0x40});

    Run run = TestCli.run("verify-reading", "--file", garbage.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.lastLine()).startsWith("rejected: malformed: ");
  }

  @Test
  void aCertificateFromAnotherCaIsNotUsedSoTheReadingHasAnUnknownKid() throws Exception {
    TestCli other = new TestCli(Files.createDirectory(dir.resolve("other"))).withCa();
    other.csr("silo-7", "silo-7", "ed25519");
    other.enroll("silo-7");
    Path message =
        other.sign(
            "silo-7", temperature("silo-7", 5, Instant.now().minusSeconds(10)), "reading.cbor");

    Run run =
        TestCli.run(
            "verify-reading",
            "--file",
            message.toString(),
            "--ca-dir",
            cli.ca.toString(),
            "--cert",
            other.path("silo-7.pem").toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.field("certificate")).contains("NOT USED, bad-signature: ");
    assertThat(run.lastLine()).startsWith("rejected: unknown-kid: no enrolled key has kid ");

    Run revokeForeign =
        cli.runWithPassphrase(
            "revoke", "--ca-dir", cli.ca.toString(), "--cert", other.path("silo-7.pem").toString());
    assertThat(revokeForeign.exit()).isEqualTo(1);
    assertThat(revokeForeign.err()).contains("was not issued by the CA in " + cli.ca);
  }

  @Test
  void enrollmentRefusesABadCsrWithTheLibrarysReason() throws Exception {
    Path notACsr = cli.path("not.csr");
    Files.writeString(notACsr, Files.readString(cli.ca.resolve("root.pem")));

    Run run =
        cli.runWithPassphrase(
            "enroll",
            "--ca-dir",
            cli.ca.toString(),
            "--csr",
            notACsr.toString(),
            "--org",
            "org-42");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "tracemark-keys: --csr "
                + notACsr
                + ": malformed-csr: wrong-type: expected a"
                + " CERTIFICATE REQUEST block, found \"CERTIFICATE\"\n");
  }
}
