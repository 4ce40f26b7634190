package org.tracemark.ledger.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.VectorFile;
import org.tracemark.ledger.note.MalformedNoteException.Problem;

class NoteTest {

  private static final String GO_TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";
  private static final Ed25519NoteSigner PETER_SIGNER =
      Ed25519NoteSigner.parse(
          "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");
  private static final Ed25519NoteVerifier PETER =
      Ed25519NoteVerifier.parse(
          "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
  private static final Ed25519NoteVerifier ENOCH =
      Ed25519NoteVerifier.parse("EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop");
  private static final String PETER_SIG =
      "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
  private static final String ENOCH_SIG =
      "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

  @Test
  void signingReproducesTheGoNoteExactly() {
    Note note = Note.sign(GO_TEXT, List.of(PETER_SIGNER));
    assertThat(note.bytes()).isEqualTo(VectorFile.bytes("signed-note-go-peter-neumann.note"));
  }

  @Test
  void resigningReplacesTheLineOfTheSameKey() throws Exception {
    Note signed = Note.parse(VectorFile.bytes("signed-note-go-peter-and-enoch.note"));
    Note again = signed.signedBy(PETER_SIGNER);
    // Enoch's line stays, Peter's moves to the end: one line per key.
    assertThat(again.encoded()).isEqualTo(GO_TEXT + "\n" + ENOCH_SIG + PETER_SIG);
  }

  @Test
  void theC2spExampleVerifies() throws Exception {
    VerifiedNote note =
        Note.open(
            VectorFile.bytes("signed-note-c2sp-example.note"),
            List.of(
                Ed25519NoteVerifier.parse(
                    "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")));
    assertThat(note.text()).isEqualTo("This is an example message.\n");
    assertThat(note.verified()).hasSize(1);
  }

  @Test
  void verifiesKnownKeysAndSetsUnknownOnesAside() throws Exception {
    byte[] both = VectorFile.bytes("signed-note-go-peter-and-enoch.note");

    VerifiedNote onlyPeter = Note.open(both, List.of(PETER));
    assertThat(onlyPeter.text()).isEqualTo(GO_TEXT);
    assertThat(onlyPeter.verified())
        .extracting(s -> s.name().value())
        .containsExactly("PeterNeumann");
    assertThat(onlyPeter.unknown()).extracting(s -> s.name().value()).containsExactly("EnochRoot");
    assertThat(onlyPeter.isSignedBy(PETER)).isTrue();
    assertThat(onlyPeter.isSignedBy(ENOCH)).isFalse();

    VerifiedNote twoKeys = Note.open(both, List.of(PETER, ENOCH));
    assertThat(twoKeys.verified()).hasSize(2);
    assertThat(twoKeys.unknown()).isEmpty();

    assertThatThrownBy(() -> Note.open(both, List.of()))
        .isInstanceOfSatisfying(
            NoteVerificationException.class,
            e -> {
              assertThat(e.problem())
                  .isEqualTo(NoteVerificationException.Problem.NO_KNOWN_SIGNATURE);
              assertThat(e.getMessage()).contains("PeterNeumann+c74f20a3", "EnochRoot+af0cfe78");
            });
  }

  @Test
  void anInvalidSignatureByAKnownKeyRejectsTheWholeNote() {
    // Go's TestOpen: four base64 characters inserted into Peter's signature.
    String bad = PETER_SIG.substring(0, 58) + "ABCD" + PETER_SIG.substring(58);
    assertThatThrownBy(() -> Note.open(utf8(GO_TEXT + "\n" + bad), List.of(PETER)))
        .isInstanceOfSatisfying(
            NoteVerificationException.class,
            e -> {
              assertThat(e.problem())
                  .isEqualTo(NoteVerificationException.Problem.INVALID_SIGNATURE);
              assertThat(e.keyName()).contains(KeyName.of("PeterNeumann"));
              assertThat(e.keyId()).contains(KeyId.fromHex("c74f20a3"));
              assertThat(e.getMessage()).contains("PeterNeumann+c74f20a3");
            });
    // The same line by a key nobody configured is just ignored.
    String badEnoch = ENOCH_SIG.substring(0, 58) + "ABCD" + ENOCH_SIG.substring(58);
    assertThat(
            catchVerified(
                GO_TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG + badEnoch))
        .satisfies(
            note -> {
              assertThat(note.verified()).hasSize(1);
              assertThat(note.unknown()).hasSize(2);
            });
  }

  private static VerifiedNote catchVerified(String message) {
    try {
      return Note.open(utf8(message), List.of(PETER));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aKeySharingOnlyTheNameOrOnlyTheIdIsUnknown() throws Exception {
    Ed25519NoteSigner samName =
        Ed25519NoteSigner.of(
            Ed25519SigningKey.fromSeed(
                KeyName.of("PeterNeumann"), SignatureType.ED25519, new byte[32]));
    Note note = Note.parse(utf8(GO_TEXT + "\n" + PETER_SIG)).signedBy(samName);
    VerifiedNote verified = note.verify(List.of(PETER));
    assertThat(verified.unknown()).containsExactly(note.signatures().get(1));

    // Same ID, other name: a line "— Other x08go…" (Peter's ID bytes) is not Peter's.
    String otherName = PETER_SIG.replace("PeterNeumann", "Other");
    assertThatThrownBy(() -> Note.open(utf8(GO_TEXT + "\n" + otherName), List.of(PETER)))
        .isInstanceOfSatisfying(
            NoteVerificationException.class,
            e ->
                assertThat(e.problem())
                    .isEqualTo(NoteVerificationException.Problem.NO_KNOWN_SIGNATURE));
  }

  @Test
  void twoDifferentKeysWithOneNameAndIdAreAmbiguous() {
    NoteVerifier impostor =
        new NoteVerifier() {
          @Override
          public KeyName name() {
            return PETER.name();
          }

          @Override
          public KeyId keyId() {
            return PETER.keyId();
          }

          @Override
          public boolean verify(byte[] text, byte[] signature) {
            return true;
          }
        };
    assertThatThrownBy(() -> Note.open(utf8(GO_TEXT + "\n" + PETER_SIG), List.of(PETER, impostor)))
        .isInstanceOfSatisfying(
            NoteVerificationException.class,
            e ->
                assertThat(e.problem()).isEqualTo(NoteVerificationException.Problem.AMBIGUOUS_KEY));
    // The same key configured twice is one key.
    assertThat(
            catchVerifiedWith(GO_TEXT + "\n" + PETER_SIG, List.of(PETER, ENOCH, PETER)).verified())
        .hasSize(1);
  }

  private static VerifiedNote catchVerifiedWith(String message, List<NoteVerifier> known) {
    try {
      return Note.open(utf8(message), known);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aHundredSignaturesAreAcceptedAndAHundredAndOneAreNot() throws Exception {
    assertThat(Note.open(utf8(GO_TEXT + "\n" + PETER_SIG.repeat(100)), List.of(PETER)).verified())
        .hasSize(1);
    assertMalformed(GO_TEXT + "\n" + PETER_SIG.repeat(101), Problem.TOO_MANY_SIGNATURES);
  }

  @Test
  void malformedNotesFromGoAndTheSpec() {
    // Go's TestOpen bad messages, then cases from the signed-note format rules.
    assertMalformed(GO_TEXT, Problem.NO_SIGNATURES);
    assertMalformed(GO_TEXT + "\n", Problem.NO_SIGNATURES);
    assertMalformed(
        GO_TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
        Problem.NOT_NEWLINE_TERMINATED);
    assertMalformed("\u0001" + GO_TEXT + "\n" + PETER_SIG, Problem.CONTROL_CHARACTER);
    assertMalformedBytes(
        concat(new byte[] {(byte) 0xff}, utf8(GO_TEXT + "\n" + PETER_SIG)), Problem.NOT_UTF8);
    assertMalformed(
        GO_TEXT + "\n" + PETER_SIG.replace("PeterNeumann", "Bad Name"), Problem.BAD_BASE64);
    assertMalformed(
        GO_TEXT + "\n" + PETER_SIG + "Unexpected line.\n", Problem.MALFORMED_SIGNATURE_LINE);

    assertMalformed(GO_TEXT + "\n" + "- PeterNeumann AAAAAAA=\n", Problem.MALFORMED_SIGNATURE_LINE);
    assertMalformed(GO_TEXT + "\n" + "—PeterNeumann AAAAAAA=\n", Problem.MALFORMED_SIGNATURE_LINE);
    assertMalformed(GO_TEXT + "\n" + "— PeterNeumann\n", Problem.MALFORMED_SIGNATURE_LINE);
    assertMalformed(GO_TEXT + "\n" + "—  AAAAAAA=\n", Problem.BAD_KEY_NAME);
    assertMalformed(GO_TEXT + "\n" + "— a+b AAAAAAA=\n", Problem.BAD_KEY_NAME);
    assertMalformed(GO_TEXT + "\n" + "— a\u00A0b AAAAAAA=\n", Problem.BAD_KEY_NAME);
    assertMalformed(GO_TEXT + "\n" + "— PeterNeumann AAAAAAA\n", Problem.BAD_BASE64);
    assertMalformed(GO_TEXT + "\n" + "— PeterNeumann AAAAAAB=\n", Problem.BAD_BASE64);
    assertMalformed(GO_TEXT + "\n" + "— PeterNeumann \n", Problem.SIGNATURE_TOO_SHORT);
    assertMalformed(GO_TEXT + "\n" + "— PeterNeumann AAAAAA==\n", Problem.SIGNATURE_TOO_SHORT);
    assertMalformed(GO_TEXT + "\n" + PETER_SIG + "\n", Problem.NO_SIGNATURES);
    assertMalformed(GO_TEXT + "\r\n" + PETER_SIG, Problem.CONTROL_CHARACTER);
    assertMalformed(GO_TEXT + "\n" + PETER_SIG.replace("\n", "\t\n"), Problem.CONTROL_CHARACTER);
    // An encoded surrogate (CESU-8 style) is not UTF-8.
    assertMalformedBytes(
        concat(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, utf8("\n\n" + PETER_SIG)),
        Problem.NOT_UTF8);
  }

  @Test
  void aNoteOverOneMebibyteIsRefusedBeforeAnythingElse() {
    byte[] huge = new byte[Note.MAX_SIZE + 1];
    Arrays.fill(huge, (byte) 0x01);
    assertMalformedBytes(huge, Problem.TOO_LARGE);
    String text = "a".repeat(Note.MAX_SIZE - 200) + "\n";
    assertThat(Note.sign(text, List.of(PETER_SIGNER)).bytes().length)
        .isLessThanOrEqualTo(Note.MAX_SIZE);
    assertThatThrownBy(() -> Note.sign("a".repeat(Note.MAX_SIZE) + "\n", List.of(PETER_SIGNER)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTextMayHaveEmptyLinesAndTheLastBlankLineSeparates() throws Exception {
    String text = "first\n\nthird\n\n";
    Note note = Note.sign(text, List.of(PETER_SIGNER));
    Note parsed = Note.parse(note.bytes());
    assertThat(parsed.text()).isEqualTo(text);
    assertThat(parsed.verify(List.of(PETER)).text()).isEqualTo(text);
  }

  @Test
  void textsThatCannotBeSignedAreRefused() {
    for (String bad :
        List.of("", "no newline", "tab\there\n", "cr\r\n", "lone \uD800 surrogate\n")) {
      assertThatThrownBy(() -> Note.sign(bad, List.of(PETER_SIGNER)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void signedNotesRoundTripByteForByte() {
    qt().withExamples(200)
        .forAll(NoteGen.texts(6), NoteGen.seeds())
        .checkAssert(
            (text, seed) -> {
              Ed25519NoteSigner signer = signer("example.com/round-trip", seed);
              Note note = Note.sign(text, List.of(signer, PETER_SIGNER));
              byte[] bytes = note.bytes();
              try {
                Note parsed = Note.parse(bytes);
                assertThat(parsed).isEqualTo(note);
                assertThat(parsed.bytes()).isEqualTo(bytes);
                VerifiedNote verified =
                    parsed.verify(List.of(Ed25519NoteVerifier.of(signer.verifierKey()), PETER));
                assertThat(verified.verified()).hasSize(2);
              } catch (MalformedNoteException | NoteVerificationException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void flippingAnyBitOfASignedNoteIsDetected() {
    qt().withExamples(40)
        .forAll(NoteGen.texts(4), NoteGen.seeds())
        .checkAssert(
            (text, seed) -> {
              Ed25519NoteSigner signer = signer("example.com/flip", seed);
              List<NoteVerifier> known = List.of(Ed25519NoteVerifier.of(signer.verifierKey()));
              byte[] bytes = Note.sign(text, List.of(signer)).bytes();
              for (int i = 0; i < bytes.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                  byte[] flipped = bytes.clone();
                  flipped[i] ^= (byte) (1 << bit);
                  int at = i;
                  int b = bit;
                  assertThatThrownBy(() -> Note.open(flipped, known))
                      .as("bit %d of byte %d", b, at)
                      .isInstanceOfAny(
                          MalformedNoteException.class, NoteVerificationException.class);
                }
              }
            });
  }

  private static Ed25519NoteSigner signer(String name, byte[] seed) {
    return Ed25519NoteSigner.of(
        Ed25519SigningKey.fromSeed(KeyName.of(name), SignatureType.ED25519, seed));
  }

  private static void assertMalformed(String message, Problem problem) {
    assertMalformedBytes(utf8(message), problem);
  }

  private static void assertMalformedBytes(byte[] message, Problem problem) {
    assertThatThrownBy(() -> Note.parse(message))
        .isInstanceOfSatisfying(
            MalformedNoteException.class, e -> assertThat(e.problem()).isEqualTo(problem));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
