package org.tracemark.keys.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class KeyIdTest {

  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  // RFC 8410 §4: every Ed25519 SubjectPublicKeyInfo is this 12-byte header plus the 32-byte key.
  private static final String ED25519_SPKI_HEADER = "302a300506032b6570032100";

  @Test
  void ed25519KidIsTheSha256OfTheSubjectPublicKeyInfo() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519", BC);
    PublicKey key = generator.generateKeyPair().getPublic();
    byte[] spki = key.getEncoded();
    assertThat(HexFormat.of().formatHex(spki)).hasSize(88).startsWith(ED25519_SPKI_HEADER);

    KeyId kid = KeyId.of(key);

    assertThat(kid.bytes()).hasSize(32).isEqualTo(independentSha256(spki));
    assertThat(KeyId.of(sameKeyViaTheJdk("Ed25519", spki))).isEqualTo(kid);
  }

  @Test
  void p256KidIsTheSha256OfTheSubjectPublicKeyInfo() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    PublicKey key = generator.generateKeyPair().getPublic();
    byte[] spki = key.getEncoded();
    // Named-curve P-256 SPKI: 91 bytes, uncompressed point.
    assertThat(spki).hasSize(91);

    KeyId kid = KeyId.of(key);

    assertThat(kid.bytes()).isEqualTo(independentSha256(spki));
    assertThat(KeyId.of(sameKeyViaTheJdk("EC", spki))).isEqualTo(kid);
  }

  @Test
  void differentKeysHaveDifferentKids() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519", BC);
    assertThat(KeyId.of(generator.generateKeyPair().getPublic()))
        .isNotEqualTo(KeyId.of(generator.generateKeyPair().getPublic()));
  }

  @Test
  void kidFromAHeaderMustBe32Bytes() {
    byte[] header = new byte[32];
    header[0] = 1;
    KeyId kid = KeyId.fromBytes(header);
    header[1] = 1;
    assertThat(kid.bytes()[1]).as("copied on the way in").isZero();
    assertThat(KeyId.fromHex(kid.hex())).isEqualTo(kid);
    assertThatThrownBy(() -> KeyId.fromBytes(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 31 bytes");
    assertThatThrownBy(() -> KeyId.fromBytes(null)).hasMessageContaining("got null");
    assertThatThrownBy(() -> KeyId.fromHex("zz".repeat(32))).hasMessageContaining("not a hex kid");
  }

  private static byte[] independentSha256(byte[] input) {
    // Bouncy Castle's lightweight digest, not the JDK MessageDigest that KeyId uses.
    SHA256Digest digest = new SHA256Digest();
    digest.update(input, 0, input.length);
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
  }

  // The same public key decoded by the JDK's own provider: the kid must not depend on which
  // provider produced the PublicKey object.
  private static PublicKey sameKeyViaTheJdk(String algorithm, byte[] spki) throws Exception {
    PublicKey jdkKey =
        KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
    assertThat(jdkKey.getClass().getName()).doesNotContain("bouncycastle");
    return jdkKey;
  }
}
