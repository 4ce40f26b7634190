package org.tracemark.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.edge.publish.ConnectFailure.Reason;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.testing.MosquittoBroker;

/** Mosquitto with a password file and no anonymous access. */
class PublisherCredentialsIT {

  private static final Path MOSQUITTO_PASSWD = Path.of("/usr/bin/mosquitto_passwd");

  @TempDir Path dir;

  @Test
  void wrongCredentialsAreReportedOncePerAttemptRetriedAndLoseNothing() throws Exception {
    assertThat(Files.isExecutable(MOSQUITTO_PASSWD))
        .as("mosquitto_passwd (Debian package mosquitto; ./tracemark services installs it)")
        .isTrue();
    Path passwords = dir.resolve("passwords");
    Process passwd =
        new ProcessBuilder(
                MOSQUITTO_PASSWD.toString(), "-b", "-c", passwords.toString(), "reefer", "s3cret")
            .redirectErrorStream(true)
            .start();
    assertThat(passwd.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(passwd.exitValue()).isZero();

    int port = MosquittoBroker.freePort();
    String uri = "tcp://127.0.0.1:" + port;
    DeviceId wrong = FastRetry.uniqueDevice("it-wrong");
    DeviceId right = FastRetry.uniqueDevice("it-right");
    MemoryOutbox wrongOutbox = new MemoryOutbox().fill(100);
    MemoryOutbox rightOutbox = new MemoryOutbox().fill(100);
    try (MosquittoBroker broker =
            MosquittoBroker.start(
                dir,
                List.of(port),
                "allow_anonymous false",
                "password_file " + passwords,
                "listener " + port + " 127.0.0.1");
        FastRetry.CapturedLog log = new FastRetry.CapturedLog();
        Publisher accepted =
            Publisher.start(
                FastRetry.options(right, uri).credentials("reefer", "s3cret".toCharArray()).build(),
                rightOutbox)) {
      Publisher refused =
          Publisher.start(
              FastRetry.options(wrong, uri).credentials("reefer", "guess".toCharArray()).build(),
              wrongOutbox);
      try {
        assertThat(accepted.awaitDrained(Duration.ofSeconds(20))).isTrue();

        await().atMost(Duration.ofSeconds(15)).until(() -> refused.stats().failedAttempts() >= 3);
        PublisherStats stats = refused.stats();
        ConnectFailure failure = stats.lastError().orElseThrow();
        assertThat(failure.reason()).isEqualTo(Reason.NOT_AUTHORIZED);
        assertThat(failure.reason().isAuthentication()).isTrue();
        assertThat(failure.detail()).contains("not authorized");
        assertThat(stats.connected()).isFalse();
        assertThat(stats.acknowledged()).isZero();
        assertThat(wrongOutbox.head()).isZero();
        assertThat(wrongOutbox.pending()).isEqualTo(100);
      } finally {
        refused.close();
      }
      // Counted after close, so that no attempt is between its count and its log line.
      long attempts = refused.stats().failedAttempts();
      List<String> lines = log.failedAttempts(wrong.value());
      assertThat(lines).hasSize((int) attempts);
      assertThat(lines)
          .allSatisfy(line -> assertThat(line).contains("not-authorized").doesNotContain("guess"));
      assertThat(broker.isRunning()).isTrue();
    }
  }
}
