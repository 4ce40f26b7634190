package org.tracemark.keys.firmware;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tracemark.keys.cose.Cbor;
import org.tracemark.keys.cose.CoseSign1;
import org.tracemark.keys.cose.MalformedCoseException;
import org.tracemark.keys.signing.SigningKey;

/** Signing and parsing of firmware manifest v1 messages (COSE_Sign1 with a content type). */
public final class SignedManifest {

  /** The protected content type that tells a manifest from a signed reading. */
  public static final String CONTENT_TYPE = "application/vnd.tracemark.firmware-manifest+cbor";

  public static final int MAX_MESSAGE_BYTES = 8192;

  private static final Set<String> KEYS =
      Set.of("v", "class", "version", "seq", "digest", "size", "uri");

  private SignedManifest() {}

  /** The signed message for {@code manifest}. */
  public static byte[] sign(FirmwareManifest manifest, SigningKey key) {
    Map<String, CBORObject> map = new LinkedHashMap<>();
    map.put("v", CBORObject.FromObject(FirmwareManifest.FORMAT_VERSION));
    map.put("class", CBORObject.FromObject(manifest.deviceClass()));
    map.put("version", CBORObject.FromObject(manifest.version()));
    map.put("seq", CBORObject.FromObject(manifest.seq()));
    map.put("digest", CBORObject.FromObject(manifest.digest()));
    map.put("size", CBORObject.FromObject(manifest.size()));
    map.put("uri", CBORObject.FromObject(manifest.uri()));
    byte[] payload = Cbor.deterministicMap(map).EncodeToBytes();
    return CoseSign1.sign(key, Optional.of(CONTENT_TYPE), payload).encode();
  }

  /** The envelope of a manifest message (not yet verified). */
  static CoseSign1 envelope(byte[] message) throws MalformedCoseException {
    return CoseSign1.decode(message, MAX_MESSAGE_BYTES, Optional.of(CONTENT_TYPE));
  }

  /** The manifest in a payload, by the contract's payload rules. */
  static FirmwareManifest payload(byte[] payload) throws MalformedCoseException {
    CBORObject map = Cbor.decode(payload);
    if (map.getType() != CBORType.Map || Cbor.hasTag(map)) {
      throw new MalformedCoseException("payload is not an untagged map");
    }
    Map<String, CBORObject> fields = Cbor.textMap(map);
    for (String key : fields.keySet()) {
      if (!KEYS.contains(key)) {
        throw new MalformedCoseException("key \"" + key + "\" is not allowed in a manifest");
      }
    }
    if (uint(fields, "v") != FirmwareManifest.FORMAT_VERSION) {
      throw new MalformedCoseException("v is not 1");
    }
    CBORObject digest = fields.get("digest");
    if (digest == null || digest.getType() != CBORType.ByteString) {
      throw new MalformedCoseException("digest must be a byte string");
    }
    try {
      return new FirmwareManifest(
          text(fields, "class"),
          text(fields, "version"),
          uint(fields, "seq"),
          digest.GetByteString(),
          uint(fields, "size"),
          text(fields, "uri"));
    } catch (IllegalArgumentException e) {
      throw new MalformedCoseException(e.getMessage());
    }
  }

  private static long uint(Map<String, CBORObject> map, String key) throws MalformedCoseException {
    CBORObject value = map.get(key);
    if (value == null
        || value.getType() != CBORType.Integer
        || !value.AsNumber().CanFitInInt64()
        || value.AsInt64Value() < 0) {
      throw new MalformedCoseException(key + " must be an unsigned integer below 2^63");
    }
    return value.AsInt64Value();
  }

  private static String text(Map<String, CBORObject> map, String key)
      throws MalformedCoseException {
    CBORObject value = map.get(key);
    if (value == null || value.getType() != CBORType.TextString) {
      throw new MalformedCoseException(key + " must be text");
    }
    return value.AsString();
  }
}
