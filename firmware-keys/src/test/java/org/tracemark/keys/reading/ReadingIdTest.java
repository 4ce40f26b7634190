package org.tracemark.keys.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.device.DeviceId;

class ReadingIdTest {

  private static final DeviceId SILO = DeviceId.of("silo-7");

  @Test
  void acceptsZeroAndLargeCounters() {
    assertThat(ReadingId.of(SILO, 0, 0)).hasToString("silo-7/0/0");
    assertThat(ReadingId.of(SILO, Long.MAX_VALUE, Long.MAX_VALUE).seq()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void rejectsNegativeCountersAndAMissingDevice() {
    assertThatThrownBy(() -> ReadingId.of(SILO, -1, 0))
        .hasMessage("boot counter must be >= 0, got -1 for silo-7");
    assertThatThrownBy(() -> ReadingId.of(SILO, 0, -2))
        .hasMessage("sequence must be >= 0, got -2 for silo-7");
    assertThatThrownBy(() -> ReadingId.of(null, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void batchReadingsFollowTheFirstSequence() {
    ReadingId first = ReadingId.of(SILO, 3, 40);
    assertThat(first.plus(0)).isEqualTo(first);
    assertThat(first.plus(5)).isEqualTo(ReadingId.of(SILO, 3, 45));
    assertThat(first.next()).isEqualTo(ReadingId.of(SILO, 3, 41));
    assertThatThrownBy(() -> first.plus(-1)).hasMessageContaining("got -1");
    assertThatThrownBy(() -> ReadingId.of(SILO, 3, Long.MAX_VALUE).next())
        .hasMessageContaining("overflows");
  }

  @Test
  void ordersByDeviceThenBootThenSequence() {
    DeviceId other = DeviceId.of("truck-1");
    List<ReadingId> expected =
        List.of(
            ReadingId.of(SILO, 0, 5),
            ReadingId.of(SILO, 1, 0),
            ReadingId.of(SILO, 1, 2),
            ReadingId.of(SILO, 10, 0),
            ReadingId.of(other, 0, 0));
    List<ReadingId> shuffled = new ArrayList<>(expected);
    Collections.reverse(shuffled);
    Collections.sort(shuffled);
    assertThat(shuffled).containsExactlyElementsOf(expected);
  }
}
