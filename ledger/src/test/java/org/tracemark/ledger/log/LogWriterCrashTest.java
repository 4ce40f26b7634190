package org.tracemark.ledger.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.ReferenceLog;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.proof.ProofBuilder;
import org.tracemark.ledger.proof.ProofVerifier;
import org.tracemark.ledger.storage.ConflictException;
import org.tracemark.ledger.storage.FaultyLogStorage;
import org.tracemark.ledger.storage.FaultyLogStorage.CommitFault;
import org.tracemark.ledger.storage.FaultyLogStorage.SimulatedCrash;
import org.tracemark.ledger.storage.LogState;
import org.tracemark.ledger.storage.MemoryLogStorage;
import org.tracemark.ledger.storage.StorageException;
import org.tracemark.ledger.tile.Tiling;

/**
 * A long random run of a writer over storage that fails commits before and after applying them,
 * kills the writer's process at both points, and fails reads, checking after every step what a
 * crash must never break.
 *
 * <p>The run plays the sequencer: a batch counts as acknowledged when {@code append} returned, and
 * also when its outcome was unknown (a crash, {@link CommitOutcomeUnknownException}) and the state
 * storage shows after recovery is the one the batch led to: exactly the check a sequencer
 * recovering from a crash makes before it re-sends a batch. Unacknowledged batches are retried or
 * dropped at random.
 */
class LogWriterCrashTest {

  private static final int STEPS = 600;

  @Test
  void theCommittedLogIsAlwaysACleanReplayOfTheAcknowledgedBatches() throws Exception {
    for (long seed = 1; seed <= 3; seed++) {
      run(seed);
    }
  }

  private static void run(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    MemoryLogStorage memory = new MemoryLogStorage();
    FaultyLogStorage storage = new FaultyLogStorage(memory);
    storage.failRandomly(random.split(), 0.3, 0.04);

    // The clean replay: the acknowledged batches, appended by a writer that never fails.
    MemoryLogStorage replayStorage = new MemoryLogStorage();
    LogWriter replay = LogWriter.open(replayStorage);
    List<byte[]> acknowledged = new ArrayList<>();

    LogWriter writer = recover(storage);
    List<byte[]> pending = null;
    int refused = 0;
    int unknown = 0;
    int crashes = 0;
    for (int step = 0; step < STEPS; step++) {
      List<byte[]> batch =
          pending != null && random.nextBoolean()
              ? pending
              : ReferenceLog.entries(
                  random.nextLong(), 1 + random.nextInt(random.nextInt(8) == 0 ? 600 : 60), 24);
      pending = null;
      LogState before = replay.state();
      boolean inDoubt = false;
      try {
        Appended appended = writer.append(batch);
        assertThat(appended.first()).isEqualTo(LeafIndex.of(acknowledged.size()));
        acknowledge(batch, acknowledged, replay);
        assertThat(appended.state()).isEqualTo(replay.state());
      } catch (ConflictException e) {
        fail("only one writer runs, yet: " + e.getMessage(), e);
      } catch (CommitOutcomeUnknownException e) {
        unknown++;
        assertThat(e.expected()).isEqualTo(before);
        writer = reload(writer);
        inDoubt = true;
      } catch (SimulatedCrash e) {
        crashes++;
        writer = recover(storage); // the old writer died with its process
        inDoubt = true;
      } catch (StorageException e) {
        // Either the commit failed and the writer proved it did not land, or a read failed
        // while the writer re-read its edge before appending: in both cases nothing was written.
        refused++;
        assertThat(memory.state()).as("state after a refused batch").isEqualTo(before);
        pending = batch;
      }
      if (inDoubt) {
        LogState recovered = writer.state();
        if (!recovered.equals(before)) {
          acknowledge(batch, acknowledged, replay);
        } else {
          pending = batch;
        }
        assertThat(recovered)
            .as("state after an in-doubt batch at step %d", step)
            .isEqualTo(replay.state());
      }
      // Nothing of an unacknowledged batch is visible: state, tiles and bundles are exactly the
      // replay's, with no tile or bundle beyond the committed size.
      assertThat(memory.state()).as("committed state at step %d", step).isEqualTo(replay.state());
      if (step % 50 == 0 || step == STEPS - 1) {
        ReferenceLog.assertSameTiles(memory.allTiles(), replayStorage.allTiles());
      } else {
        assertThat(memory.allTiles().size())
            .isEqualTo(
                Tiling.tiles(memory.state().size()).count()
                    + Tiling.bundles(memory.state().size()).count());
      }
    }

    System.out.printf(
        "seed %d: %d entries acknowledged; commit faults %d before, %d after, crashes %d before,"
            + " %d after; %d read faults; %d batches refused, %d unknown, %d crashes%n",
        seed,
        acknowledged.size(),
        storage.injected(CommitFault.FAIL_BEFORE),
        storage.injected(CommitFault.FAIL_AFTER),
        storage.injected(CommitFault.CRASH_BEFORE),
        storage.injected(CommitFault.CRASH_AFTER),
        storage.readFaults(),
        refused,
        unknown,
        crashes);
    assertThat(storage.injected(CommitFault.FAIL_BEFORE)).isGreaterThan(5);
    assertThat(storage.injected(CommitFault.FAIL_AFTER)).isGreaterThan(5);
    assertThat(storage.injected(CommitFault.CRASH_BEFORE)).isGreaterThan(5);
    assertThat(storage.injected(CommitFault.CRASH_AFTER)).isGreaterThan(5);
    assertThat(storage.readFaults()).isGreaterThan(5);
    assertThat(refused).isGreaterThan(5);
    assertThat(crashes).isGreaterThan(5);
    assertThat(unknown).isPositive();

    // Independently of the writer: the log is the acknowledged entries, tile for tile.
    ReferenceLog.assertHolds(memory, acknowledged);

    // After recovery the log goes on: more appends without faults, and proofs still verify.
    storage.stopFailing();
    writer = recover(storage);
    List<byte[]> more = ReferenceLog.entries(seed, 1000, 24);
    writer.append(more);
    acknowledged.addAll(more);
    ReferenceLog.assertHolds(memory, acknowledged);
    ProofBuilder proofs = new ProofBuilder(memory);
    LogState end = memory.state();
    for (int i = 0; i < 200; i++) {
      long index = random.nextLong(end.size().value());
      ProofVerifier.verifyInclusion(
          ReferenceLog.leafHashes(List.of(acknowledged.get((int) index))).get(0),
          index,
          end.size().value(),
          proofs.inclusionProof(LeafIndex.of(index), end.size()),
          end.root());
    }
    assertThat(proofs.consistencyProof(TreeSize.of(1), end.size())).isNotEmpty();
  }

  private static void acknowledge(List<byte[]> batch, List<byte[]> acknowledged, LogWriter replay)
      throws Exception {
    acknowledged.addAll(batch);
    replay.append(batch);
  }

  // A restarted process: open a new writer, retrying while reads fail.
  private static LogWriter recover(FaultyLogStorage storage) {
    for (int attempt = 0; ; attempt++) {
      try {
        return LogWriter.open(storage);
      } catch (StorageException e) {
        assertThat(e).isNotInstanceOf(CorruptLogException.class);
        assertThat(attempt).as("attempts to open").isLessThan(100);
      }
    }
  }

  private static LogWriter reload(LogWriter writer) {
    for (int attempt = 0; ; attempt++) {
      try {
        writer.reload();
        return writer;
      } catch (StorageException e) {
        assertThat(e).isNotInstanceOf(CorruptLogException.class);
        assertThat(attempt).as("attempts to reload").isLessThan(100);
      }
    }
  }
}
