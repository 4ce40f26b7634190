package org.tracemark.ledger.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.TestKeys;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.CheckpointSigner;
import org.tracemark.ledger.cosignature.Ed25519Cosigner;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.proof.ReferenceTree;
import org.tracemark.ledger.witness.AddCheckpointResult.Conflict;
import org.tracemark.ledger.witness.AddCheckpointResult.Cosigned;

/**
 * A log that forks (two trees sharing a prefix, both signed with the log key) and clients that send
 * stale sizes, wrong proofs and tampered proofs, with witness restarts in between: whatever the
 * witness cosigns is one append-only history.
 */
class WitnessHistoryTest {

  private static final String ORIGIN = TestKeys.LOG_ORIGIN;
  private static final CheckpointSigner LOG = CheckpointSigner.of(ORIGIN, TestKeys.LOG_SIGNER);
  private static final Ed25519Cosigner COSIGNER =
      Ed25519Cosigner.parse(
          TestKeys.WITNESS_SECRET,
          Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC));
  private static final int LEAVES = 40;

  private record Seen(int size, Hash root, ReferenceTree tree) {}

  @Test
  void everythingCosignedIsOneAppendOnlyHistory() {
    qt().withExamples(40).forAll(longs().all()).checkAssert(WitnessHistoryTest::runSession);
  }

  private static void runSession(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ReferenceTree a = ReferenceTree.random(LEAVES, seed);
    ReferenceTree b = WitnessTest.forkOf(a, random.nextInt(LEAVES + 1), seed + 1);
    Path directory = null;
    try {
      directory = Files.createTempDirectory("witness-history");
      FileWitnessState state = FileWitnessState.open(directory);
      Witness witness = create(state);
      List<Seen> cosigned = new ArrayList<>();
      for (int step = 0; step < 60; step++) {
        if (random.nextInt(20) == 0) {
          state.close();
          state = FileWitnessState.open(directory);
          witness = create(state);
        }
        long latest = state.latest(ORIGIN).map(r -> r.checkpoint().size().value()).orElse(0L);
        ReferenceTree tree = random.nextBoolean() ? a : b;
        int size = random.nextInt(LEAVES + 1);
        int old = random.nextInt(4) > 0 ? (int) latest : random.nextInt(LEAVES + 1);
        List<Hash> proof = proof(random, old, size, tree, tree == a ? b : a);
        Checkpoint checkpoint = Checkpoint.of(ORIGIN, TreeSize.of(size), tree.root(size));
        byte[] body =
            new AddCheckpointRequest(TreeSize.of(old), proof, LOG.sign(checkpoint).bytes())
                .encode();

        AddCheckpointResult result = witness.addCheckpoint(body);

        if (result instanceof Cosigned) {
          cosigned.add(new Seen(size, tree.root(size), tree));
        } else if (result instanceof Conflict conflict) {
          assertThat(conflict.latestSize().value()).isEqualTo(latest);
          assertThat(old).isNotEqualTo((int) latest);
        } else {
          assertThat(result.status()).isIn(400, 422);
        }
        long after = state.latest(ORIGIN).map(r -> r.checkpoint().size().value()).orElse(0L);
        assertThat(after)
            .as("step %d: the witness never moves back", step)
            .isGreaterThanOrEqualTo(latest);
      }
      state.close();
      for (int i = 0; i < cosigned.size(); i++) {
        for (int j = i + 1; j < cosigned.size(); j++) {
          Seen earlier = cosigned.get(i);
          Seen later = cosigned.get(j);
          assertThat(later.size())
              .as("cosigned sizes never decrease")
              .isGreaterThanOrEqualTo(earlier.size());
          assertThat(later.tree().root(earlier.size()))
              .as(
                  "cosigned #%d (size %d) is a prefix of cosigned #%d (size %d)",
                  i, earlier.size(), j, later.size())
              .isEqualTo(earlier.root());
        }
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      deleteQuietly(directory);
    }
  }

  /** An honest proof most of the time; otherwise the other tree's, a tampered one, or none. */
  private static List<Hash> proof(
      SplittableRandom random, int old, int size, ReferenceTree tree, ReferenceTree other) {
    if (old == 0 || old > size) {
      return List.of();
    }
    int kind = random.nextInt(10);
    List<Hash> honest = tree.consistencyProof(old, size);
    if (kind == 0) {
      return other.consistencyProof(old, size);
    }
    if (kind == 1 && !honest.isEmpty()) {
      List<Hash> tampered = new ArrayList<>(honest);
      int which = random.nextInt(tampered.size());
      byte[] bytes = tampered.get(which).bytes();
      bytes[random.nextInt(Hash.LENGTH)] ^= (byte) (1 << random.nextInt(8));
      tampered.set(which, Hash.of(bytes));
      return tampered;
    }
    if (kind == 2) {
      return List.of();
    }
    return honest;
  }

  private static Witness create(WitnessState state) {
    return Witness.create(
        List.of(WitnessedLog.of(ORIGIN, TestKeys.LOG_KEY)), List.of(COSIGNER), state);
  }

  private static void deleteQuietly(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // A temporary directory; the OS cleans up what is left.
    }
  }
}
