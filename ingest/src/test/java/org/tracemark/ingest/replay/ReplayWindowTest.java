package org.tracemark.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tracemark.ingest.replay.ReplayWindow.Decision;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.ReadingId;

class ReplayWindowTest {

  private static final DeviceId SILO = DeviceId.of("silo-7");
  private static final byte[] A = {1};
  private static final byte[] B = {2};

  private static ReadingId id(long boot, long seq) {
    return ReadingId.of(SILO, boot, seq);
  }

  @Test
  void aRedeliveryIsADuplicateAndOtherBytesForTheSameSequenceAreEquivocation() {
    ReplayWindow window = new ReplayWindow(64);
    assertThat(window.check(id(3, 40), 1, A)).isEqualTo(Decision.NEW);
    window.record(id(3, 40), 1, A);
    assertThat(window.check(id(3, 40), 1, A)).isEqualTo(Decision.DUPLICATE);
    assertThat(window.check(id(3, 40), 1, B)).isEqualTo(Decision.EQUIVOCATION);
    // A batch that overlaps an accepted reading is equivocation, whatever its bytes.
    assertThat(window.check(id(3, 38), 5, A)).isEqualTo(Decision.EQUIVOCATION);
    assertThat(window.check(id(3, 41), 5, A)).isEqualTo(Decision.NEW);
  }

  @Test
  void outOfOrderArrivalWithinTheWindowIsAcceptedAndBelowItIsStale() {
    ReplayWindow window = new ReplayWindow(16);
    for (long seq = 100; seq < 140; seq += 2) { // 20 messages, every other sequence number
      window.record(id(0, seq), 1, A);
    }
    // The 4 oldest (100..106) are forgotten: 106 and below are stale, the gaps above are not.
    assertThat(window.floor(SILO, 0)).isEqualTo(106);
    assertThat(window.check(id(0, 105), 1, A)).isEqualTo(Decision.STALE);
    assertThat(window.check(id(0, 106), 1, B)).isEqualTo(Decision.STALE);
    assertThat(window.check(id(0, 107), 1, A)).isEqualTo(Decision.NEW); // late, inside the window
    assertThat(window.check(id(0, 108), 1, A)).isEqualTo(Decision.DUPLICATE);
    assertThat(window.highWater(SILO, 0)).isEqualTo(138);
  }

  @Test
  void theWindowCountsMessagesSoLargeBatchesArriveLateWithoutBecomingStale() {
    ReplayWindow window = new ReplayWindow(16);
    for (long b = 10; b >= 1; b--) { // ten 100-reading batches, newest first
      assertThat(window.check(id(0, b * 100), 100, A)).isEqualTo(Decision.NEW);
      window.record(id(0, b * 100), 100, A);
    }
    assertThat(window.check(id(0, 0), 100, A)).isEqualTo(Decision.NEW);
    assertThat(window.floor(SILO, 0)).isEqualTo(-1);
  }

  @Test
  void theLastFourBootsAreKeptSoAnAgentCanDrainThePreviousBootsQueue() {
    ReplayWindow window = new ReplayWindow(16);
    for (long boot = 0; boot < 5; boot++) {
      window.record(id(boot, 0), 1, A);
    }
    assertThat(window.check(id(1, 1), 1, A)).isEqualTo(Decision.NEW); // boot 1 still kept
    assertThat(window.check(id(1, 0), 1, A)).isEqualTo(Decision.DUPLICATE);
    assertThat(window.check(id(0, 1), 1, A)).isEqualTo(Decision.STALE); // boot 0 evicted
    assertThat(window.check(id(9, 0), 1, A)).isEqualTo(Decision.NEW); // a newer boot
  }

  @Test
  void memoryIsBoundedByTheWindow() {
    ReplayWindow window = new ReplayWindow(32);
    for (long seq = 0; seq < 10_000; seq++) {
      window.record(id(0, seq), 1, A);
    }
    assertThat(window.rangesKept()).isLessThanOrEqualTo(32);
  }

  /** Agrees with a model that remembers every accepted range for ever. */
  @Test
  void decisionsMatchAModelWithPerfectMemory() {
    qt().withExamples(300)
        .forAll(lists().of(integers().between(0, 3 * 61 * 3 * 2 - 1)).ofSizeBetween(1, 200))
        .checkAssert(
            encoded -> {
              int windowSize = 16;
              ReplayWindow window = new ReplayWindow(windowSize);
              Map<Long, List<long[]>> accepted = new HashMap<>(); // boot -> [first, last, digest]
              for (int code : encoded) {
                long boot = code % 3;
                long seq = (code / 3) % 61;
                int count = 1 + (code / 183) % 3;
                byte[] digest = (code / 549) % 2 == 0 ? A : B;
                long last = seq + count - 1;
                Decision expected;
                List<long[]> ranges = accepted.computeIfAbsent(boot, b -> new ArrayList<>());
                // The model forgets nothing; the window forgets all but the newest windowSize
                // ranges, so at or below the last seq of the newest one beyond those is stale.
                List<long[]> sorted = new ArrayList<>(ranges);
                sorted.sort((x, y) -> Long.compare(y[0], x[0]));
                long floor = sorted.size() > windowSize ? sorted.get(windowSize)[1] : -1;
                if (seq <= floor) {
                  expected = Decision.STALE;
                } else {
                  long[] overlap = null;
                  for (long[] r : ranges) {
                    if (r[0] <= last && r[1] >= seq) {
                      overlap = r;
                    }
                  }
                  if (overlap == null) {
                    expected = Decision.NEW;
                  } else {
                    expected =
                        overlap[0] == seq && overlap[1] == last && overlap[2] == digest[0]
                            ? Decision.DUPLICATE
                            : Decision.EQUIVOCATION;
                  }
                }
                Decision actual = window.check(id(boot, seq), count, digest);
                assertThat(actual)
                    .as(
                        "boot %d seq %d count %d digest %s",
                        boot, seq, count, Arrays.toString(digest))
                    .isEqualTo(expected);
                if (actual == Decision.NEW) {
                  window.record(id(boot, seq), count, digest);
                  ranges.add(new long[] {seq, last, digest[0]});
                }
              }
            });
  }
}
