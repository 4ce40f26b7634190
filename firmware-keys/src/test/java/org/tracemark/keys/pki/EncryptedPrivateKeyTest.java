package org.tracemark.keys.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.pki.PrivateKeyException.Reason;
import org.tracemark.keys.signing.SigningAlgorithm;

class EncryptedPrivateKeyTest {

  private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

  // PBKDF2 at 600,000 iterations costs about half a second per operation: encrypt once per type.
  private static final Map<SigningAlgorithm, KeyPair> KEYS = new EnumMap<>(SigningAlgorithm.class);
  private static final Map<SigningAlgorithm, String> PEMS = new EnumMap<>(SigningAlgorithm.class);

  @BeforeAll
  static void encrypt() throws Exception {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      KeyPair keys = KeyPairs.generate(algorithm);
      KEYS.put(algorithm, keys);
      PEMS.put(algorithm, EncryptedPrivateKey.toPem(keys.getPrivate(), PASSPHRASE));
    }
  }

  /** Operators inspect and back up keys with OpenSSL; it must read what we write. */
  @Test
  void openSslReadsTheEncryptedKeysWithThePassphrase(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      java.nio.file.Path file = dir.resolve(algorithm + ".pem");
      java.nio.file.Files.writeString(file, PEMS.get(algorithm));
      Process openssl =
          new ProcessBuilder(
                  "openssl",
                  "pkey",
                  "-in",
                  file.toString(),
                  "-passin",
                  "pass:" + new String(PASSPHRASE),
                  "-pubout")
              .redirectErrorStream(true)
              .start();
      String out = new String(openssl.getInputStream().readAllBytes());
      assertThat(openssl.waitFor()).as(algorithm + ": " + out).isZero();
      byte[] spki =
          java.util.Base64.getMimeDecoder().decode(out.replaceAll("-----[A-Z ]+-----", "").strip());
      assertThat(spki).as(algorithm.name()).isEqualTo(KEYS.get(algorithm).getPublic().getEncoded());
    }
  }

  @Test
  void roundTripGivesAKeyThatSignsForTheOriginalPublicKey() throws Exception {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      KeyPair original = KEYS.get(algorithm);

      PrivateKey decrypted = EncryptedPrivateKey.fromPem(PEMS.get(algorithm), PASSPHRASE);

      // The same private key, though stored as PKCS#8 v1 (without the public key, for OpenSSL).
      assertThat(
              org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(decrypted.getEncoded())
                  .parsePrivateKey())
          .isEqualTo(
              org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(
                      original.getPrivate().getEncoded())
                  .parsePrivateKey());
      String name = algorithm == SigningAlgorithm.ED25519 ? "Ed25519" : "SHA256withECDSA";
      Signature signer = Signature.getInstance(name, TestPki.BC);
      signer.initSign(decrypted);
      signer.update(new byte[] {1, 2, 3});
      Signature verifier = Signature.getInstance(name, TestPki.BC);
      verifier.initVerify(original.getPublic());
      verifier.update(new byte[] {1, 2, 3});
      assertThat(verifier.verify(signer.sign())).as(algorithm.name()).isTrue();
    }
  }

  @Test
  void theFileIsPbes2WithPbkdf2HmacSha256At600000IterationsAndAes256Cbc() throws Exception {
    for (String pem : PEMS.values()) {
      assertThat(pem)
          .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
          .endsWith("-----END ENCRYPTED PRIVATE KEY-----\n");
      EncryptedPrivateKeyInfo info =
          EncryptedPrivateKeyInfo.getInstance(Pem.decode(Pem.Label.ENCRYPTED_PRIVATE_KEY, pem));
      assertThat(info.getEncryptionAlgorithm().getAlgorithm())
          .isEqualTo(PKCSObjectIdentifiers.id_PBES2);
      PBES2Parameters pbes2 =
          PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
      PBKDF2Params pbkdf2 = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
      assertThat(pbkdf2.getIterationCount().intValue()).isEqualTo(600_000);
      assertThat(pbkdf2.getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
      assertThat(pbes2.getEncryptionScheme().getAlgorithm())
          .isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
    }
  }

  @Test
  void thePemDoesNotContainTheKeyInAnyPlainForm() throws Exception {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      PrivateKey key = KEYS.get(algorithm).getPrivate();
      String pem = PEMS.get(algorithm);
      byte[] raw = rawPrivateKey(key, algorithm);
      byte[] der = Pem.decode(Pem.Label.ENCRYPTED_PRIVATE_KEY, pem);

      assertThat(indexOf(der, raw)).as("raw key bytes in the file").isEqualTo(-1);
      assertThat(pem)
          .doesNotContain(Base64.getEncoder().encodeToString(raw))
          .doesNotContain(HexFormat.of().formatHex(raw))
          .doesNotContain(Base64.getEncoder().encodeToString(key.getEncoded()).substring(0, 40));
    }
  }

  @Test
  void encryptingTwiceUsesFreshSaltAndIv() throws Exception {
    PrivateKey key = KEYS.get(SigningAlgorithm.ED25519).getPrivate();

    assertThat(EncryptedPrivateKey.toPem(key, PASSPHRASE))
        .isNotEqualTo(PEMS.get(SigningAlgorithm.ED25519));
  }

  @Test
  void aWrongPassphraseIsReportedAsSuchWithoutKeyMaterial() throws Exception {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      assertRefused(
              () -> EncryptedPrivateKey.fromPem(PEMS.get(algorithm), "hunter2".toCharArray()),
              Reason.WRONG_PASSPHRASE)
          .hasMessageNotContaining("hunter2")
          .hasMessageNotContaining(String.valueOf(PASSPHRASE))
          .hasNoCause();
    }
  }

  @Test
  void anUnencryptedKeyIsRefusedAndNotEchoed() throws Exception {
    PrivateKey key = KEYS.get(SigningAlgorithm.ES256).getPrivate();
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
    String plain = "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";

    assertRefused(() -> EncryptedPrivateKey.fromPem(plain, PASSPHRASE), Reason.NOT_ENCRYPTED)
        .hasMessageContaining("PRIVATE KEY")
        .hasMessageNotContaining(base64.substring(0, 20));
  }

  @Test
  void garbageIsMalformed() {
    String notBase64 =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\n!!!\n-----END ENCRYPTED PRIVATE KEY-----\n";
    String notPkcs8 =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAECAwQ=\n-----END ENCRYPTED PRIVATE KEY-----\n";
    for (String garbage : new String[] {"", "hello", notBase64, notPkcs8, null}) {
      assertRefused(() -> EncryptedPrivateKey.fromPem(garbage, PASSPHRASE), Reason.MALFORMED);
    }
  }

  @Test
  void onlySupportedKeysAndRealPassphrasesAreStored() throws Exception {
    assertRefused(
            () -> EncryptedPrivateKey.toPem(TestPki.generate("RSA", null).getPrivate(), PASSPHRASE),
            Reason.UNSUPPORTED_KEY)
        .hasMessageContaining("1.2.840.113549.1.1.1");
    assertRefused(
        () ->
            EncryptedPrivateKey.toPem(TestPki.generate("EC", "secp384r1").getPrivate(), PASSPHRASE),
        Reason.UNSUPPORTED_KEY);
    assertRefused(
        () ->
            EncryptedPrivateKey.toPem(KEYS.get(SigningAlgorithm.ED25519).getPrivate(), new char[0]),
        Reason.EMPTY_PASSPHRASE);
  }

  @Test
  void aCertificateAuthorityNeverPrintsItsKey() throws Exception {
    for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
      KeyPair keys = KEYS.get(algorithm);
      CertificateAuthority root =
          CertificateAuthority.createRoot(
              "Tracemark Root", keys, TestPki.ROOT_FROM, TestPki.ROOT_UNTIL);
      byte[] raw = rawPrivateKey(keys.getPrivate(), algorithm);

      String text = root.toString();

      assertThat(text)
          .contains("CN=Tracemark Root")
          .contains("not shown")
          .doesNotContain(HexFormat.of().formatHex(raw))
          .doesNotContain(Base64.getEncoder().encodeToString(raw))
          .doesNotContain(BigIntegers.fromUnsignedByteArray(raw).toString())
          .doesNotContain(BigIntegers.fromUnsignedByteArray(raw).toString(16))
          .doesNotContain(keys.getPrivate().toString());
    }
  }

  // The secret itself: the Ed25519 seed, or the EC scalar d as 32 bytes.
  private static byte[] rawPrivateKey(PrivateKey key, SigningAlgorithm algorithm) throws Exception {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    if (algorithm == SigningAlgorithm.ED25519) {
      return ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
    }
    return BigIntegers.asUnsignedByteArray(
        32, ECPrivateKey.getInstance(info.parsePrivateKey()).getKey());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
      ThrowingCallable call, Reason reason) {
    return assertThatThrownBy(call)
        .isInstanceOf(PrivateKeyException.class)
        .satisfies(e -> assertThat(((PrivateKeyException) e).reason()).isEqualTo(reason))
        .hasMessageStartingWith(reason.code() + ": ");
  }
}
