package org.tracemark.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tracemark.verify.Results.failure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.CheckpointException;
import org.tracemark.verify.LedgerServer.Reply;

/** Failures found in the checkpoint, or in getting it at all. */
class CheckpointFailureTest {

  @TempDir Path dir;

  @Test
  void aFlippedSignatureByteIsAnInvalidLogSignature() throws Exception {
    TestLog log = TestLog.create().grow(10);
    try (LedgerServer server = LedgerServer.serving(log)) {
      byte[] note = log.signedCheckpoint();
      // The line ends "<base64>=\n" (68 bytes: key ID and signature); 5 from the end is the first
      // character of the last base64 group, all signature bits, so the base64 stays canonical.
      int at = note.length - 5;
      note[at] = (byte) (note[at] == 'A' ? 'B' : 'A');
      server.serveCheckpoint(note);

      Failure.BadSignature bad =
          failure(server.monitor(dir.resolve("s")).check(), Failure.BadSignature.class);
      assertThat(bad.problem()).isEqualTo(CheckpointException.Problem.INVALID_LOG_SIGNATURE);
      assertThat(bad.message())
          .startsWith("invalid log signature on the checkpoint")
          .contains(TestLog.ORIGIN);
      assertThat(dir.resolve("s")).doesNotExist();
    }
  }

  @Test
  void aCheckpointSignedByAnotherKeyOfTheSameNameIsNotSignedByTheLog() throws Exception {
    TestLog log = TestLog.create().grow(10);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.serveCheckpoint(
          TestLog.sign(Checkpoint.of(TestLog.ORIGIN, log.state()), TestLog.IMPOSTOR));

      Failure.BadSignature bad =
          failure(server.monitor(dir.resolve("s")).check(), Failure.BadSignature.class);
      assertThat(bad.problem()).isEqualTo(CheckpointException.Problem.NOT_SIGNED_BY_LOG);
      // Names the key expected and the one found: same name, different key IDs.
      assertThat(bad.message())
          .startsWith("checkpoint not signed by the log's key")
          .contains(TestLog.KEY.keyId().toString())
          .contains(TestLog.IMPOSTOR.keyId().toString());
    }
  }

  @Test
  void aCheckpointOfAnotherOriginIsAnOriginMismatch() throws Exception {
    TestLog log = TestLog.create().grow(10);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.serveCheckpoint(
          TestLog.sign(Checkpoint.of("tracemark.test/another-log", log.state()), TestLog.KEY));

      Failure.OriginMismatch mismatch =
          failure(server.monitor(dir.resolve("s")).check(), Failure.OriginMismatch.class);
      assertThat(mismatch.expected()).isEqualTo(TestLog.ORIGIN);
      assertThat(mismatch.served()).isEqualTo("tracemark.test/another-log");
    }
  }

  @Test
  void anOriginOtherThanTheOneGivenIsAnOriginMismatch() throws Exception {
    TestLog log = TestLog.create().grow(10);
    try (LedgerServer server = LedgerServer.serving(log)) {
      MonitoredLog expectingAnother =
          new MonitoredLog(server.base(), TestLog.VKEY, "tracemark.test/what-i-expected");
      MonitorResult result = LogMonitor.create(expectingAnother, dir.resolve("s")).check();

      Failure.OriginMismatch mismatch = failure(result, Failure.OriginMismatch.class);
      assertThat(mismatch.message())
          .isEqualTo(
              "origin mismatch: expected a checkpoint of \"tracemark.test/what-i-expected\","
                  + " the log served one of \""
                  + TestLog.ORIGIN
                  + "\"");
    }
  }

  @Test
  void aCheckpointThatIsNotASignedNoteIsMalformed() throws Exception {
    TestLog log = TestLog.create().grow(10);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.serveCheckpoint("<html>Service Unavailable</html>".getBytes(StandardCharsets.UTF_8));

      Failure.MalformedResponse malformed =
          failure(server.monitor(dir.resolve("s")).check(), Failure.MalformedResponse.class);
      assertThat(malformed.url()).isEqualTo(server.base() + "ledger/checkpoint");
    }
  }

  @Test
  void noCheckpointYetIsTheHttpStatus() throws Exception {
    TestLog log = TestLog.create();
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.tamper("checkpoint", (p, honest) -> Reply.status(404));

      Failure.UnexpectedStatus status =
          failure(server.monitor(dir.resolve("s")).check(), Failure.UnexpectedStatus.class);
      assertThat(status.status()).isEqualTo(404);
      assertThat(status.message())
          .isEqualTo("GET " + server.base() + "ledger/checkpoint answered HTTP 404, expected 200");
    }
  }

  @Test
  void aChunkedCheckpointOverOneMebibyteIsRefusedWhileReading() throws Exception {
    TestLog log = TestLog.create().grow(10);
    try (LedgerServer server = LedgerServer.serving(log)) {
      byte[] huge = new byte[LogEndpoint.MAX_CHECKPOINT + 1];
      Arrays.fill(huge, (byte) 'a');
      server.tamper("checkpoint", (p, honest) -> Reply.ok(huge).asChunked());

      Failure.ResponseTooLarge tooLarge =
          failure(server.monitor(dir.resolve("s")).check(), Failure.ResponseTooLarge.class);
      assertThat(tooLarge.limit()).isEqualTo(1 << 20);
      assertThat(tooLarge.detail()).isEqualTo("more than 1048576 bytes received");
    }
  }

  @Test
  void aCheckpointDeclaredOverOneMebibyteIsRefusedBeforeReading() throws Exception {
    TestLog log = TestLog.create().grow(10);
    try (LedgerServer server = LedgerServer.serving(log)) {
      byte[] huge = new byte[2 << 20];
      server.tamper("checkpoint", (p, honest) -> Reply.ok(huge));

      Failure.ResponseTooLarge tooLarge =
          failure(server.monitor(dir.resolve("s")).check(), Failure.ResponseTooLarge.class);
      assertThat(tooLarge.detail()).isEqualTo("Content-Length declares 2097152 bytes");
    }
  }

  @Test
  void aRedirectToAnotherHostIsRefused() throws Exception {
    TestLog log = TestLog.create().grow(10);
    try (LedgerServer server = LedgerServer.serving(log);
        LedgerServer elsewhere = LedgerServer.serving(log)) {
      String location = elsewhere.base() + "ledger/checkpoint";
      server.tamper("checkpoint", (p, honest) -> Reply.redirect(location));

      Failure.RedirectRefused refused =
          failure(server.monitor(dir.resolve("s")).check(), Failure.RedirectRefused.class);
      assertThat(refused.location()).isEqualTo(location);
      assertThat(refused.url()).isEqualTo(server.base() + "ledger/checkpoint");
      assertThat(elsewhere.requests()).isEmpty();
    }
  }

  @Test
  void aRedirectLoopOnTheSameHostEnds() throws Exception {
    TestLog log = TestLog.create().grow(10);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.tamper("checkpoint", (p, honest) -> Reply.redirect("/ledger/checkpoint"));

      Failure.RedirectRefused refused =
          failure(server.monitor(dir.resolve("s")).check(), Failure.RedirectRefused.class);
      assertThat(refused.reason()).isEqualTo("more than 5 redirects");
      assertThat(server.requests()).hasSize(6);
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    TestLog log = TestLog.create().grow(10);
    try (LedgerServer server = LedgerServer.serving(log)) {
      server.hang("checkpoint");
      MonitorSettings impatient =
          MonitorSettings.DEFAULT.withRequestTimeout(Duration.ofMillis(300));

      Failure.Unreachable unreachable =
          failure(server.monitor(dir.resolve("s"), impatient).check(), Failure.Unreachable.class);
      assertThat(unreachable.url()).isEqualTo(server.base() + "ledger/checkpoint");
      assertThat(unreachable.reason()).endsWith("within 0.3 s");
    }
  }

  @Test
  void aPortNobodyListensOnIsUnreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    MonitoredLog nowhere =
        new MonitoredLog(URI.create("http://127.0.0.1:" + port), TestLog.VKEY, TestLog.ORIGIN);

    Failure.Unreachable unreachable =
        failure(LogMonitor.create(nowhere, dir.resolve("s")).check(), Failure.Unreachable.class);
    assertThat(unreachable.url()).isEqualTo("http://127.0.0.1:" + port + "/ledger/checkpoint");
    assertThat(unreachable.reason()).startsWith("connection failed");
  }

  @Test
  void aValidCheckpointFromTheStateFileIsNotEnoughWhenTheLogIsDown() throws IOException {
    // The state file never stands in for the log: an unreachable log fails the run.
    TestLog log = TestLog.create().grow(10);
    Path state = dir.resolve("s");
    Files.write(state, log.signedCheckpoint());
    MonitoredLog nowhere =
        new MonitoredLog(URI.create("http://127.0.0.1:9"), TestLog.VKEY, TestLog.ORIGIN);
    MonitorSettings quick = new MonitorSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), true);

    failure(LogMonitor.create(nowhere, state, quick).check(), Failure.Unreachable.class);
    assertThat(Files.readAllBytes(state)).isEqualTo(log.signedCheckpoint());
  }
}
