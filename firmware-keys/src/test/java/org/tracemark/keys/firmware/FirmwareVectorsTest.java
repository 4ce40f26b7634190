package org.tracemark.keys.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tracemark.keys.firmware.FirmwareCheck.Approved;
import org.tracemark.keys.firmware.FirmwareCheck.Refused;
import org.tracemark.keys.reading.GoldenVectors;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SignatureKey;

/** Every firmware-manifest v1 golden vector gets the independent implementation's outcome. */
class FirmwareVectorsTest {

  @TestFactory
  List<DynamicTest> everyManifestGetsTheIndependentImplementationsOutcome() throws Exception {
    JsonNode manifest = GoldenVectors.manifest("firmware");
    assertThat(manifest.get("contract").asText()).isEqualTo("firmware-manifest-v1");
    Map<KeyId, SignatureKey> trusted = new HashMap<>();
    for (JsonNode key : manifest.get("keys")) {
      SignatureKey signatureKey = GoldenVectors.key(key);
      trusted.put(signatureKey.kid(), signatureKey);
    }
    FirmwareVerifier verifier = new FirmwareVerifier(trusted);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode vector : manifest.get("vectors")) {
      String file = vector.get("file").asText();
      tests.add(
          DynamicTest.dynamicTest(
              file,
              () -> {
                JsonNode installed = vector.get("installedSeq");
                FirmwareCheck check =
                    verifier.checkManifest(
                        GoldenVectors.file("firmware", file),
                        vector.get("deviceClass").asText(),
                        installed == null || installed.isNull() ? -1 : installed.asLong());
                JsonNode image = vector.get("image");
                if (check instanceof Approved approved && image != null && !image.isNull()) {
                  check =
                      FirmwareVerifier.checkImage(
                          approved.manifest(),
                          new ByteArrayInputStream(GoldenVectors.file("firmware", image.asText())));
                }
                String actual = check instanceof Refused r ? r.reason().code() : "accepted";
                assertThat(actual)
                    .as(
                        "%s (%s): %s",
                        file,
                        vector.get("detail").asText(),
                        check instanceof Refused r ? r.detail() : "approved")
                    .isEqualTo(vector.get("expect").asText());
              }));
    }
    assertThat(tests).hasSizeGreaterThan(10);
    return tests;
  }
}
