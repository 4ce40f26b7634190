package org.tracemark.keys.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuarantineReasonTest {

  @Test
  void codesAreExactlyThePinnedSet() throws IOException {
    List<String> pinned = pinnedCodes();
    assertThat(pinned).hasSize(9);
    assertThat(Arrays.stream(QuarantineReason.values()).map(QuarantineReason::code))
        .containsExactlyElementsOf(pinned);
  }

  @Test
  void codesAreKebabCaseAndRoundTrip() {
    for (QuarantineReason reason : QuarantineReason.values()) {
      assertThat(reason.code()).matches("[a-z]+(-[a-z]+)*");
      assertThat(QuarantineReason.fromCode(reason.code())).contains(reason);
      assertThat(reason).hasToString(reason.code());
      assertThat(reason.description()).isNotBlank();
    }
    assertThat(QuarantineReason.fromCode("BAD_SIGNATURE")).isEmpty();
    assertThat(QuarantineReason.fromCode("duplicate"))
        .as("a duplicate is not quarantined")
        .isEmpty();
    assertThat(QuarantineReason.fromCode(null)).isEmpty();
  }

  @Test
  void onlyEquivocationFlagsTheDevice() {
    assertThat(Arrays.stream(QuarantineReason.values()).filter(QuarantineReason::flagsDevice))
        .containsExactly(QuarantineReason.EQUIVOCATION);
  }

  private static List<String> pinnedCodes() throws IOException {
    try (InputStream in =
        QuarantineReasonTest.class.getResourceAsStream("/vectors/quarantine-reason-codes.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> line.split(" ", 2)[0])
          .toList();
    }
  }
}
