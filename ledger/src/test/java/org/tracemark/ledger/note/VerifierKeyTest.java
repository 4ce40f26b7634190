package org.tracemark.ledger.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracemark.ledger.VectorFile;

class VerifierKeyTest {

  private static final String KEYS = "signed-note-keys.txt";
  private static final String PETER_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  private static final String PETER_SKEY =
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

  @Test
  void signerKeysFromGoAndFormatsDeriveTheirPublishedVerifierKeys() {
    List<String[]> pairs = records("pair");
    assertThat(pairs).hasSize(7);
    for (String[] pair : pairs) {
      Ed25519SigningKey key = Ed25519SigningKey.parse(pair[1]);
      assertThat(key.verifierKey().encoded()).isEqualTo(pair[2]);
      assertThat(key.verifierKey()).isEqualTo(VerifierKey.parse(pair[2]));
      assertThat(key.exportSecret()).as("export round trip").isEqualTo(pair[1]);
    }
  }

  @Test
  void publishedVerifierKeysParseAndReencodeExactly() {
    List<String[]> keys = records("vkey");
    assertThat(keys).hasSize(5);
    for (String[] vkey : keys) {
      VerifierKey key = VerifierKey.parse(vkey[1]);
      assertThat(key.encoded()).isEqualTo(vkey[1]);
      assertThat(key.type().id()).isEqualTo((byte) Integer.parseInt(vkey[2]));
      assertThat(KeyId.compute(key.name(), key.type(), key.publicKey())).isEqualTo(key.keyId());
    }
  }

  @Test
  void badVerifierKeysAreRefused() {
    List<String[]> bad = records("bad-vkey");
    assertThat(bad).hasSize(7);
    for (String[] vkey : bad) {
      assertThatThrownBy(() -> VerifierKey.parse(vkey[1]))
          .as(vkey[2])
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void everyTruncationAndEveryChangedCharacterOfAVerifierKeyIsRefused() {
    // The manglings of Go's TestNewVerifier: every proper substring, every character + 1.
    for (int i = 0; i <= PETER_VKEY.length(); i++) {
      for (int j = i + 1; j <= PETER_VKEY.length(); j++) {
        if (i != 0 || j != PETER_VKEY.length()) {
          String mangled = PETER_VKEY.substring(i, j);
          assertThatThrownBy(() -> VerifierKey.parse(mangled))
              .as(mangled)
              .isInstanceOf(IllegalArgumentException.class);
        }
      }
    }
    for (int i = 0; i < PETER_VKEY.length(); i++) {
      String mangled = bump(PETER_VKEY, i);
      assertThatThrownBy(() -> VerifierKey.parse(mangled))
          .as(mangled)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void everyTruncationAndEveryChangedCharacterOfASignerKeyIsRefusedWithoutEchoingIt() {
    String keyData = PETER_SKEY.split("\\+", 5)[4];
    for (int i = 0; i <= PETER_SKEY.length(); i++) {
      for (int j = i + 1; j <= PETER_SKEY.length(); j++) {
        if (i != 0 || j != PETER_SKEY.length()) {
          assertRefusedWithoutLeak(PETER_SKEY.substring(i, j), keyData);
        }
      }
    }
    for (int i = 0; i < PETER_SKEY.length(); i++) {
      assertRefusedWithoutLeak(bump(PETER_SKEY, i), keyData);
    }
  }

  private static void assertRefusedWithoutLeak(String mangled, String keyData) {
    assertThatThrownBy(() -> Ed25519SigningKey.parse(mangled))
        .as(mangled)
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(
            e -> {
              for (Throwable t = e; t != null; t = t.getCause()) {
                String message = String.valueOf(t.getMessage());
                // No 8-character run of the secret key data appears in any message.
                for (int k = 0; k + 8 <= keyData.length(); k++) {
                  assertThat(message).doesNotContain(keyData.substring(k, k + 8));
                }
              }
            });
  }

  @Test
  void aVerifierKeyIsNotASignerKeyAndViceVersa() {
    assertThatThrownBy(() -> Ed25519SigningKey.parse(PETER_VKEY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VerifierKey.parse(PETER_SKEY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSameSeedAsACosignerHasTheType4KeyId() {
    // tracemark-test-keys.txt: the witness key as type 0x04 and as type 0x01, same seed.
    String[] witness =
        VectorFile.records("tracemark-test-keys.txt").stream()
            .filter(r -> r[0].equals("witness"))
            .findFirst()
            .orElseThrow();
    Ed25519SigningKey asNoteKey = Ed25519SigningKey.parse(witness[3]);
    Ed25519SigningKey asCosigner = asNoteKey.as(SignatureType.ED25519_COSIGNATURE);
    assertThat(asCosigner.exportSecret()).isEqualTo(witness[1]);
    assertThat(asCosigner.verifierKey().encoded()).isEqualTo(witness[2]);
    assertThat(asCosigner.keyId()).isNotEqualTo(asNoteKey.keyId());
    assertThat(asCosigner.verifierKey().publicKey()).isEqualTo(asNoteKey.verifierKey().publicKey());
  }

  @Test
  void generatedKeysRoundTripAndNeverPrintTheirSeed() {
    qt().withExamples(50)
        .forAll(NoteGen.seeds())
        .checkAssert(
            seed -> {
              Ed25519SigningKey key =
                  Ed25519SigningKey.fromSeed(
                      KeyName.of("example.com/k"), SignatureType.ED25519, seed);
              String secret = key.exportSecret();
              Ed25519SigningKey imported = Ed25519SigningKey.parse(secret);
              assertThat(imported.verifierKey()).isEqualTo(key.verifierKey());
              String seedBase64 = Base64.getEncoder().encodeToString(seed);
              for (String shown :
                  List.of(
                      key.toString(),
                      imported.toString(),
                      Ed25519NoteSigner.of(key).toString(),
                      key.verifierKey().toString())) {
                assertThat(shown).doesNotContain(secret.split("\\+", 5)[4]);
                assertThat(shown).doesNotContain(seedBase64.substring(0, 16));
              }
            });
    Ed25519NoteSigner random = Ed25519NoteSigner.generate(KeyName.of("r"), new SecureRandom());
    assertThat(VerifierKey.parse(random.verifierKey().encoded())).isEqualTo(random.verifierKey());
  }

  @Test
  void aPublicKeyThatIsNotACurvePointIsRefused() {
    // y = 2 is not the y-coordinate of a point on edwards25519 (RFC 8032 §5.1.3 decoding fails).
    byte[] notAPoint = new byte[32];
    notAPoint[0] = 2;
    assertThatThrownBy(
            () -> VerifierKey.of(KeyName.of("example.com/x"), SignatureType.ED25519, notAPoint))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("curve point");
  }

  @Test
  void keyNamesFollowTheSpec() {
    for (String good : List.of("example.com/log", "PeterNeumann", "oid/1.3.6.1.4.1", "é中", "a")) {
      assertThat(KeyName.isValid(good)).as(good).isTrue();
    }
    for (String bad :
        List.of(
            "",
            "a b",
            "a+b",
            "a\tb",
            "a\nb",
            "a\u00A0b",
            "a\u2003b",
            "a\u3000b",
            "a\u0085b",
            "a\u0001b",
            "a\uD800b")) {
      assertThat(KeyName.isValid(bad)).as(bad).isFalse();
      assertThatThrownBy(() -> KeyName.of(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void keyIdHexIsEightLowerCaseDigits() {
    assertThat(KeyId.fromHex("c74f20a3").value()).isEqualTo(0xc74f20a3);
    assertThat(KeyId.fromHex("00000c67").hex()).isEqualTo("00000c67");
    for (String bad : List.of("c74f20a", "c74f20a30", "C74F20A3", "c74f20ag", "+c74f20a", "")) {
      assertThatThrownBy(() -> KeyId.fromHex(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(KeyId.fromBytes(KeyId.fromHex("8d66cf3f").bytes(), 0).hex()).isEqualTo("8d66cf3f");
  }

  @Test
  void keyIdIsTheFirstFourBytesOfTheSpecHash() {
    // signed-note: key ID = SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4]; the C2SP example key.
    VerifierKey example =
        VerifierKey.parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
    assertThat(
            KeyId.compute(
                new KeyName(
                    new String(
                        "example.com/foo".getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8)),
                SignatureType.ED25519,
                example.publicKey()))
        .isEqualTo(KeyId.fromHex("530d903a"));
    assertThat(
            KeyId.compute(example.name(), SignatureType.ED25519_COSIGNATURE, example.publicKey()))
        .isNotEqualTo(example.keyId());
  }

  private static String bump(String s, int index) {
    char[] chars = s.toCharArray();
    chars[index]++;
    return new String(chars);
  }

  private static List<String[]> records(String kind) {
    return VectorFile.records(KEYS).stream().filter(r -> r[0].equals(kind)).toList();
  }
}
