package org.tracemark.keys.reading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.ReadingCheck.Rejected;
import org.tracemark.keys.reading.ReadingCheck.Verified;

/**
 * Every golden vector of signed-reading v1, made by the independent Python implementation, gets
 * exactly the outcome (and for accepted ones the reading) that implementation assigned it.
 */
class ReadingVectorsTest {

  @TestFactory
  List<DynamicTest> everyVectorGetsTheIndependentImplementationsOutcome() throws Exception {
    JsonNode manifest = GoldenVectors.manifest("readings");
    assertThat(manifest.get("contract").asText()).isEqualTo("signed-reading-v1");
    ReadingVerifier verifier = new ReadingVerifier(GoldenVectors.readingKeys(manifest));
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode vector : manifest.get("vectors")) {
      String file = vector.get("file").asText();
      tests.add(
          DynamicTest.dynamicTest(
              file,
              () -> {
                byte[] message = GoldenVectors.file("readings", file);
                ReadingCheck check =
                    verifier.verify(
                        vector.get("topic").asText(),
                        message,
                        Instant.ofEpochMilli(vector.get("rx").asLong()));
                String expected = vector.get("expect").asText();
                String actual = check instanceof Rejected r ? r.reason().code() : "accepted";
                assertThat(actual)
                    .as(
                        "%s (%s): %s",
                        file,
                        vector.get("detail").asText(),
                        check instanceof Rejected r ? r.detail() : "verified")
                    .isEqualTo(expected);
                if (check instanceof Verified verified) {
                  JsonNode reading = vector.get("reading");
                  Reading decoded = verified.reading().reading();
                  assertThat(decoded.first())
                      .isEqualTo(
                          ReadingId.of(
                              DeviceId.of(reading.get("dev").asText()),
                              reading.get("boot").asLong(),
                              reading.get("seq").asLong()));
                  assertThat(decoded.count()).isEqualTo(reading.get("count").asInt());
                }
              }));
    }
    assertThat(tests).hasSizeGreaterThan(50);
    return tests;
  }
}
