package org.tracemark.edge.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tracemark.edge.queue.Payloads.readAll;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real process killed with SIGKILL while it appends. */
class CrashTest {

  private static final Pattern DURABLE = Pattern.compile("durable (\\d+)");

  @TempDir Path directory;

  @Test
  void aKilledWriterLosesNoRecordItWasToldWasStored() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process writer =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(),
                directory.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    AtomicLong lastReported = new AtomicLong(-1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  // A line cut off by the kill can only report less, never more.
                  Matcher matcher = DURABLE.matcher(line);
                  if (matcher.matches()) {
                    lastReported.set(Long.parseLong(matcher.group(1)));
                  }
                }
              } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    reader.start();
    try {
      await()
          .pollDelay(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(30))
          .until(() -> lastReported.get() >= 20);
      assertThat(writer.isAlive()).as("still appending when killed").isTrue();
    } finally {
      writer.destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(TimeUnit.SECONDS.toMillis(30));
    }
    long reported = lastReported.get();

    try (DiskQueue queue = DiskQueue.open(directory, QueueOptions.of(1L << 30))) {
      List<QueuedRecord> records = readAll(queue);
      assertThat(records.size()).as("records recovered").isGreaterThan((int) reported);
      for (int i = 0; i < records.size(); i++) {
        QueuedRecord record = records.get(i);
        assertThat(record.id()).as("consecutive ids from 0").isEqualTo(i);
        assertThat(record.payload()).hasSize(AppendUntilKilled.sizeOf(i));
        Payloads.assertIntact(record);
      }
      assertThat(queue.recovery().recordsFound()).isEqualTo(records.size());
      assertThat(queue.append(new byte[] {1})).isEqualTo(records.size());
    }
  }
}
