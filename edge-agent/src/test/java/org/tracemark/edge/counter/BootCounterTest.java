package org.tracemark.edge.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootCounterTest {

  @TempDir Path state;

  @Test
  void eachStartGetsTheNextBootNumberStartingFromZero() throws Exception {
    assertThat(BootCounter.in(state).current()).isEmpty();
    for (long expected = 0; expected < 10; expected++) {
      // A fresh instance per start, as after a process restart: only the file carries the value.
      BootCounter counter = BootCounter.in(state);
      assertThat(counter.recordStart()).isEqualTo(expected);
      assertThat(BootCounter.in(state).current()).hasValue(expected);
    }
    assertThat(Files.list(state).map(p -> p.getFileName().toString()))
        .as("no temp file left behind")
        .containsExactlyInAnyOrder("boot-counter", "boot-counter.lock");
  }

  @Test
  void createsTheStateDirectoryOnFirstStart() throws Exception {
    Path nested = state.resolve("devices/silo-7");
    assertThat(BootCounter.in(nested).recordStart()).isZero();
    assertThat(nested.resolve(BootCounter.FILE_NAME)).exists();
  }

  @Test
  void writesTheDocumentedFormat() throws Exception {
    // The golden files were produced by an independent CRC-32C (a bitwise Python implementation
    // checked against the standard "123456789" check value), not by BootCounter.
    for (long boot : new long[] {0, 17, Long.MAX_VALUE}) {
      assertThat(new String(BootCounter.format(boot), StandardCharsets.US_ASCII))
          .isEqualTo(golden(boot));
    }
    Files.writeString(state.resolve(BootCounter.FILE_NAME), golden(17));
    assertThat(BootCounter.in(state).recordStart()).isEqualTo(18);
  }

  @Test
  void aTornWriteOfAnyLengthIsReportedNotReset() throws Exception {
    byte[] valid = golden(17).getBytes(StandardCharsets.US_ASCII);
    Path file = state.resolve(BootCounter.FILE_NAME);
    for (int length = 0; length < valid.length; length++) {
      byte[] torn = Arrays.copyOf(valid, length);
      Files.write(file, torn);
      BootCounter counter = BootCounter.in(state);
      assertThatThrownBy(counter::current)
          .as("file cut to %d bytes", length)
          .isInstanceOfSatisfying(
              CorruptBootCounterException.class, e -> assertThat(e.file()).isEqualTo(file));
      assertThatThrownBy(counter::recordStart).isInstanceOf(CorruptBootCounterException.class);
      assertThat(Files.readAllBytes(file)).as("left as found").isEqualTo(torn);
    }
  }

  @Test
  void anEditedNumberFailsTheChecksumNamingBothValues() throws Exception {
    String edited = golden(17).replace("boot 17", "boot 16");
    Files.writeString(state.resolve(BootCounter.FILE_NAME), edited);
    assertThatThrownBy(() -> BootCounter.in(state).recordStart())
        .isInstanceOfSatisfying(
            CorruptBootCounterException.class,
            e ->
                assertThat(e.reason())
                    .startsWith("checksum mismatch: file says d9ffeb53, content hashes to ")
                    .doesNotEndWith("d9ffeb53"));
  }

  @Test
  void anySingleByteChangeIsDetected() throws Exception {
    byte[] valid = golden(17).getBytes(StandardCharsets.US_ASCII);
    Path file = state.resolve(BootCounter.FILE_NAME);
    qt().withExamples(300)
        .forAll(integers().between(0, valid.length - 1), integers().between(1, 255))
        .checkAssert(
            (position, delta) -> {
              byte[] damaged = valid.clone();
              damaged[position] = (byte) (damaged[position] + delta);
              write(file, damaged);
              assertThatThrownBy(() -> BootCounter.in(state).current())
                  .isInstanceOf(CorruptBootCounterException.class);
            });
  }

  @Test
  void garbageAndOversizedFilesAreReported() throws Exception {
    Path file = state.resolve(BootCounter.FILE_NAME);
    Files.writeString(file, "17\n");
    assertThatThrownBy(() -> BootCounter.in(state).current())
        .isInstanceOf(CorruptBootCounterException.class)
        .hasMessageContaining("not in the counter file format: \"17\\x0a\"");
    Files.write(file, new byte[4096]);
    assertThatThrownBy(() -> BootCounter.in(state).current())
        .isInstanceOf(CorruptBootCounterException.class)
        .hasMessageContaining("4096 bytes");
  }

  @Test
  void aCrashBeforeTheRenameKeepsTheOldValue() throws Exception {
    // Simulates a crash after the temp file was written but before it replaced the counter: the
    // new number was never returned, so it was never used, and the next start may take it.
    BootCounter.in(state).recordStart();
    BootCounter.in(state).recordStart();
    Files.writeString(state.resolve("boot-counter.tmp"), "tracemark-boot-cou");
    assertThat(BootCounter.in(state).current()).hasValue(1);
    assertThat(BootCounter.in(state).recordStart()).isEqualTo(2);
    assertThat(state.resolve("boot-counter.tmp")).doesNotExist();
  }

  @Test
  void aCrashBeforeTheFirstRenameIsStillTheFirstBoot() throws Exception {
    Files.writeString(state.resolve("boot-counter.tmp"), golden(0));
    assertThat(BootCounter.in(state).current()).isEqualTo(OptionalLong.empty());
    assertThat(BootCounter.in(state).recordStart()).isZero();
  }

  @Test
  void concurrentStartsGetDistinctNumbers() throws Exception {
    int starts = 16;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> results = new ArrayList<>();
      for (int i = 0; i < starts; i++) {
        Callable<Long> start =
            () -> {
              go.await();
              return BootCounter.in(state).recordStart();
            };
        results.add(pool.submit(start));
      }
      go.countDown();
      List<Long> boots = new ArrayList<>();
      for (Future<Long> result : results) {
        boots.add(result.get(30, TimeUnit.SECONDS));
      }
      assertThat(boots).doesNotHaveDuplicates().hasSize(starts);
      assertThat(boots).allMatch(b -> b >= 0 && b < starts);
      assertThat(BootCounter.in(state).current()).hasValue(starts - 1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void startsFromSeveralProcessesGetDistinctNumbers() throws Exception {
    // Two other JVMs and this one increment the same file at once; only the file lock (not the
    // in-process monitor) can keep them apart.
    int perProcess = 25;
    String java = ProcessHandle.current().info().command().orElse("java");
    List<Process> others = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      others.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  RepeatedStarts.class.getName(),
                  state.toString(),
                  Integer.toString(perProcess))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start());
    }
    List<Long> boots = new ArrayList<>();
    for (int i = 0; i < perProcess; i++) {
      boots.add(BootCounter.in(state).recordStart());
    }
    for (Process other : others) {
      assertThat(other.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
      assertThat(other.exitValue()).isZero();
      String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      output.lines().map(Long::parseLong).forEach(boots::add);
    }
    assertThat(boots).hasSize(3 * perProcess).doesNotHaveDuplicates();
    assertThat(BootCounter.in(state).current()).hasValue(3L * perProcess - 1);
  }

  private static String golden(long boot) throws IOException {
    try (InputStream in =
        BootCounterTest.class.getResourceAsStream("/vectors/boot-counter-" + boot + ".txt")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static void write(Path file, byte[] content) {
    try {
      Files.write(file, content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
