package org.tracemark.keys.cose;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.Optional;
import org.tracemark.keys.signing.SignatureKey;
import org.tracemark.keys.signing.SigningKey;

/**
 * A COSE_Sign1 message (RFC 9052 §4.2) as our contracts use it: tagged (18), protected header
 * {@link CoseHeader}, empty unprotected header, attached payload, empty external_aad.
 *
 * <p>Keeps the protected header exactly as received: the signature covers those bytes, not a
 * re-encoding of them.
 */
public final class CoseSign1 {

  /** CBOR tag of COSE_Sign1 (RFC 9052 §2). */
  public static final int TAG = 18;

  private static final byte[] EMPTY = new byte[0];

  private final byte[] protectedBytes;
  private final CoseHeader header;
  private final byte[] payload;
  private final byte[] signature;

  private CoseSign1(byte[] protectedBytes, CoseHeader header, byte[] payload, byte[] signature) {
    this.protectedBytes = protectedBytes;
    this.header = header;
    this.payload = payload;
    this.signature = signature;
  }

  /** Signs {@code payload} with {@code key}; the header's alg and kid are the key's. */
  public static CoseSign1 sign(SigningKey key, Optional<String> contentType, byte[] payload) {
    CoseHeader header = new CoseHeader(key.algorithm(), key.kid(), contentType);
    byte[] protectedBytes = header.encode();
    byte[] signature = key.sign(toBeSigned(protectedBytes, payload));
    return new CoseSign1(protectedBytes, header, payload.clone(), signature);
  }

  /**
   * Parses a message of at most {@code maxBytes}. The caller checks the size first when oversize is
   * an outcome of its own; here it is a last line of defence.
   *
   * @param expectedContentType the protected content type the format requires, or empty if the
   *     header must not carry one
   * @throws MalformedCoseException naming the first structural rule broken
   */
  public static CoseSign1 decode(byte[] message, int maxBytes, Optional<String> expectedContentType)
      throws MalformedCoseException {
    if (message.length > maxBytes) {
      throw new MalformedCoseException(
          "message is " + message.length + " bytes, more than " + maxBytes);
    }
    CBORObject item = Cbor.decode(message);
    if (!item.isTagged() || !item.HasOneTag(TAG)) {
      throw new MalformedCoseException(
          item.isTagged()
              ? "tag " + item.getMostOuterTag() + ", expected COSE_Sign1 tag 18 alone"
              : "untagged; a COSE_Sign1 must carry tag 18");
    }
    CBORObject array = item.UntagOne();
    if (array.getType() != CBORType.Array || array.size() != 4) {
      throw new MalformedCoseException("COSE_Sign1 must be an array of 4");
    }
    if (Cbor.hasTag(array)) {
      throw new MalformedCoseException("unexpected tag inside the COSE_Sign1 array");
    }
    byte[] protectedBytes = bytes(array.get(0), "protected header");
    CBORObject unprotected = array.get(1);
    if (unprotected.getType() != CBORType.Map || unprotected.size() != 0) {
      throw new MalformedCoseException("unprotected header must be the empty map");
    }
    byte[] payload = bytes(array.get(2), "payload");
    byte[] signature = bytes(array.get(3), "signature");
    CoseHeader header;
    try {
      header = CoseHeader.decode(protectedBytes, expectedContentType);
    } catch (MalformedCoseException e) {
      throw e.in("protected header");
    }
    return new CoseSign1(protectedBytes, header, payload, signature);
  }

  private static byte[] bytes(CBORObject item, String what) throws MalformedCoseException {
    if (item.getType() != CBORType.ByteString) {
      throw new MalformedCoseException(what + " is not a byte string");
    }
    return item.GetByteString();
  }

  /** {@code 0x84} (array of 4), then {@code "Signature1"} as a CBOR text string. */
  private static final byte[] SIG_STRUCTURE_START = {
    (byte) 0x84, 0x6a, 'S', 'i', 'g', 'n', 'a', 't', 'u', 'r', 'e', '1'
  };

  /**
   * {@code Sig_structure = ["Signature1", protected, h'', payload]} (RFC 9052 §4.4), written
   * straight into one array of the exact size: this runs for every message ingest verifies, and
   * building it as a CBOR object tree first costs more than the rest of decoding. {@code
   * CoseSign1Test} pins it to the CBOR library's own encoding.
   */
  static byte[] toBeSigned(byte[] protectedBytes, byte[] payload) {
    int size =
        SIG_STRUCTURE_START.length
            + headLength(protectedBytes.length)
            + protectedBytes.length
            + 1
            + headLength(payload.length)
            + payload.length;
    byte[] out = new byte[size];
    System.arraycopy(SIG_STRUCTURE_START, 0, out, 0, SIG_STRUCTURE_START.length);
    int at = SIG_STRUCTURE_START.length;
    at = writeByteStringHead(out, at, protectedBytes.length);
    System.arraycopy(protectedBytes, 0, out, at, protectedBytes.length);
    at += protectedBytes.length;
    out[at++] = 0x40; // external_aad: the empty byte string
    at = writeByteStringHead(out, at, payload.length);
    System.arraycopy(payload, 0, out, at, payload.length);
    return out;
  }

  /** Length of the shortest CBOR head of a byte string of {@code length} bytes (RFC 8949 §3). */
  private static int headLength(int length) {
    return length < 24 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5;
  }

  private static int writeByteStringHead(byte[] out, int at, int length) {
    final int major = 0x40; // major type 2, byte string
    if (length < 24) {
      out[at++] = (byte) (major | length);
    } else if (length < 0x100) {
      out[at++] = (byte) (major | 24);
      out[at++] = (byte) length;
    } else if (length < 0x10000) {
      out[at++] = (byte) (major | 25);
      out[at++] = (byte) (length >>> 8);
      out[at++] = (byte) length;
    } else {
      out[at++] = (byte) (major | 26);
      out[at++] = (byte) (length >>> 24);
      out[at++] = (byte) (length >>> 16);
      out[at++] = (byte) (length >>> 8);
      out[at++] = (byte) length;
    }
    return at;
  }

  /** The message bytes: tag 18 around {@code [protected, {}, payload, signature]}. */
  public byte[] encode() {
    CBORObject array = CBORObject.NewArray();
    array.Add(protectedBytes);
    array.Add(CBORObject.NewMap());
    array.Add(payload);
    array.Add(signature);
    return CBORObject.FromObjectAndTag(array, TAG).EncodeToBytes();
  }

  /**
   * Whether {@code key} signed this message: the key's algorithm must be the header's (a key is
   * never tried under another algorithm) and the signature must verify over the Sig_structure.
   */
  public boolean isSignedBy(SignatureKey key) {
    return key.algorithm() == header.alg()
        && key.verify(toBeSigned(protectedBytes, payload), signature);
  }

  public CoseHeader header() {
    return header;
  }

  public byte[] payload() {
    return payload.clone();
  }

  public int signatureLength() {
    return signature.length;
  }
}
