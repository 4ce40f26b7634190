package org.tracemark.keys.reading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.firmware.FirmwareManifest;
import org.tracemark.keys.firmware.SignedManifest;
import org.tracemark.keys.signing.Sha256;
import org.tracemark.keys.signing.SigningAlgorithm;
import org.tracemark.keys.signing.SigningKey;

/**
 * The reverse of the golden vectors: what the Java code signs, the independent Python
 * implementation (Debian's python3-cbor2 and python3-cryptography; {@code ./tracemark services}
 * installs them) must verify, and what Java rejects, it must reject for the same reason.
 */
class PythonInteropTest {

  private static final Path VERIFY = Path.of("src/test/python/verify_vectors.py");
  private static final long TS = TestDevices.TS;
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void pythonVerifiesEveryReadingJavaSignsAndRejectsWhatJavaRejects(@TempDir Path dir)
      throws Exception {
    SigningKey ed = TestDevices.signingKey(SigningAlgorithm.ED25519);
    SigningKey es = TestDevices.signingKey(SigningAlgorithm.ES256);
    SigningKey stranger = TestDevices.signingKey(SigningAlgorithm.ED25519);
    ObjectNode manifest = json.createObjectNode().put("contract", "signed-reading-v1");
    ArrayNode keys = manifest.putArray("keys");
    key(keys, "silo-ed", "silo-7", ed);
    key(keys, "boat-es", "boat-3", es);
    ArrayNode vectors = manifest.putArray("vectors");

    Reading sensor = TestDevices.sensor("silo-7", 3, 41, -4.25);
    Reading scan =
        Reading.single(
            ReadingId.of(DeviceId.of("boat-3"), 9, 0),
            Observation.scan(
                TS,
                "https://id.gs1.org/01/09520123456788/10/LOT-7",
                "shipping",
                Optional.of("urn:epc:id:sgln:9520123.00001.0")));
    Reading batch =
        Reading.batch(
            ReadingId.of(DeviceId.of("silo-7"), 3, 42),
            TS + 1000,
            List.of(
                Observation.sensor(
                    TS,
                    Map.of("lat", -8.65, "lon", 115.2167),
                    List.of("urn:epc:id:sscc:9520123.0000000017")),
                Observation.sensor(TS + 500, Map.of("shock", 2.5, "mass", 18_000.0), List.of()),
                scan.observations().get(0)));
    write(
        dir,
        vectors,
        "java-ed25519-sensor.cbor",
        "silo-7",
        SignedReading.sign(sensor, ed).message(),
        "accepted",
        sensor);
    write(
        dir,
        vectors,
        "java-es256-scan.cbor",
        "boat-3",
        SignedReading.sign(scan, es).message(),
        "accepted",
        scan);
    write(
        dir,
        vectors,
        "java-ed25519-batch.cbor",
        "silo-7",
        SignedReading.sign(batch, ed).message(),
        "accepted",
        batch);
    byte[] forged = SignedReading.sign(sensor, ed).message();
    forged[forged.length - 1] ^= 0x40;
    write(dir, vectors, "java-bad-signature.cbor", "silo-7", forged, "bad-signature", null);
    write(
        dir,
        vectors,
        "java-unknown-kid.cbor",
        "silo-7",
        SignedReading.sign(sensor, stranger).message(),
        "unknown-kid",
        null);
    write(
        dir,
        vectors,
        "java-topic-mismatch.cbor",
        "boat-3",
        SignedReading.sign(sensor, ed).message(),
        "device-topic-mismatch",
        null);
    Files.writeString(dir.resolve("manifest.json"), json.writeValueAsString(manifest));

    // Java agrees with its own expectations, so a Python failure is a disagreement.
    ReadingVerifier verifier =
        new ReadingVerifier(
            GoldenVectors.readingKeys(json.readTree(dir.resolve("manifest.json").toFile())));
    for (var vector : manifest.get("vectors")) {
      ReadingCheck check =
          verifier.verify(
              vector.get("topic").asText(),
              Files.readAllBytes(dir.resolve(vector.get("file").asText())),
              Instant.ofEpochMilli(vector.get("rx").asLong()));
      String outcome = check instanceof ReadingCheck.Rejected r ? r.reason().code() : "accepted";
      assertThat(outcome).as(vector.get("file").asText()).isEqualTo(vector.get("expect").asText());
    }

    assertThat(runPython(dir)).contains("verified 6 vectors, 0 failed");
  }

  @Test
  void pythonVerifiesTheFirmwareManifestsJavaSigns(@TempDir Path dir) throws Exception {
    SigningKey vendor = TestDevices.signingKey(SigningAlgorithm.ES256);
    byte[] image = "grain probe firmware 1.2.0\n".repeat(40).getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("image.bin"), image);
    FirmwareManifest manifest =
        new FirmwareManifest(
            "grain-probe-1",
            "1.2.0",
            12,
            Sha256.digest(image),
            image.length,
            "https://fw.example/gp1/1.2.0.bin");
    Files.write(dir.resolve("java-manifest.cbor"), SignedManifest.sign(manifest, vendor));
    ObjectNode root = json.createObjectNode().put("contract", "firmware-manifest-v1");
    ObjectNode key = root.putArray("keys").addObject();
    key.put("name", "vendor").put("alg", -7);
    key.put(
        "spki", Base64.getEncoder().encodeToString(vendor.publicKey().publicKey().getEncoded()));
    key.put("kid", vendor.kid().hex());
    ArrayNode vectors = root.putArray("vectors");
    vectors
        .addObject()
        .put("file", "java-manifest.cbor")
        .put("deviceClass", "grain-probe-1")
        .put("installedSeq", 11)
        .put("image", "image.bin")
        .put("expect", "accepted")
        .put("detail", "signed by Java");
    vectors
        .addObject()
        .put("file", "java-manifest.cbor")
        .put("deviceClass", "grain-probe-1")
        .put("installedSeq", 12)
        .put("image", "image.bin")
        .put("expect", "rollback")
        .put("detail", "same seq as installed");
    Files.writeString(dir.resolve("manifest.json"), json.writeValueAsString(root));
    assertThat(new ByteArrayInputStream(image).readAllBytes()).hasSize(image.length);

    assertThat(runPython(dir)).contains("verified 2 vectors, 0 failed");
  }

  private void key(ArrayNode keys, String name, String device, SigningKey key) {
    ObjectNode node = keys.addObject();
    node.put("name", name).put("device", device).put("alg", key.algorithm().coseValue());
    node.put("spki", Base64.getEncoder().encodeToString(key.publicKey().publicKey().getEncoded()));
    node.put("kid", key.kid().hex());
    node.put("notBefore", TestDevices.VALID_FROM.toEpochMilli());
    node.put("notAfter", TestDevices.VALID_UNTIL.toEpochMilli());
    node.putNull("revocation");
  }

  private void write(
      Path dir,
      ArrayNode vectors,
      String file,
      String topicDevice,
      byte[] message,
      String expect,
      Reading reading)
      throws Exception {
    Files.write(dir.resolve(file), message);
    ObjectNode vector = vectors.addObject();
    vector.put("file", file).put("topic", DeviceId.of(topicDevice).readingsTopic());
    vector.put("rx", TS + 5_000).put("expect", expect).put("detail", "signed by Java");
    if (reading != null) {
      vector
          .putObject("reading")
          .put("dev", reading.device().value())
          .put("boot", reading.first().boot())
          .put("seq", reading.first().seq())
          .put("count", reading.count());
    }
  }

  private static String runPython(Path dir) throws Exception {
    Path python = Path.of("/usr/bin/python3");
    assertThat(python)
        .as("Debian's python3 with python3-cbor2 is needed (./tracemark services installs it)")
        .exists();
    Process process =
        new ProcessBuilder(python.toString(), VERIFY.toString(), dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
