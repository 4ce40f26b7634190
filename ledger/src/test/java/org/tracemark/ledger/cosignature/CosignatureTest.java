package org.tracemark.ledger.cosignature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.TestKeys;
import org.tracemark.ledger.VectorFile;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.CheckpointException;
import org.tracemark.ledger.checkpoint.CheckpointSigner;
import org.tracemark.ledger.checkpoint.CheckpointVerifier;
import org.tracemark.ledger.checkpoint.SignedCheckpoint;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.note.Ed25519NoteSigner;
import org.tracemark.ledger.note.Ed25519NoteVerifier;
import org.tracemark.ledger.note.Ed25519SigningKey;
import org.tracemark.ledger.note.KeyId;
import org.tracemark.ledger.note.KeyName;
import org.tracemark.ledger.note.Note;
import org.tracemark.ledger.note.NoteSignature;
import org.tracemark.ledger.note.SignatureType;
import org.tracemark.ledger.note.VerifiedNote;
import org.tracemark.ledger.note.VerifierKey;

class CosignatureTest {

  private static final Clock AT_VECTOR_TIME =
      Clock.fixed(Instant.ofEpochSecond(TestKeys.COSIGNATURE_TIME), ZoneOffset.UTC);
  private static final Ed25519Cosigner WITNESS =
      Ed25519Cosigner.parse(TestKeys.WITNESS_SECRET, AT_VECTOR_TIME);
  private static final CosignatureVerifier WITNESS_VERIFIER =
      CosignatureVerifier.of(TestKeys.WITNESS_KEY);
  private static final CheckpointSigner LOG =
      CheckpointSigner.of(TestKeys.LOG_ORIGIN, TestKeys.LOG_SIGNER);
  private static final CheckpointVerifier LOG_VERIFIER = LOG.verifier();

  @Test
  void cosigningReproducesTheIndependentlyGeneratedNote() throws Exception {
    byte[] expected = VectorFile.bytes("tlog-cosignature-size-8.note");
    Checkpoint checkpoint = Checkpoint.of(TestKeys.LOG_ORIGIN, TreeSize.of(8), root8());

    Cosignature cosignature = WITNESS.cosign(checkpoint);
    Note cosigned = LOG.sign(checkpoint).withSignature(cosignature.line());
    assertThat(cosigned.bytes()).isEqualTo(expected);

    // The same seed stored as a type-0x01 Go note key cosigns identically.
    Ed25519Cosigner fromNoteKey =
        Ed25519Cosigner.parse(TestKeys.WITNESS_SECRET_TYPE_1, AT_VECTOR_TIME);
    assertThat(fromNoteKey.cosign(checkpoint).line()).isEqualTo(cosignature.line());
    assertThat(fromNoteKey.verifierKey()).isEqualTo(TestKeys.WITNESS_KEY);
    assertThat(WITNESS.exportSecret()).isEqualTo(TestKeys.WITNESS_SECRET);
  }

  @Test
  void aCosignedVectorVerifiesWithItsTimestamp() throws Exception {
    SignedCheckpoint signed = LOG_VERIFIER.verify(VectorFile.bytes("tlog-cosignature-size-8.note"));
    Optional<Cosignature> found = WITNESS_VERIFIER.find(signed);
    assertThat(found).isPresent();
    assertThat(found.get().timestamp()).isEqualTo(TestKeys.COSIGNATURE_TIME);
    assertThat(found.get().time()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(found.get().cosigner()).isEqualTo(KeyName.of("example.com/tracemark-test-witness"));

    // A client may open the note with log and witness keys together (tlog-witness §add-checkpoint).
    VerifiedNote both =
        Note.open(
            VectorFile.bytes("tlog-cosignature-size-8.note"),
            List.of(Ed25519NoteVerifier.of(TestKeys.LOG_KEY), WITNESS_VERIFIER));
    assertThat(both.verified()).hasSize(2);
  }

  @Test
  void theWitnessAloneDoesNotMakeACheckpointValid() throws Exception {
    Note cosigned = Note.parse(VectorFile.bytes("tlog-cosignature-size-8.note"));
    Note onlyWitness =
        Note.parse(
            (cosigned.text() + "\n" + cosigned.signatures().get(1).line())
                .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> LOG_VERIFIER.verify(onlyWitness))
        .isInstanceOfSatisfying(
            CheckpointException.class,
            e -> assertThat(e.problem()).isEqualTo(CheckpointException.Problem.NOT_SIGNED_BY_LOG));
  }

  @Test
  void timestampsAndKeyIdsOfPublishedCosignatureLinesDecode() {
    // signed-note-keys.txt: the C2SP tlog-cosignature example line and the formats vector.
    for (String[] v : records("cosignature")) {
      byte[] raw = Base64.getDecoder().decode(v[1]);
      assertThat(raw).hasSize(4 + 8 + 64);
      assertThat(KeyId.fromBytes(raw, 0).hex()).isEqualTo(v[2]);
      NoteSignature line =
          NoteSignature.of(
              KeyName.of("w"), KeyId.fromBytes(raw, 0), Arrays.copyOfRange(raw, 4, raw.length));
      long timestamp = 0;
      for (byte b : Arrays.copyOfRange(line.signature(), 0, 8)) {
        timestamp = timestamp << 8 | (b & 0xff);
      }
      assertThat(timestamp).isEqualTo(Long.parseLong(v[3]));
    }
  }

  @Test
  void cosignerVerifierKeysUseType4() {
    VerifierKey remora =
        VerifierKey.parse("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2");
    assertThat(CosignatureVerifier.of(remora).keyId().hex()).isEqualTo("da77ade7");
    assertThatThrownBy(() -> Ed25519NoteVerifier.of(remora))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CosignatureVerifier.of(TestKeys.LOG_KEY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(WITNESS.verifierKey().type()).isEqualTo(SignatureType.ED25519_COSIGNATURE);
    assertThat(WITNESS.verifierKey().encoded())
        .startsWith("example.com/tracemark-test-witness+92722453+BA");
  }

  @Test
  void aNoteSignatureAndACosignatureByOneSeedAreNotInterchangeable() throws Exception {
    Checkpoint checkpoint = Checkpoint.of(TestKeys.LOG_ORIGIN, TreeSize.of(8), root8());
    Ed25519SigningKey seed = Ed25519SigningKey.parse(TestKeys.WITNESS_SECRET_TYPE_1);
    // The witness seed signs the body as a plain note key (type 0x01): another key ID, so the
    // cosignature verifier does not even look at it.
    Note withPlainSignature = LOG.sign(checkpoint).signedBy(Ed25519NoteSigner.of(seed));
    assertThat(WITNESS_VERIFIER.find(LOG_VERIFIER.verify(withPlainSignature))).isEmpty();

    // A plain signature relabelled with the cosigner's key ID is the wrong length, and even with
    // a timestamp in front it signs the body, not the cosigned message.
    byte[] plain = seed.sign(checkpoint.bodyBytes());
    byte[] withTime = new byte[72];
    System.arraycopy(plain, 0, withTime, 8, 64);
    withTime[7] = 1;
    for (byte[] payload : List.of(plain, withTime)) {
      NoteSignature forged = NoteSignature.of(WITNESS.name(), WITNESS.keyId(), payload);
      assertThatThrownBy(() -> WITNESS_VERIFIER.verify(checkpoint, forged))
          .isInstanceOf(CosignatureException.class);
    }
  }

  @Test
  void malformedCosignaturesAreTyped() {
    Checkpoint checkpoint = Checkpoint.of(TestKeys.LOG_ORIGIN, TreeSize.of(8), root8());
    byte[] good = WITNESS.cosign(checkpoint).line().signature();

    byte[] farFuture = good.clone();
    farFuture[0] = (byte) 0x80;
    assertCosignatureProblem(
        checkpoint, farFuture, CosignatureException.Problem.TIMESTAMP_OUT_OF_RANGE);
    assertCosignatureProblem(
        checkpoint, Arrays.copyOf(good, 71), CosignatureException.Problem.WRONG_LENGTH);
    byte[] otherTime = good.clone();
    otherTime[7] ^= 1;
    assertCosignatureProblem(checkpoint, otherTime, CosignatureException.Problem.INVALID_SIGNATURE);
    assertCosignatureProblem(
        Checkpoint.of(TestKeys.LOG_ORIGIN, TreeSize.of(9), root8()),
        good,
        CosignatureException.Problem.INVALID_SIGNATURE);
    assertCosignatureProblem(
        new Checkpoint(TestKeys.LOG_ORIGIN, TreeSize.of(8), root8(), List.of("extension")),
        good,
        CosignatureException.Problem.INVALID_SIGNATURE);
  }

  private static void assertCosignatureProblem(
      Checkpoint checkpoint, byte[] payload, CosignatureException.Problem problem) {
    NoteSignature line = NoteSignature.of(WITNESS.name(), WITNESS.keyId(), payload);
    assertThatThrownBy(() -> WITNESS_VERIFIER.verify(checkpoint, line))
        .isInstanceOfSatisfying(
            CosignatureException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(problem);
              assertThat(e.cosigner()).isEqualTo(WITNESS.name());
              assertThat(e.keyId()).isEqualTo(WITNESS.keyId());
            });
  }

  @Test
  void aZeroTimestampIsNeverProduced() {
    Checkpoint checkpoint = Checkpoint.of(TestKeys.LOG_ORIGIN, TreeSize.of(8), root8());
    Ed25519Cosigner atEpoch =
        Ed25519Cosigner.parse(TestKeys.WITNESS_SECRET, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    assertThatThrownBy(() -> atEpoch.cosign(checkpoint))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WITNESS.cosign(checkpoint, -5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void flippingAnyBitOfACosignedCheckpointLosesTheCosignature() {
    qt().withExamples(6)
        .forAll(longs().between(1, Long.MAX_VALUE), longs().between(1, Long.MAX_VALUE))
        .checkAssert(
            (size, time) -> {
              Checkpoint checkpoint =
                  Checkpoint.of(
                      TestKeys.LOG_ORIGIN,
                      TreeSize.of(size),
                      TreeHasher.leafHash(Long.toString(size).getBytes(StandardCharsets.UTF_8)));
              byte[] cosigned =
                  LOG.sign(checkpoint)
                      .withSignature(WITNESS.cosign(checkpoint, time).line())
                      .bytes();
              for (int i = 0; i < cosigned.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                  byte[] flipped = cosigned.clone();
                  flipped[i] ^= (byte) (1 << bit);
                  assertThat(stillCosigned(flipped, checkpoint, time))
                      .as("bit %d of byte %d", bit, i)
                      .isFalse();
                }
              }
            });
  }

  /** Whether the note still proves log signature and this witness's cosignature on checkpoint. */
  private static boolean stillCosigned(byte[] note, Checkpoint checkpoint, long time) {
    try {
      SignedCheckpoint signed = LOG_VERIFIER.verify(note);
      Optional<Cosignature> cosignature = WITNESS_VERIFIER.find(signed);
      return cosignature.isPresent()
          && signed.checkpoint().equals(checkpoint)
          && cosignature.get().timestamp() == time;
    } catch (CheckpointException | CosignatureException e) {
      return false;
    }
  }

  private static Hash root8() {
    return VectorFile.records("rfc6962-tree-8-leaves.txt").stream()
        .filter(r -> r[0].equals("root") && r[1].equals("8"))
        .map(r -> Hash.fromHex(r[2]))
        .findFirst()
        .orElseThrow();
  }

  private static List<String[]> records(String kind) {
    return VectorFile.records("signed-note-keys.txt").stream()
        .filter(r -> r[0].equals(kind))
        .toList();
  }
}
