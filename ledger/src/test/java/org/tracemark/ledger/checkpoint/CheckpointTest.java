package org.tracemark.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.TestKeys;
import org.tracemark.ledger.VectorFile;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.note.Ed25519NoteSigner;
import org.tracemark.ledger.note.KeyName;
import org.tracemark.ledger.note.Note;
import org.tracemark.ledger.storage.LogState;

class CheckpointTest {

  private static final String ORIGIN = TestKeys.LOG_ORIGIN;
  private static final CheckpointSigner SIGNER = CheckpointSigner.of(ORIGIN, TestKeys.LOG_SIGNER);
  private static final CheckpointVerifier VERIFIER =
      CheckpointVerifier.of(ORIGIN, TestKeys.LOG_KEY);

  @Test
  void signedCheckpointsMatchTheIndependentlyGeneratedNotes() throws Exception {
    assertSignsExactly(
        Checkpoint.of(ORIGIN, TreeSize.of(8), root(8)), "tlog-checkpoint-size-8.note");
    assertSignsExactly(Checkpoint.of(ORIGIN, LogState.EMPTY), "tlog-checkpoint-size-0.note");
    assertSignsExactly(
        new Checkpoint(
            ORIGIN, TreeSize.of(6), root(6), List.of("tracemark: extension line one", "ext two")),
        "tlog-checkpoint-extension-lines.note");
  }

  private static void assertSignsExactly(Checkpoint checkpoint, String vector) throws Exception {
    byte[] expected = VectorFile.bytes(vector);
    assertThat(SIGNER.sign(checkpoint).bytes()).as(vector).isEqualTo(expected);
    SignedCheckpoint verified = VERIFIER.verify(expected);
    assertThat(verified.checkpoint()).isEqualTo(checkpoint);
    assertThat(verified.logSignatures()).hasSize(1);
  }

  @Test
  void bodyVectorsParseOrFailAsExpected() throws Exception {
    int valid = 0;
    int invalid = 0;
    for (String[] v : VectorFile.records("tlog-checkpoint-bodies.txt")) {
      if (v[0].equals("valid")) {
        String body = unescape(v[2]);
        Checkpoint checkpoint = Checkpoint.parse(body);
        assertThat(checkpoint.body()).as("%s round trip", v[2]).isEqualTo(body);
        valid++;
      } else {
        String body = unescape(v[3]);
        assertThatThrownBy(() -> Checkpoint.parse(body))
            .as(v[3])
            .isInstanceOfSatisfying(
                MalformedCheckpointException.class,
                e -> assertThat(e.problem().name()).isEqualTo(v[1]));
        invalid++;
      }
    }
    assertThat(valid).isEqualTo(6);
    assertThat(invalid).isEqualTo(26);
  }

  @Test
  void theSpecExampleHasTheFieldsItShows() throws Exception {
    Checkpoint example =
        Checkpoint.parse(
            "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
    assertThat(example.origin()).isEqualTo("example.com/behind-the-sofa");
    assertThat(example.size()).isEqualTo(TreeSize.of(20852163));
    assertThat(example.root().base64()).isEqualTo("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
    assertThat(example.extensions()).isEmpty();
  }

  @Test
  void formatThenParseIsTheIdentity() {
    qt().forAll(longs().between(0, Long.MAX_VALUE), longs().all(), integers().between(0, 3))
        .checkAssert(
            (size, seed, extensionCount) -> {
              Hash root = TreeHasher.leafHash(Long.toString(seed).getBytes(StandardCharsets.UTF_8));
              List<String> extensions =
                  IntStream.range(0, extensionCount)
                      .mapToObj(i -> "ext " + i + " " + seed)
                      .toList();
              Checkpoint checkpoint =
                  new Checkpoint("example.com/log/" + seed, TreeSize.of(size), root, extensions);
              try {
                assertThat(Checkpoint.parse(checkpoint.body())).isEqualTo(checkpoint);
              } catch (MalformedCheckpointException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void invalidCheckpointsCannotBeBuilt() {
    for (String origin : List.of("", "two\nlines", "tab\there", "lone\uD800")) {
      assertThatThrownBy(() -> Checkpoint.of(origin, TreeSize.of(1), root(1)))
          .as(origin)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new Checkpoint(ORIGIN, TreeSize.of(1), root(1), List.of("")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Checkpoint(ORIGIN, TreeSize.of(1), root(1), List.of("a\nb")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verifierRefusesWhatTheLogDidNotSign() throws Exception {
    Checkpoint checkpoint = Checkpoint.of(ORIGIN, TreeSize.of(8), root(8));
    byte[] signed = SIGNER.sign(checkpoint).bytes();

    // Another key with the log's name: its line is by an unknown key.
    Ed25519NoteSigner impostor = Ed25519NoteSigner.generate(KeyName.of(ORIGIN), new SecureRandom());
    assertProblem(
        CheckpointSigner.of(ORIGIN, impostor).sign(checkpoint).bytes(),
        CheckpointException.Problem.NOT_SIGNED_BY_LOG);

    // The log's line over another body.
    String tampered = new String(signed, StandardCharsets.UTF_8).replace("\n8\n", "\n9\n");
    assertProblem(
        tampered.getBytes(StandardCharsets.UTF_8),
        CheckpointException.Problem.INVALID_LOG_SIGNATURE);

    // A checkpoint of another origin, signed by the log key.
    Note otherOrigin =
        Note.sign(
            Checkpoint.of("example.com/other", TreeSize.of(8), root(8)).body(),
            List.of(TestKeys.LOG_SIGNER));
    assertThatThrownBy(() -> VERIFIER.verify(otherOrigin.bytes()))
        .isInstanceOfSatisfying(
            CheckpointException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(CheckpointException.Problem.WRONG_ORIGIN);
              assertThat(e.getMessage()).contains(ORIGIN, "example.com/other");
            });

    // A note the log signed that is not a checkpoint.
    assertProblem(
        Note.sign("hello\n", List.of(TestKeys.LOG_SIGNER)).bytes(),
        CheckpointException.Problem.MALFORMED_CHECKPOINT);
    assertProblem(
        "not a note".getBytes(StandardCharsets.UTF_8), CheckpointException.Problem.MALFORMED_NOTE);
  }

  @Test
  void theSignerOnlySignsItsOwnOrigin() {
    assertThatThrownBy(
            () -> SIGNER.sign(Checkpoint.of("example.com/other", TreeSize.of(1), root(1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SIGNER.verifierKey()).isEqualTo(TestKeys.LOG_KEY);
    assertThat(SIGNER.toString())
        .doesNotContain(TestKeys.LOG_SIGNER.key().exportSecret().split("\\+", 5)[4]);
  }

  @Test
  void flippingAnyBitOfASignedCheckpointIsDetected() {
    qt().withExamples(10)
        .forAll(longs().between(1, Long.MAX_VALUE), longs().all())
        .checkAssert(
            (size, seed) -> {
              Checkpoint checkpoint =
                  Checkpoint.of(
                      ORIGIN,
                      TreeSize.of(size),
                      TreeHasher.leafHash(Long.toString(seed).getBytes(StandardCharsets.UTF_8)));
              byte[] signed = SIGNER.sign(checkpoint).bytes();
              for (int i = 0; i < signed.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                  byte[] flipped = signed.clone();
                  flipped[i] ^= (byte) (1 << bit);
                  assertThatThrownBy(() -> VERIFIER.verify(flipped))
                      .isInstanceOf(CheckpointException.class);
                }
              }
            });
  }

  private static void assertProblem(byte[] note, CheckpointException.Problem problem) {
    assertThatThrownBy(() -> VERIFIER.verify(note))
        .isInstanceOfSatisfying(
            CheckpointException.class, e -> assertThat(e.problem()).isEqualTo(problem));
  }

  static Hash root(int size) {
    return VectorFile.records("rfc6962-tree-8-leaves.txt").stream()
        .filter(r -> r[0].equals("root") && Integer.parseInt(r[1]) == size)
        .map(r -> Hash.fromHex(r[2]))
        .findFirst()
        .orElseThrow();
  }

  static String unescape(String escaped) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = escaped.charAt(++i);
      out.append(
          switch (next) {
            case 'n' -> '\n';
            case 's' -> ' ';
            case 't' -> '\t';
            case '\\' -> '\\';
            default -> throw new IllegalArgumentException("unknown escape \\" + next);
          });
    }
    return out.toString();
  }
}
