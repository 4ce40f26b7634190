package org.tracemark.keys.reading;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadingKindTest {

  @Test
  void wireNamesAreTheDesignOnes() {
    assertThat(ReadingKind.values())
        .extracting(ReadingKind::wireName)
        .containsExactly("sensor", "scan", "batch");
    for (ReadingKind kind : ReadingKind.values()) {
      assertThat(ReadingKind.fromWireName(kind.wireName())).contains(kind);
    }
  }

  @Test
  void unknownOrDifferentlyCasedNamesAreNotKinds() {
    assertThat(ReadingKind.fromWireName("Sensor")).isEmpty();
    assertThat(ReadingKind.fromWireName("SCAN")).isEmpty();
    assertThat(ReadingKind.fromWireName("image")).isEmpty();
    assertThat(ReadingKind.fromWireName("")).isEmpty();
    assertThat(ReadingKind.fromWireName(null)).isEmpty();
  }
}
