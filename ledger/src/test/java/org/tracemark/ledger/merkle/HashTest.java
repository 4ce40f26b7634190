package org.tracemark.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class HashTest {

  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static Gen<Hash> hashes() {
    return longs()
        .all()
        .map(
            seed -> {
              byte[] bytes = new byte[Hash.LENGTH];
              new SplittableRandom(seed).nextBytes(bytes);
              return Hash.of(bytes);
            });
  }

  @Test
  void hexAndBase64RoundTrip() {
    qt().forAll(hashes())
        .checkAssert(
            hash -> {
              assertThat(Hash.fromHex(hash.hex())).isEqualTo(hash);
              assertThat(Hash.fromHex(hash.hex().toUpperCase())).isEqualTo(hash);
              assertThat(Hash.fromBase64(hash.base64())).isEqualTo(hash);
              assertThat(hash.hex()).hasSize(64).matches("[0-9a-f]+");
              assertThat(hash.base64()).hasSize(44).endsWith("=");
            });
  }

  @Test
  void knownValueInAllEncodings() {
    Hash hash = Hash.fromHex(EMPTY_SHA256);
    assertThat(hash.base64()).isEqualTo("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    assertThat(hash).hasToString(EMPTY_SHA256);
  }

  @Test
  void equalityIsByValue() {
    byte[] bytes = new byte[Hash.LENGTH];
    bytes[31] = 7;
    assertThat(Hash.of(bytes)).isEqualTo(Hash.of(bytes.clone())).hasSameHashCodeAs(Hash.of(bytes));
    bytes[0] = 1;
    assertThat(Hash.of(bytes)).isNotEqualTo(Hash.of(new byte[Hash.LENGTH]));
  }

  @Test
  void callersCannotMutateAHash() {
    byte[] bytes = new byte[Hash.LENGTH];
    Hash hash = Hash.of(bytes);
    bytes[0] = 42;
    hash.bytes()[1] = 42;
    assertThat(hash.bytes()).isEqualTo(new byte[Hash.LENGTH]);
  }

  @Test
  void rejectsEveryOtherLength() {
    qt().forAll(integers().between(0, 100).assuming(n -> n != Hash.LENGTH))
        .checkAssert(
            n -> {
              assertThatThrownBy(() -> Hash.of(new byte[n]))
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessageContaining("got " + n + " bytes");
              assertThatThrownBy(
                      () -> Hash.fromBase64(Base64.getEncoder().encodeToString(new byte[n])))
                  .isInstanceOf(IllegalArgumentException.class)
                  .hasMessageContaining("decodes to " + n);
            });
  }

  @Test
  void rejectsMalformedText() {
    assertThatThrownBy(() -> Hash.fromHex(EMPTY_SHA256.substring(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 63 characters");
    assertThatThrownBy(() -> Hash.fromHex("g" + EMPTY_SHA256.substring(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a hex hash");
    assertThatThrownBy(() -> Hash.fromBase64("not base64!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not base64");
    assertThatThrownBy(() -> Hash.of(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hash.fromHex(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
