package org.tracemark.ingest.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tracemark.ingest.outcome.IngestOutcome.Accepted;
import org.tracemark.ingest.outcome.IngestOutcome.Duplicate;
import org.tracemark.ingest.outcome.IngestOutcome.Quarantined;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.ReadingId;

class IngestOutcomeTest {

  private static final ReadingId FIRST = ReadingId.of(DeviceId.of("silo-7"), 3, 40);

  @Test
  void outcomeLabelsAreStable() {
    // Metric labels and log words: dashboards and alerts key on these exact strings.
    assertThat(Arrays.stream(OutcomeCode.values()).map(OutcomeCode::label))
        .containsExactly("accepted", "duplicate", "quarantined");
    assertThat(Accepted.of(FIRST, 1).code().label()).isEqualTo("accepted");
    assertThat(Duplicate.of(FIRST).code().label()).isEqualTo("duplicate");
    assertThat(Quarantined.of(QuarantineReason.STALE, "seq 2 < window 10").code().label())
        .isEqualTo("quarantined");
  }

  @Test
  void everyOutcomeTypeHasItsOwnCode() {
    // If someone adds a fourth outcome record, it must get a code of its own; the exhaustive
    // switch in metricName() then stops compiling until it is handled.
    Class<?>[] permitted = IngestOutcome.class.getPermittedSubclasses();
    assertThat(permitted)
        .containsExactlyInAnyOrder(Accepted.class, Duplicate.class, Quarantined.class);
    List<IngestOutcome> oneOfEach =
        List.of(
            Accepted.of(FIRST, 1),
            Duplicate.of(FIRST),
            Quarantined.of(QuarantineReason.MALFORMED, "not CBOR"));
    assertThat(oneOfEach).extracting(IngestOutcome::code).containsExactly(OutcomeCode.values());
  }

  @Test
  void countsPerOutcomeAndReasonAsAMetricWould() {
    List<IngestOutcome> outcomes =
        List.of(
            Accepted.of(FIRST, 5),
            Accepted.of(FIRST.plus(5), 1),
            Duplicate.of(FIRST),
            Quarantined.of(QuarantineReason.BAD_SIGNATURE, "kid 00ff… ES256"),
            Quarantined.of(QuarantineReason.EQUIVOCATION, "silo-7/3/40 seen with other bytes"));
    Map<OutcomeCode, Long> messages = new EnumMap<>(OutcomeCode.class);
    long readingsAccepted = 0;
    for (IngestOutcome outcome : outcomes) {
      messages.merge(outcome.code(), 1L, Long::sum);
      readingsAccepted += outcome instanceof Accepted accepted ? accepted.count() : 0;
    }
    assertThat(messages)
        .containsEntry(OutcomeCode.ACCEPTED, 2L)
        .containsEntry(OutcomeCode.DUPLICATE, 1L)
        .containsEntry(OutcomeCode.QUARANTINED, 2L);
    assertThat(readingsAccepted).isEqualTo(6);
    assertThat(outcomes.stream().map(IngestOutcomeTest::metricName))
        .containsExactly(
            "ingest_accepted",
            "ingest_accepted",
            "ingest_duplicate",
            "ingest_quarantined{reason=bad-signature}",
            "ingest_quarantined{reason=equivocation}");
  }

  @Test
  void anAcceptedBatchSpansItsReadings() {
    Accepted batch = Accepted.of(FIRST, 100);
    assertThat(batch.last()).isEqualTo(ReadingId.of(DeviceId.of("silo-7"), 3, 139));
    assertThat(Accepted.of(FIRST, 1).last()).isEqualTo(FIRST);
    assertThat(batch.logLine()).isEqualTo("accepted first=silo-7/3/40 count=100");
  }

  @Test
  void anAcceptedMessageCarriesAtLeastOneReading() {
    assertThatThrownBy(() -> Accepted.of(FIRST, 0))
        .hasMessage("an accepted message carries at least 1 reading, got 0 for silo-7/3/40");
    assertThatThrownBy(() -> Accepted.of(null, 1)).isInstanceOf(IllegalArgumentException.class);
    ReadingId nearTheEnd = ReadingId.of(DeviceId.of("silo-7"), 3, Long.MAX_VALUE - 1);
    assertThat(Accepted.of(nearTheEnd, 2).last().seq()).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> Accepted.of(nearTheEnd, 3)).hasMessageContaining("run past");
  }

  @Test
  void duplicateNamesTheRepeatedReading() {
    assertThat(Duplicate.of(FIRST).logLine()).isEqualTo("duplicate first=silo-7/3/40");
    assertThatThrownBy(() -> Duplicate.of(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void quarantineNeedsAReasonAndEvidence() {
    assertThat(Quarantined.of(QuarantineReason.UNKNOWN_KID, "kid 3f2a…").logLine())
        .isEqualTo("quarantined reason=unknown-kid evidence=\"kid 3f2a…\"");
    assertThatThrownBy(() -> Quarantined.of(QuarantineReason.REVOKED, " "))
        .hasMessageContaining("needs evidence of why it is revoked");
    assertThatThrownBy(() -> Quarantined.of(null, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void untrustedEvidenceCannotForgeOrFloodLogLines() {
    String hostile = "dev \"x\"\nquarantined reason=none evidence=\"ok\"" + "A".repeat(1000);
    Quarantined outcome = Quarantined.of(QuarantineReason.DEVICE_TOPIC_MISMATCH, hostile);
    String line = outcome.logLine();
    assertThat(line)
        .doesNotContain("\n")
        .startsWith("quarantined reason=device-topic-mismatch evidence=\"dev \\\"x\\\"\\u000aquar")
        .endsWith("…(" + hostile.length() + " chars)\"")
        .hasSizeLessThan(Quarantined.MAX_LOGGED_EVIDENCE + 120);
    assertThat(outcome.evidence()).as("record keeps the full text").isEqualTo(hostile);
  }

  // What a Micrometer meter name could look like; the switch has no default, so a new OutcomeCode
  // breaks compilation here instead of being silently dropped from metrics.
  private static String metricName(IngestOutcome outcome) {
    return switch (outcome.code()) {
      case ACCEPTED -> "ingest_accepted";
      case DUPLICATE -> "ingest_duplicate";
      case QUARANTINED ->
          "ingest_quarantined{reason=" + ((Quarantined) outcome).reason().code() + "}";
    };
  }
}
