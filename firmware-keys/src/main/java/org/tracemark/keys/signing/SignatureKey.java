package org.tracemark.keys.signing;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * A public key that checks the 64-byte signatures of DESIGN §2 (Ed25519, or ES256 as raw {@code r ‖
 * s}). Built once per key and kept: the Bouncy Castle key parameters are decoded here, so a
 * verification does no key parsing.
 *
 * <p>Uses Bouncy Castle's lightweight API rather than JCA {@code Signature}: no provider lookup per
 * call, and ES256 signatures stay in the raw form COSE uses instead of being re-encoded as DER.
 */
public final class SignatureKey {

  private static final BigInteger P256_ORDER = ECNamedCurveTable.getByName("P-256").getN();

  private final SigningAlgorithm algorithm;
  private final KeyId kid;
  private final PublicKey publicKey;
  private final AsymmetricKeyParameter parameters;

  private SignatureKey(
      SigningAlgorithm algorithm, KeyId kid, PublicKey publicKey, AsymmetricKeyParameter params) {
    this.algorithm = algorithm;
    this.kid = kid;
    this.publicKey = publicKey;
    this.parameters = params;
  }

  /**
   * The verifying key for an Ed25519 or P-256 public key.
   *
   * @throws UnsupportedKeyException for any other key (RSA, P-384, X25519, …)
   */
  public static SignatureKey of(PublicKey key) throws UnsupportedKeyException {
    if (key == null) {
      throw new IllegalArgumentException("public key must not be null");
    }
    AsymmetricKeyParameter params;
    try {
      params = PublicKeyFactory.createKey(key.getEncoded());
    } catch (IOException | RuntimeException e) {
      throw new UnsupportedKeyException(key.getAlgorithm() + " key that cannot be decoded");
    }
    if (params instanceof Ed25519PublicKeyParameters) {
      return new SignatureKey(SigningAlgorithm.ED25519, KeyId.of(key), key, params);
    }
    if (params instanceof ECPublicKeyParameters ec
        && ec.getParameters().getN().equals(P256_ORDER)
        && ec.getParameters().getCurve().equals(ECNamedCurveTable.getByName("P-256").getCurve())) {
      return new SignatureKey(SigningAlgorithm.ES256, KeyId.of(key), key, params);
    }
    throw new UnsupportedKeyException(
        key.getAlgorithm() + " key; device keys are Ed25519 or EC P-256");
  }

  public SigningAlgorithm algorithm() {
    return algorithm;
  }

  /** SHA-256 of the key's SubjectPublicKeyInfo: the COSE kid. */
  public KeyId kid() {
    return kid;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Whether {@code signature} is this key's signature over {@code message}. A signature that is not
   * exactly 64 bytes, or an ES256 signature whose r or s is out of range, is simply invalid.
   */
  public boolean verify(byte[] message, byte[] signature) {
    if (signature == null || signature.length != SigningAlgorithm.SIGNATURE_LENGTH) {
      return false;
    }
    if (algorithm == SigningAlgorithm.ED25519) {
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, parameters);
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    if (r.signum() == 0
        || s.signum() == 0
        || r.compareTo(P256_ORDER) >= 0
        || s.compareTo(P256_ORDER) >= 0) {
      return false;
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, parameters);
    return verifier.verifySignature(Sha256.digest(message), r, s);
  }

  @Override
  public String toString() {
    return algorithm.coseName() + " key " + kid.hex();
  }
}
