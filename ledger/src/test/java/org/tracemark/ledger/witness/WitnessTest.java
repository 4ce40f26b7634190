package org.tracemark.ledger.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.ledger.TestKeys;
import org.tracemark.ledger.VectorFile;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.CheckpointSigner;
import org.tracemark.ledger.checkpoint.SignedCheckpoint;
import org.tracemark.ledger.cosignature.CosignatureVerifier;
import org.tracemark.ledger.cosignature.Ed25519Cosigner;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.note.Ed25519NoteSigner;
import org.tracemark.ledger.note.KeyName;
import org.tracemark.ledger.note.Note;
import org.tracemark.ledger.proof.ReferenceTree;
import org.tracemark.ledger.witness.AddCheckpointResult.Conflict;
import org.tracemark.ledger.witness.AddCheckpointResult.Cosigned;
import org.tracemark.ledger.witness.AddCheckpointResult.Forbidden;
import org.tracemark.ledger.witness.AddCheckpointResult.Malformed;
import org.tracemark.ledger.witness.AddCheckpointResult.UnknownOrigin;
import org.tracemark.ledger.witness.AddCheckpointResult.Unprocessable;

class WitnessTest {

  private static final String ORIGIN = TestKeys.LOG_ORIGIN;
  private static final Clock AT_VECTOR_TIME =
      Clock.fixed(Instant.ofEpochSecond(TestKeys.COSIGNATURE_TIME), ZoneOffset.UTC);
  private static final CheckpointSigner LOG = CheckpointSigner.of(ORIGIN, TestKeys.LOG_SIGNER);
  private static final Ed25519Cosigner COSIGNER =
      Ed25519Cosigner.parse(TestKeys.WITNESS_SECRET, AT_VECTOR_TIME);

  @TempDir Path directory;
  private FileWitnessState state;
  private Witness witness;
  private ReferenceTree tree;

  @BeforeEach
  void start() throws Exception {
    state = FileWitnessState.open(directory);
    witness = newWitness(state);
    tree = ReferenceTree.random(64, 42);
  }

  @AfterEach
  void stop() throws Exception {
    state.close();
  }

  private static Witness newWitness(WitnessState state) {
    return Witness.create(
        List.of(WitnessedLog.of(ORIGIN, TestKeys.LOG_KEY)), List.of(COSIGNER), state);
  }

  @Test
  void aSessionOverTheReferenceTreeGivesTheIndependentlyComputedCosignatures() throws Exception {
    AddCheckpointResult first =
        witness.addCheckpoint(VectorFile.bytes("tlog-witness-request-old-0-size-6.txt"));
    assertThat(first).isInstanceOf(Cosigned.class);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body()).isEqualTo(VectorFile.text("tlog-witness-response-old-0-size-6.txt"));

    AddCheckpointResult second =
        witness.addCheckpoint(VectorFile.bytes("tlog-witness-request-old-6-size-8.txt"));
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(VectorFile.text("tlog-witness-response-old-6-size-8.txt"));

    // The monitoring endpoint serves the log's signature and the witness's cosignature: exactly
    // the cosigned note of tlog-cosignature-size-8.note.
    assertThat(witness.latestCheckpoint(Witness.originHash(ORIGIN)).orElseThrow().bytes())
        .isEqualTo(VectorFile.bytes("tlog-cosignature-size-8.note"));
    assertThat(witness.latestCheckpoint(Witness.originHash("example.com/other"))).isEmpty();
  }

  @Test
  void theSpecExampleRequestParses() throws Exception {
    String example =
        "old 20852014\n"
            + "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
            + "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
            + "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
            + "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
            + "\n"
            + "example.com/behind-the-sofa\n"
            + "20852163\n"
            + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
            + "\n"
            + "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
            + "— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n";
    byte[] body = example.getBytes(StandardCharsets.UTF_8);
    AddCheckpointRequest request = AddCheckpointRequest.parse(body);
    assertThat(request.oldSize()).isEqualTo(TreeSize.of(20852014));
    assertThat(request.proof()).hasSize(4);
    assertThat(Note.parse(request.signedCheckpoint()).signatures()).hasSize(2);
    assertThat(request.encode()).isEqualTo(body);
    // A witness that does not follow that log answers 404, as the spec requires.
    assertThat(witness.addCheckpoint(body))
        .isEqualTo(new UnknownOrigin("example.com/behind-the-sofa"));
  }

  @Test
  void aStaleOldSizeIsAConflictCarryingTheLatestSize() throws Exception {
    assertCosigned(submit(0, 6));
    assertCosigned(submit(6, 8));
    AddCheckpointResult stale = submit(6, 10);
    assertThat(stale).isEqualTo(new Conflict(ORIGIN, TreeSize.of(8)));
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.body()).isEqualTo("8\n");
    assertThat(stale.contentType()).isEqualTo("text/x.tlog.size");
    // A client that knows nothing starts with old 0 and learns the size the same way.
    assertThat(submit(0, 10)).isEqualTo(new Conflict(ORIGIN, TreeSize.of(8)));
    assertCosigned(submit(8, 10));
  }

  @Test
  void aSmallerTreeIsNeverCosignedAfterALargerOne() throws Exception {
    assertCosigned(submit(0, 20));
    // The only old size the witness accepts is 20, and an old size above the checkpoint's is 400.
    AddCheckpointResult rollback = submit(20, 12);
    assertThat(rollback).isInstanceOf(Malformed.class);
    assertThat(rollback.status()).isEqualTo(400);
    assertThat(submit(12, 12)).isEqualTo(new Conflict(ORIGIN, TreeSize.of(20)));
    assertThat(submit(0, 12)).isEqualTo(new Conflict(ORIGIN, TreeSize.of(20)));
    assertThat(latestSize()).isEqualTo(20);
  }

  @Test
  void resubmittingTheLatestCheckpointIsCosignedAgain() throws Exception {
    assertCosigned(submit(0, 9));
    assertCosigned(submit(9, 9));
    assertThat(latestSize()).isEqualTo(9);
  }

  @Test
  void inconsistentCheckpointsAreUnprocessableAndChangeNothing() throws Exception {
    assertCosigned(submit(0, 6));

    // Same size, another root: a fork.
    ReferenceTree fork = forkOf(tree, 4, 7);
    AddCheckpointResult sameSizeFork =
        witness.addCheckpoint(request(6, List.of(), checkpoint(fork, 6)));
    assertThat(sameSizeFork).isInstanceOf(Unprocessable.class);
    assertThat(sameSizeFork.status()).isEqualTo(422);

    // A larger tree whose history differs: its honest proof does not lead from our root.
    AddCheckpointResult grownFork =
        witness.addCheckpoint(request(6, fork.consistencyProof(6, 20), checkpoint(fork, 20)));
    assertThat(grownFork).isInstanceOf(Unprocessable.class);
    assertThat(((Unprocessable) grownFork).checkpoint().size()).isEqualTo(TreeSize.of(20));

    // A proof with one flipped bit.
    List<Hash> proof = new ArrayList<>(tree.consistencyProof(6, 20));
    byte[] first = proof.get(0).bytes();
    first[5] ^= 0x10;
    proof.set(0, Hash.of(first));
    assertThat(witness.addCheckpoint(request(6, proof, checkpoint(tree, 20))))
        .isInstanceOf(Unprocessable.class);

    // A proof where none belongs.
    assertThat(witness.addCheckpoint(request(6, List.of(tree.leaf(0)), checkpoint(tree, 6))))
        .isInstanceOf(Unprocessable.class);

    assertThat(latestSize()).isEqualTo(6);
    assertCosigned(submit(6, 20));
  }

  @Test
  void theFirstCheckpointTakesNoProof() throws Exception {
    AddCheckpointResult withProof =
        witness.addCheckpoint(request(0, List.of(tree.leaf(0)), checkpoint(tree, 5)));
    assertThat(withProof).isInstanceOf(Unprocessable.class);
    assertThat(latestSize()).isZero();
    assertCosigned(submit(0, 0));
    assertCosigned(submit(0, 5));
  }

  @Test
  void anEmptyTreeWithANonEmptyRootIsUnprocessable() throws Exception {
    Checkpoint lie = Checkpoint.of(ORIGIN, TreeSize.ZERO, tree.root(3));
    AddCheckpointResult result = witness.addCheckpoint(request(0, List.of(), LOG.sign(lie)));
    assertThat(result).isInstanceOf(Unprocessable.class);
    assertThat(result.body()).contains(TreeHasher.EMPTY_ROOT.base64());
  }

  @Test
  void onlyTheLogsOwnKeysCount() throws Exception {
    Checkpoint checkpoint = Checkpoint.of(ORIGIN, TreeSize.of(5), tree.root(5));

    Ed25519NoteSigner stranger = Ed25519NoteSigner.generate(KeyName.of(ORIGIN), new SecureRandom());
    AddCheckpointResult byStranger =
        witness.addCheckpoint(
            request(0, List.of(), CheckpointSigner.of(ORIGIN, stranger).sign(checkpoint)));
    assertThat(byStranger).isInstanceOf(Forbidden.class);
    assertThat(byStranger.status()).isEqualTo(403);

    String signed = LOG.sign(checkpoint).encoded();
    String tampered = signed.replace("\n5\n", "\n6\n");
    AddCheckpointResult badSignature =
        witness.addCheckpoint(("old 0\n\n" + tampered).getBytes(StandardCharsets.UTF_8));
    assertThat(badSignature).isInstanceOf(Forbidden.class);
    assertThat(badSignature.body()).contains("invalid signature", TestKeys.LOG_KEY.keyId().hex());

    // Extra signatures by unknown keys (other witnesses, say) are ignored.
    Note withExtra = LOG.sign(checkpoint).signedBy(stranger);
    assertCosigned(witness.addCheckpoint(request(0, List.of(), withExtra)));
    assertThat(latestSize()).isEqualTo(5);
  }

  @Test
  void malformedRequestsAre400() throws Exception {
    String note = checkpoint(tree, 5).encoded();
    String proofLine = tree.leaf(0).base64() + "\n";
    for (String body :
        List.of(
            "",
            "old 0\n" + note,
            "old 0",
            "old 00\n\n" + note,
            "old +0\n\n" + note,
            "old -1\n\n" + note,
            "Old 0\n\n" + note,
            "old  0\n\n" + note,
            "old 0 \n\n" + note,
            "old 9223372036854775808\n\n" + note,
            "old 0\r\n\n" + note,
            "old 0\n" + "AAAA\n\n" + note,
            "old 0\n" + proofLine.replace("=", "") + "\n" + note,
            "old 0\n" + proofLine.repeat(64) + "\n" + note,
            "old 0\n\n" + "not a note\n",
            "old 0\n\n" + note.replace("\n5\n", "\n05\n"),
            "old 0\n\n" + "hello\n\n" + note.substring(note.indexOf("— ")))) {
      AddCheckpointResult result = witness.addCheckpoint(body.getBytes(StandardCharsets.UTF_8));
      assertThat(result).as(body).isInstanceOf(Malformed.class);
      assertThat(result.status()).isEqualTo(400);
    }
    assertThat(latestSize()).isZero();
    byte[] huge = new byte[AddCheckpointRequest.MAX_SIZE + 1];
    assertThat(witness.addCheckpoint(huge)).isInstanceOf(Malformed.class);
  }

  @Test
  void sixtyThreeProofLinesAreAccepted() throws Exception {
    // tlog-witness caps proofs at 63 lines; a 63-line proof is well formed (it just fails to
    // verify for a small tree) and is judged on its proof, not refused as malformed.
    List<Hash> proof = Collections.nCopies(63, tree.leaf(0));
    assertCosigned(submit(0, 6));
    assertThat(witness.addCheckpoint(request(6, proof, checkpoint(tree, 8))))
        .isInstanceOf(Unprocessable.class);
  }

  @Test
  void stateSurvivesARestart() throws Exception {
    assertCosigned(submit(0, 6));
    assertCosigned(submit(6, 30));
    state.close();

    state = FileWitnessState.open(directory);
    witness = newWitness(state);
    assertThat(submit(0, 31)).isEqualTo(new Conflict(ORIGIN, TreeSize.of(30)));
    assertThat(submit(6, 31)).isEqualTo(new Conflict(ORIGIN, TreeSize.of(30)));
    assertCosigned(submit(30, 31));

    // The served checkpoint is the log's note plus a valid cosignature.
    Note served = witness.latestCheckpoint(Witness.originHash(ORIGIN)).orElseThrow();
    SignedCheckpoint signed = LOG.verifier().verify(served);
    assertThat(signed.checkpoint().size()).isEqualTo(TreeSize.of(31));
    assertThat(CosignatureVerifier.of(TestKeys.WITNESS_KEY).find(signed)).isPresent();
  }

  @Test
  void concurrentRequestsFromTheSameOldSizeCosignExactlyOne() throws Exception {
    for (int round = 0; round < 20; round++) {
      long old = latestSize();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<AddCheckpointResult>> requests = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
          int size = (int) old + i;
          requests.add(() -> submit((int) old, Math.min(size, tree.size())));
        }
        List<AddCheckpointResult> results = new ArrayList<>();
        for (Future<AddCheckpointResult> future : pool.invokeAll(requests)) {
          results.add(future.get());
        }
        long cosigned = results.stream().filter(r -> r instanceof Cosigned).count();
        if (old + 1 <= tree.size()) {
          assertThat(cosigned).as("round %d", round).isEqualTo(1);
        }
        long winner = latestSize();
        assertThat(results)
            .filteredOn(r -> !(r instanceof Cosigned))
            .allSatisfy(r -> assertThat(r).isEqualTo(new Conflict(ORIGIN, TreeSize.of(winner))));
      } finally {
        pool.shutdownNow();
      }
      if (latestSize() >= tree.size() - 8) {
        break;
      }
    }
  }

  @Test
  void aCorruptStateFileIsAnErrorNotAFreshStart() throws Exception {
    assertCosigned(submit(0, 6));
    Path file = state.fileOf(ORIGIN);
    byte[] good = Files.readAllBytes(file);

    byte[] flipped = good.clone();
    flipped[flipped.length - 10] ^= 0x01;
    Files.write(file, flipped);
    assertCorrupt(CorruptWitnessStateException.Problem.CHECKSUM_MISMATCH);

    Files.write(file, Arrays.copyOf(good, good.length / 2));
    assertCorrupt(CorruptWitnessStateException.Problem.CHECKSUM_MISMATCH);

    Files.write(file, Arrays.copyOf(good, 10));
    assertCorrupt(CorruptWitnessStateException.Problem.BAD_FORMAT);

    Files.write(file, new byte[0]);
    assertCorrupt(CorruptWitnessStateException.Problem.BAD_FORMAT);

    String garbage = "not a note";
    Files.write(
        file,
        (FileWitnessState.HEADER
                + "sha256 "
                + FileWitnessState.sha256Hex(garbage.getBytes(StandardCharsets.UTF_8))
                + "\n"
                + garbage)
            .getBytes(StandardCharsets.UTF_8));
    assertCorrupt(CorruptWitnessStateException.Problem.BAD_CONTENT);

    // Another log's record under this log's name.
    Note other =
        Note.sign(
            Checkpoint.of("example.com/other", TreeSize.of(1), tree.root(1)).body(),
            List.of(TestKeys.LOG_SIGNER));
    Files.write(
        file,
        FileWitnessState.encode(
            new WitnessRecord(
                Checkpoint.of("example.com/other", TreeSize.of(1), tree.root(1)), other)));
    assertCorrupt(CorruptWitnessStateException.Problem.WRONG_ORIGIN);

    Files.write(file, good);
    assertThat(latestSize()).isEqualTo(6);
  }

  private void assertCorrupt(CorruptWitnessStateException.Problem problem) {
    assertThatThrownBy(() -> submit(6, 8))
        .isInstanceOfSatisfying(
            CorruptWitnessStateException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(problem);
              assertThat(e.file()).isEqualTo(state.fileOf(ORIGIN));
            });
    assertThatThrownBy(() -> submit(0, 8)).isInstanceOf(CorruptWitnessStateException.class);
  }

  @Test
  void oneWitnessPerStateDirectory() throws Exception {
    assertThatThrownBy(() -> FileWitnessState.open(directory))
        .isInstanceOf(WitnessStateException.class)
        .hasMessageContaining("in use");
  }

  @Test
  void leftoverTemporaryFilesAreIgnoredAndRemoved() throws Exception {
    assertCosigned(submit(0, 6));
    state.close();
    Path leftover = directory.resolve(state.fileOf(ORIGIN).getFileName() + "123.tmp");
    Files.write(leftover, "half a write".getBytes(StandardCharsets.UTF_8));
    state = FileWitnessState.open(directory);
    witness = newWitness(state);
    assertThat(leftover).doesNotExist();
    assertThat(latestSize()).isEqualTo(6);
  }

  @Test
  void configurationMistakesAreRefused() {
    assertThatThrownBy(() -> Witness.create(List.of(), List.of(COSIGNER), state))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Witness.create(
                    List.of(WitnessedLog.of(ORIGIN, TestKeys.LOG_KEY)), List.of(), state))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Witness.create(
                    List.of(
                        WitnessedLog.of(ORIGIN, TestKeys.LOG_KEY),
                        WitnessedLog.of(ORIGIN, TestKeys.LOG_KEY)),
                    List.of(COSIGNER),
                    state))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WitnessedLog.of(ORIGIN, TestKeys.WITNESS_KEY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Witness.create(
                    List.of(WitnessedLog.of(ORIGIN, TestKeys.LOG_KEY)),
                    List.of(COSIGNER, COSIGNER),
                    state))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private long latestSize() throws WitnessStateException {
    return state.latest(ORIGIN).map(r -> r.checkpoint().size().value()).orElse(0L);
  }

  private AddCheckpointResult submit(int oldSize, int size) throws WitnessStateException {
    List<Hash> proof =
        oldSize == 0 || oldSize > size ? List.of() : tree.consistencyProof(oldSize, size);
    return witness.addCheckpoint(request(oldSize, proof, checkpoint(tree, size)));
  }

  private static Note checkpoint(ReferenceTree tree, int size) {
    return LOG.sign(Checkpoint.of(ORIGIN, TreeSize.of(size), tree.root(size)));
  }

  private static byte[] request(long oldSize, List<Hash> proof, Note note) {
    return new AddCheckpointRequest(TreeSize.of(oldSize), proof, note.bytes()).encode();
  }

  static ReferenceTree forkOf(ReferenceTree tree, int commonPrefix, long seed) {
    ReferenceTree other = ReferenceTree.random(tree.size(), seed);
    List<Hash> leaves = new ArrayList<>();
    for (int i = 0; i < tree.size(); i++) {
      leaves.add(i < commonPrefix ? tree.leaf(i) : other.leaf(i));
    }
    return new ReferenceTree(leaves);
  }

  private static void assertCosigned(AddCheckpointResult result) {
    assertThat(result).isInstanceOf(Cosigned.class);
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.body()).startsWith("— " + TestKeys.WITNESS_KEY.name() + " ").endsWith("\n");
  }
}
