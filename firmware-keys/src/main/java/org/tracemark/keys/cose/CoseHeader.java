package org.tracemark.keys.cose;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.Optional;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SigningAlgorithm;
import org.tracemark.keys.signing.UnsupportedAlgorithmException;

/**
 * The protected header of our COSE_Sign1 messages: {@code {1: alg, 4: kid}}, plus {@code 3: content
 * type} for formats that need to be told apart from a signed reading (firmware manifests). Nothing
 * else is allowed, so no critical header can be smuggled past a verifier.
 */
public record CoseHeader(SigningAlgorithm alg, KeyId kid, Optional<String> contentType) {

  static final int ALG = 1;
  static final int CONTENT_TYPE = 3;
  static final int KID = 4;

  public CoseHeader {
    if (alg == null || kid == null || contentType == null) {
      throw new IllegalArgumentException("a COSE header needs alg, kid and a content type option");
    }
  }

  /** The header bytes, labels in ascending order as RFC 8949 §4.2.1 wants. */
  byte[] encode() {
    CBORObject map = CBORObject.NewOrderedMap();
    map.Add(ALG, alg.coseValue());
    contentType.ifPresent(type -> map.Add(CONTENT_TYPE, type));
    map.Add(KID, kid.bytes());
    return map.EncodeToBytes();
  }

  /**
   * Reads a protected header, requiring exactly the labels a contract allows: {@code 1} and {@code
   * 4}, and {@code 3} with the value {@code expectedContentType} when one is given.
   */
  static CoseHeader decode(byte[] bytes, Optional<String> expectedContentType)
      throws MalformedCoseException {
    CBORObject map = Cbor.decode(bytes);
    if (map.getType() != CBORType.Map || Cbor.hasTag(map)) {
      throw new MalformedCoseException("not an untagged map");
    }
    int expectedSize = expectedContentType.isPresent() ? 3 : 2;
    for (CBORObject label : map.getKeys()) {
      boolean known =
          label.getType() == CBORType.Integer
              && (label.equals(CBORObject.FromObject(ALG))
                  || label.equals(CBORObject.FromObject(KID))
                  || (expectedContentType.isPresent()
                      && label.equals(CBORObject.FromObject(CONTENT_TYPE))));
      if (!known) {
        throw new MalformedCoseException("label " + label + " is not allowed here");
      }
    }
    if (map.size() != expectedSize) {
      throw new MalformedCoseException(
          "has "
              + map.size()
              + " labels, expected "
              + (expectedSize == 3 ? "1, 3 and 4" : "1 and 4"));
    }
    CBORObject alg = map.get(ALG);
    if (alg.getType() != CBORType.Integer || !alg.AsNumber().CanFitInInt64()) {
      throw new MalformedCoseException("alg is not an integer");
    }
    SigningAlgorithm algorithm;
    try {
      algorithm = SigningAlgorithm.fromCose(alg.AsInt64Value());
    } catch (UnsupportedAlgorithmException e) {
      throw new MalformedCoseException(e.getMessage());
    }
    CBORObject kid = map.get(KID);
    if (kid.getType() != CBORType.ByteString) {
      throw new MalformedCoseException("kid is not a byte string");
    }
    byte[] kidBytes = kid.GetByteString();
    if (kidBytes.length != KeyId.LENGTH) {
      throw new MalformedCoseException(
          "kid is " + kidBytes.length + " bytes, expected " + KeyId.LENGTH);
    }
    Optional<String> contentType = Optional.empty();
    if (expectedContentType.isPresent()) {
      CBORObject type = map.get(CONTENT_TYPE);
      if (type.getType() != CBORType.TextString
          || !type.AsString().equals(expectedContentType.get())) {
        throw new MalformedCoseException(
            "content type " + type + ", expected \"" + expectedContentType.get() + "\"");
      }
      contentType = expectedContentType;
    }
    return new CoseHeader(algorithm, KeyId.fromBytes(kidBytes), contentType);
  }
}
