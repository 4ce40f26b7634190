package org.tracemark.keys.signing;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * A device's (or a firmware signer's) private key, producing the 64-byte signatures of DESIGN §2.
 * ES256 signatures are deterministic (RFC 6979), so a device with a poor random source cannot leak
 * its key through a repeated nonce.
 *
 * <p>Never prints key material: {@link #toString()} names only the algorithm and the kid.
 */
public final class SigningKey {

  private final SignatureKey publicPart;
  private final AsymmetricKeyParameter parameters;

  private SigningKey(SignatureKey publicPart, AsymmetricKeyParameter parameters) {
    this.publicPart = publicPart;
    this.parameters = parameters;
  }

  /**
   * The signing key for an Ed25519 or P-256 key pair.
   *
   * @throws UnsupportedKeyException for any other key type
   */
  public static SigningKey of(KeyPair pair) throws UnsupportedKeyException {
    SignatureKey publicPart = SignatureKey.of(pair.getPublic());
    AsymmetricKeyParameter params;
    try {
      params = PrivateKeyFactory.createKey(pair.getPrivate().getEncoded());
    } catch (IOException | RuntimeException e) {
      throw new UnsupportedKeyException(pair.getPrivate().getAlgorithm() + " private key");
    }
    boolean matches =
        switch (publicPart.algorithm()) {
          case ED25519 -> params instanceof Ed25519PrivateKeyParameters;
          case ES256 -> params instanceof ECPrivateKeyParameters;
        };
    if (!matches) {
      throw new UnsupportedKeyException("private key does not match its public key's type");
    }
    return new SigningKey(publicPart, params);
  }

  public SignatureKey publicKey() {
    return publicPart;
  }

  public SigningAlgorithm algorithm() {
    return publicPart.algorithm();
  }

  public KeyId kid() {
    return publicPart.kid();
  }

  /** The 64-byte signature over {@code message}. */
  public byte[] sign(byte[] message) {
    if (publicPart.algorithm() == SigningAlgorithm.ED25519) {
      Ed25519Signer signer = new Ed25519Signer();
      signer.init(true, parameters);
      signer.update(message, 0, message.length);
      return signer.generateSignature();
    }
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, parameters);
    BigInteger[] rs = signer.generateSignature(Sha256.digest(message));
    byte[] signature = new byte[SigningAlgorithm.SIGNATURE_LENGTH];
    copyUnsigned(rs[0], signature, 0);
    copyUnsigned(rs[1], signature, 32);
    return signature;
  }

  private static void copyUnsigned(BigInteger value, byte[] into, int offset) {
    byte[] bytes = value.toByteArray();
    int start = bytes.length > 32 ? bytes.length - 32 : 0;
    int length = bytes.length - start;
    System.arraycopy(bytes, start, into, offset + 32 - length, length);
  }

  @Override
  public String toString() {
    return "private " + publicPart;
  }
}
