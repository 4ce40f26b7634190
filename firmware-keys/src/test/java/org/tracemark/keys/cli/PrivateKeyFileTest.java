package org.tracemark.keys.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SigningAlgorithm;
import org.tracemark.keys.signing.SigningKey;

class PrivateKeyFileTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void theRecomputedPublicKeyHasTheOriginalKidAndVerifiesItsSignatures(SigningAlgorithm algorithm)
      throws Exception {
    KeyPair original = KeyPairs.generate(algorithm);
    Path file = dir.resolve(algorithm + ".pem");
    try (Passphrase passphrase = new Passphrase(TestCli.PASSPHRASE.toCharArray(), "test")) {
      PrivateKeyFile.create(file, original.getPrivate(), passphrase);
    }

    KeyPair opened;
    try (Passphrase passphrase = new Passphrase(TestCli.PASSPHRASE.toCharArray(), "test")) {
      opened = PrivateKeyFile.openKeyPair(file, passphrase, "key");
    }

    assertThat(KeyId.of(opened.getPublic())).isEqualTo(KeyId.of(original.getPublic()));
    SigningKey signing = SigningKey.of(opened);
    byte[] message = "a reading".getBytes();
    assertThat(SigningKey.of(original).publicKey().verify(message, signing.sign(message))).isTrue();
  }
}
