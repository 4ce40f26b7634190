package org.tracemark.keys.reading;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;

/**
 * Hostile bytes against the reading verifier: it must return an outcome for every input and never
 * throw. A normal test run replays the committed inputs in {@code
 * src/test/resources/org/tracemark/keys/reading/SignedReadingFuzzTestInputs/} (seeded with golden
 * vectors, whose keys the verifier knows, so signature checks are reached too); the {@code fuzz}
 * Surefire execution then explores for {@code fuzz.duration} (10 s in CI, 10 min with {@code
 * -Pfuzz}).
 */
class SignedReadingFuzzTest {

  private static final ReadingVerifier VERIFIER = verifier();

  private static ReadingVerifier verifier() {
    try {
      return new ReadingVerifier(GoldenVectors.readingKeys(GoldenVectors.manifest("readings")));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest
  void verifierGivesAnOutcomeForAnyBytes(byte[] message) {
    ReadingCheck check =
        VERIFIER.verify(
            "tracemark/v1/devices/silo-7/readings", message, Instant.ofEpochMilli(1764000002000L));
    assertThat(check).isNotNull();
    if (check instanceof ReadingCheck.Verified verified) {
      assertThat(verified.reading().message()).isEqualTo(message);
      assertThat(verified.reading().reading().device().value()).isEqualTo("silo-7");
    }
  }
}
