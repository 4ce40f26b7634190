package org.tracemark.edge.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.ReadingId;

class SequenceCounterTest {

  private static final DeviceId DEV = DeviceId.of("scanner-03");

  @Test
  void sequenceStartsAtZeroAndCountsUp() {
    SequenceCounter counter = SequenceCounter.forBoot(DEV, 4);
    assertThat(counter.next()).isEqualTo(ReadingId.of(DEV, 4, 0));
    assertThat(counter.next()).isEqualTo(ReadingId.of(DEV, 4, 1));
    assertThat(counter.issued()).isEqualTo(2);
  }

  @Test
  void aBatchReservesConsecutiveNumbers() {
    SequenceCounter counter = SequenceCounter.forBoot(DEV, 0);
    counter.next();
    assertThat(counter.reserve(100)).isEqualTo(ReadingId.of(DEV, 0, 1));
    assertThat(counter.next()).isEqualTo(ReadingId.of(DEV, 0, 101));
    assertThatThrownBy(() -> counter.reserve(0)).hasMessageContaining("got 0");
  }

  @Test
  void eachStartGetsANewBootAndSequencesRestart(@TempDir Path state) throws Exception {
    BootCounter boots = BootCounter.in(state);
    SequenceCounter first = SequenceCounter.startBoot(DEV, boots);
    first.next();
    first.next();
    SequenceCounter second = SequenceCounter.startBoot(DEV, boots);
    assertThat(second.boot()).isEqualTo(first.boot() + 1);
    assertThat(second.next()).isEqualTo(ReadingId.of(DEV, second.boot(), 0));
  }

  @Test
  void threadsDrawDistinctConsecutiveNumbers() throws Exception {
    int threads = 8;
    int perThread = 20_000;
    SequenceCounter counter = SequenceCounter.forBoot(DEV, 1);
    ConcurrentLinkedQueue<Long> drawn = new ConcurrentLinkedQueue<>();
    runConcurrently(
        threads,
        () -> {
          for (int i = 0; i < perThread; i++) {
            drawn.add(counter.next().seq());
          }
        });
    assertThat(drawn)
        .hasSize(threads * perThread)
        .containsExactlyInAnyOrderElementsOf(
            LongStream.range(0, (long) threads * perThread).boxed().toList());
    assertThat(counter.issued()).isEqualTo((long) threads * perThread);
  }

  @Test
  void concurrentBatchesGetDisjointRangesWithNoGaps() throws Exception {
    SequenceCounter counter = SequenceCounter.forBoot(DEV, 1);
    ConcurrentLinkedQueue<long[]> ranges = new ConcurrentLinkedQueue<>();
    runConcurrently(
        6,
        () -> {
          for (int size = 1; size <= 200; size++) {
            ranges.add(new long[] {counter.reserve(size).seq(), size});
          }
        });
    boolean[] covered = new boolean[(int) counter.issued()];
    for (long[] range : ranges) {
      for (long seq = range[0]; seq < range[0] + range[1]; seq++) {
        assertThat(covered[(int) seq]).as("seq %d handed out twice", seq).isFalse();
        covered[(int) seq] = true;
      }
    }
    for (int seq = 0; seq < covered.length; seq++) {
      assertThat(covered[seq]).as("seq %d skipped", seq).isTrue();
    }
  }

  private static void runConcurrently(int threads, Runnable work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(
            pool.submit(
                () -> {
                  go.await();
                  work.run();
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> future : running) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
