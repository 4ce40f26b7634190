package org.tracemark.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tracemark.verify.Results.failure;
import static org.tracemark.verify.Results.verified;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.CheckpointVerifier;

class StateFileTest {

  private static final CheckpointVerifier VERIFIER =
      CheckpointVerifier.of(TestLog.ORIGIN, TestLog.VKEY);

  @TempDir Path dir;

  @Test
  void writesAtomicallyIntoDirectoriesItCreatesAndReadsBack() throws Exception {
    TestLog log = TestLog.create().grow(5);
    StateFile state = new StateFile(dir.resolve("a/b/log.state"));
    assertThat(state.read(VERIFIER)).isEmpty();

    state.write(log.signedCheckpoint());
    assertThat(state.read(VERIFIER).orElseThrow().checkpoint())
        .isEqualTo(Checkpoint.of(TestLog.ORIGIN, log.state()));
    log.grow(5);
    state.write(log.signedCheckpoint());

    assertThat(Files.readAllBytes(state.path())).isEqualTo(log.signedCheckpoint());
    assertThat(dir.resolve("a/b/log.state.tmp")).doesNotExist();
  }

  @Test
  void aDamagedStateFileFailsTheRunAndIsLeftAlone() throws Exception {
    TestLog log = TestLog.create().grow(5);
    Path file = dir.resolve("log.state");
    byte[] damaged = log.signedCheckpoint();
    damaged[damaged.length / 3] ^= 0x01;
    Files.write(file, damaged);
    try (LedgerServer server = LedgerServer.serving(log)) {
      Failure.LocalState local = failure(server.monitor(file).check(), Failure.LocalState.class);

      assertThat(local.file()).isEqualTo(file.toAbsolutePath());
      assertThat(local.reason())
          .startsWith(
              "does not hold a checkpoint of " + TestLog.ORIGIN + " signed by the log's key");
      assertThat(Files.readAllBytes(file)).isEqualTo(damaged);
      // Nothing is fetched with a state that cannot be trusted.
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void anEmptyStateFileIsNotTakenForNoState() throws Exception {
    Path file = dir.resolve("log.state");
    Files.write(file, new byte[0]);
    StateFile state = new StateFile(file);
    assertThatThrownBy(() -> state.read(VERIFIER))
        .isInstanceOf(StateFile.StateException.class)
        .hasMessageContaining("does not hold a checkpoint");
  }

  @Test
  void anotherKeysCheckpointIsRefused() throws Exception {
    TestLog log = TestLog.create().grow(5);
    Path file = dir.resolve("log.state");
    Files.write(file, TestLog.sign(Checkpoint.of(TestLog.ORIGIN, log.state()), TestLog.IMPOSTOR));
    assertThatThrownBy(() -> new StateFile(file).read(VERIFIER))
        .isInstanceOf(StateFile.StateException.class)
        .hasMessageContaining("belongs to another log or key");
  }

  @Test
  @SuppressWarnings("try") // the lock is held, not used
  void aSecondMonitorOfTheSameStateFileIsLockedOut() throws Exception {
    TestLog log = TestLog.create().grow(5);
    Path file = dir.resolve("log.state");
    try (LedgerServer server = LedgerServer.serving(log);
        StateFile.Lock held = new StateFile(file).lock()) {
      Failure.LocalState local = failure(server.monitor(file).check(), Failure.LocalState.class);
      assertThat(local.reason()).startsWith("locked by another monitor in this process");
    }
    try (LedgerServer server = LedgerServer.serving(log)) {
      verified(server.monitor(file).check());
    }
  }

  @Test
  void aStateFileThatCannotBeWrittenFailsTheRun() throws Exception {
    TestLog log = TestLog.create().grow(5);
    Path file = dir.resolve("log.state");
    // A directory where the temporary file would go: the write fails after every check passed.
    Files.createDirectories(dir.resolve("log.state.tmp"));
    Files.writeString(dir.resolve("log.state.tmp/keep"), "x");
    try (LedgerServer server = LedgerServer.serving(log)) {
      Failure.LocalState local = failure(server.monitor(file).check(), Failure.LocalState.class);
      assertThat(local.reason()).startsWith("cannot write it: ");
      assertThat(file).doesNotExist();
    }
  }
}
