package org.tracemark.keys.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tracemark.keys.cose.CoseHeader;
import org.tracemark.keys.cose.MalformedCoseException;
import org.tracemark.keys.pki.ChainValidator;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.Revocation;
import org.tracemark.keys.pki.RevocationList;
import org.tracemark.keys.pki.ValidationResult;
import org.tracemark.keys.reading.DeviceKey;
import org.tracemark.keys.reading.KeyRevocation;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.ReadingCheck;
import org.tracemark.keys.reading.ReadingKind;
import org.tracemark.keys.reading.ReadingVerifier;
import org.tracemark.keys.reading.SignedReading;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SignatureKey;
import org.tracemark.keys.signing.UnsupportedKeyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "verify-reading",
    mixinStandardHelpOptions = true,
    version = KeysCommand.VERSION,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Decodes a signed reading (the MQTT payload, binary COSE_Sign1) and explains it: kind,"
          + " dev/boot/seq (a range for a batch), ts, every observation, kid and alg.",
      "With --cert, also verifies it as ingest does (signed-reading v1 rules 1-7): the keys are"
          + " the given device certificates, each checked to chain to the CA in --ca-dir when"
          + " that has root.pem and issuing.pem, and revoked as its crl.pem says. The last line"
          + " is 'accepted: ...' or 'rejected: <quarantine reason>: <detail>'."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:accepted; without --cert: well-formed (not verified)",
      "1:rejected or malformed, or a file could not be read",
      "2:usage error"
    })
final class VerifyReadingCommand extends KeysSubcommand {

  @Option(
      names = "--file",
      required = true,
      paramLabel = "FILE",
      description = "The signed reading, exactly the bytes of the MQTT message.")
  Path file;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description =
          "The MQTT topic it arrived on. Default: the payload device's own,"
              + " tracemark/v1/devices/<dev>/readings.")
  String topic;

  @Option(
      names = "--cert",
      arity = "1..*",
      paramLabel = "FILE",
      description =
          "Device certificates (PEM) whose keys may have signed it. Repeat, or list" + " several.")
  List<Path> certificateFiles = new ArrayList<>();

  @Mixin CaDirectoryOption caDirectory;

  @Option(
      names = "--received",
      paramLabel = "INSTANT",
      converter = OptionConverters.Time.class,
      description = "When the platform received it (ISO-8601); decides revocation. Default: now.")
  Instant received;

  @Override
  int run() throws CommandFailure {
    byte[] message = InputFiles.bytes(file, "--file", SignedReading.MAX_MESSAGE_BYTES + 1);
    field("message", file + " (" + message.length + " bytes)");
    if (message.length > SignedReading.MAX_MESSAGE_BYTES) {
      return rejected(
          "oversize", "more than " + SignedReading.MAX_MESSAGE_BYTES + " bytes (60 KiB)");
    }
    SignedReading signed;
    try {
      signed = SignedReading.decode(message);
    } catch (MalformedCoseException e) {
      return rejected("malformed", e.getMessage());
    }
    explain(signed);
    if (certificateFiles.isEmpty()) {
      out()
          .println(
              "not verified: give --cert FILE (the device's certificate) to check the signature, the"
                  + " key's validity and revocation");
      return KeysCommand.OK;
    }

    Reading reading = signed.reading();
    String arrivedOn = topic != null ? topic : reading.device().readingsTopic();
    Instant receivedAt = received != null ? received : now();
    field("topic", printable(arrivedOn) + (topic == null ? " (the payload's device)" : ""));
    field("received", receivedAt + (received == null ? " (now)" : ""));

    CaDirectory ca = caDirectory.ca();
    Optional<X509Certificate[]> chain = Optional.empty();
    Optional<RevocationList> crl = Optional.empty();
    if (!ca.exists()) {
      if (caDirectory.given()) {
        throw CommandFailure.failed("no CA directory " + ca.directory());
      }
      field("ca", "none (no " + ca.directory() + "): chains and revocation not checked");
    } else {
      if (ca.hasChain()) {
        chain = Optional.of(new X509Certificate[] {ca.issuingCertificate(), ca.rootCertificate()});
        field("ca", ca.directory() + ": certificates must chain to its root via its issuing CA");
      } else {
        field("ca", ca.directory() + " has no root.pem and issuing.pem: chains not checked");
      }
      crl = ca.crl();
      field(
          "crl",
          crl.map(list -> describe(list, ca, receivedAt))
              .orElse("none in " + ca.directory() + " (nothing revoked yet)"));
    }

    Map<KeyId, DeviceKey> keys = new LinkedHashMap<>();
    for (Path certificateFile : certificateFiles) {
      DeviceCertificate certificate = CaDirectory.readDeviceCertificate(certificateFile, "--cert");
      String label =
          certificateFile
              + ": device "
              + certificate.deviceId()
              + ", kid "
              + certificate.keyId().hex()
              + ", serial "
              + certificate.serial().toString(16);
      if (chain.isPresent()) {
        ValidationResult trust =
            ChainValidator.validate(
                certificate,
                chain.get()[0],
                chain.get()[1],
                Optional.empty(),
                Instant.ofEpochMilli(reading.ts()));
        if (!usable(trust)) {
          field("certificate", label + ": NOT USED, " + trust.status() + ": " + trust.evidence());
          continue;
        }
      }
      Optional<Revocation> revocation =
          crl.flatMap(list -> list.revocationOf(certificate.serial()));
      keys.put(certificate.keyId(), deviceKey(certificate, revocation, certificateFile));
      field(
          "certificate",
          label
              + ", valid "
              + certificate.notBefore()
              + " to "
              + certificate.notAfter()
              + revocation
                  .map(
                      r ->
                          ", revoked at "
                              + r.revokedAt()
                              + " ("
                              + RevocationLog.code(r.reason())
                              + ")")
                  .orElse(""));
    }

    ReadingCheck check =
        new ReadingVerifier(kid -> Optional.ofNullable(keys.get(kid)))
            .verify(arrivedOn, message, receivedAt);
    if (check instanceof ReadingCheck.Rejected rejected) {
      return rejected(rejected.reason().code(), rejected.detail());
    }
    DeviceKey key = ((ReadingCheck.Verified) check).key();
    out()
        .println(
            "accepted: signed by device "
                + key.device()
                + " with key "
                + key.kid().hex()
                + ", valid at "
                + Instant.ofEpochMilli(reading.ts()));
    return KeysCommand.OK;
  }

  /**
   * Trusted for this reading: the chain is sound. A device certificate that had expired or had not
   * started at the reading's ts is still used, so that the reading rules report it with their own
   * code ({@code revoked} for expired, {@code not-yet-valid}).
   */
  private static boolean usable(ValidationResult trust) {
    return trust.isValid()
        || (trust.level() == ValidationResult.Level.DEVICE
            && (trust.status() == ValidationResult.Status.EXPIRED
                || trust.status() == ValidationResult.Status.NOT_YET_VALID));
  }

  private static DeviceKey deviceKey(
      DeviceCertificate certificate, Optional<Revocation> revocation, Path file)
      throws CommandFailure {
    try {
      return new DeviceKey(
          certificate.deviceId(),
          SignatureKey.of(certificate.publicKey()),
          certificate.notBefore(),
          certificate.notAfter(),
          revocation.map(r -> new KeyRevocation(r.revokedAt(), r.isRotation())));
    } catch (UnsupportedKeyException e) {
      throw CommandFailure.failed("--cert " + file + ": " + e.getMessage());
    }
  }

  private static String describe(RevocationList crl, CaDirectory ca, Instant receivedAt) {
    return ca.file(CaDirectory.CRL)
        + ": "
        + CaDirectory.summary(crl)
        + (receivedAt.isAfter(crl.nextUpdate())
            ? " (stale at the time received: a newer CRL may revoke more; run crl)"
            : "");
  }

  private int rejected(String code, String detail) {
    out().println("rejected: " + code + ": " + printable(detail));
    return KeysCommand.FAILED;
  }

  private void explain(SignedReading signed) {
    Reading reading = signed.reading();
    CoseHeader header = signed.envelope().header();
    field("kind", reading.kind());
    field("dev", reading.device());
    field("boot", reading.first().boot());
    field(
        "seq",
        reading.kind() == ReadingKind.BATCH
            ? reading.first().seq()
                + ".."
                + reading.last().seq()
                + " ("
                + reading.count()
                + (reading.count() == 1 ? " reading)" : " readings)")
            : reading.first().seq());
    field("ts", time(reading.ts()));
    field("kid", header.kid().hex());
    field("alg", header.alg().coseName() + " (" + header.alg().coseValue() + ")");
    List<Observation> observations = reading.observations();
    for (int i = 0; i < observations.size(); i++) {
      Observation observation = observations.get(i);
      String where =
          reading.kind() == ReadingKind.BATCH
              ? "["
                  + i
                  + "] seq "
                  + reading.first().plus(i).seq()
                  + ", ts "
                  + time(observation.ts())
                  + ", "
              : "";
      field("observation", where + describe(observation));
    }
  }

  private static String describe(Observation observation) {
    StringBuilder text = new StringBuilder(observation.kind().wireName()).append(':');
    observation
        .measurements()
        .forEach(
            (name, value) ->
                text.append(' ')
                    .append(printable(name))
                    .append('=')
                    .append(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()));
    observation.epc().ifPresent(epc -> text.append(" epc=").append(printable(epc)));
    observation.biz().ifPresent(biz -> text.append(" biz=").append(printable(biz)));
    observation.loc().ifPresent(loc -> text.append(" loc=").append(printable(loc)));
    if (!observation.objects().isEmpty()) {
      text.append(" obj=[")
          .append(
              String.join(
                  ", ", observation.objects().stream().map(KeysSubcommand::printable).toList()))
          .append(']');
    }
    return text.toString();
  }

  private static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis) + " (" + epochMillis + " ms)";
  }
}
