package org.tracemark.keys.cose;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Decoding of untrusted CBOR with the limits every contract here shares, on top of the PeterO CBOR
 * library (full data model: integer and text map keys stay distinct, tags are kept, a repeated map
 * key is an error).
 *
 * <p>Memory is bounded by the caller's size limit, checked before parsing: the library reads
 * declared lengths against the bytes actually present, so a short input cannot make it allocate a
 * large buffer. Nesting is bounded here, after parsing, by {@link #MAX_DEPTH}.
 */
public final class Cbor {

  /** Deepest nesting of arrays and maps any of our formats needs, with room to spare. */
  public static final int MAX_DEPTH = 8;

  /**
   * Hash-based maps in received order: the library's default sorted maps compare keys by their
   * UTF-8 encodings on every lookup, which was most of the decoding time (JMH stack profile).
   */
  private static final CBOREncodeOptions DECODING = new CBOREncodeOptions("keepkeyorder=true");

  private Cbor() {}

  /**
   * Decodes exactly one CBOR data item filling all of {@code bytes}.
   *
   * @throws MalformedCoseException if the bytes are not well-formed CBOR, hold more than one item,
   *     repeat a map key, or nest deeper than {@link #MAX_DEPTH}
   */
  public static CBORObject decode(byte[] bytes) throws MalformedCoseException {
    CBORObject item;
    try {
      item = CBORObject.DecodeFromBytes(bytes, DECODING);
    } catch (CBORException e) {
      throw new MalformedCoseException("not well-formed CBOR (" + e.getMessage() + ")");
    } catch (RuntimeException e) {
      // The library's own contract is CBORException; anything else on hostile bytes is still
      // the input's fault, and must become an outcome, never a crash of the caller.
      throw new MalformedCoseException("not well-formed CBOR (" + e + ")");
    }
    checkDepth(item, 1);
    return item;
  }

  private static void checkDepth(CBORObject item, int depth) throws MalformedCoseException {
    CBORType type = item.getType();
    if (type != CBORType.Array && type != CBORType.Map) {
      return;
    }
    if (depth > MAX_DEPTH) {
      throw new MalformedCoseException("nested deeper than " + MAX_DEPTH + " levels");
    }
    Collection<CBORObject> children = type == CBORType.Array ? item.getValues() : item.getKeys();
    for (CBORObject child : children) {
      checkDepth(child, depth + 1);
    }
    if (type == CBORType.Map) {
      for (CBORObject child : item.getValues()) {
        checkDepth(child, depth + 1);
      }
    }
  }

  /** Text keys in the order RFC 8949 §4.2.1 wants for a deterministic map: by encoded bytes. */
  public static CBORObject deterministicMap(Map<String, CBORObject> entries) {
    List<String> keys = entries.keySet().stream().sorted(Cbor::compareEncodedTextKeys).toList();
    CBORObject map = CBORObject.NewOrderedMap();
    for (String key : keys) {
      map.Add(key, entries.get(key));
    }
    return map;
  }

  /**
   * Bytewise order of the keys' CBOR encodings: the length header comes first, so a shorter key
   * sorts first, and keys of the same length compare by their UTF-8 bytes.
   */
  static int compareEncodedTextKeys(String a, String b) {
    byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (x.length != y.length) {
      return Integer.compare(x.length, y.length);
    }
    return java.util.Arrays.compareUnsigned(x, y);
  }

  /** Whether {@code item} or anything inside it carries a CBOR tag. */
  public static boolean hasTag(CBORObject item) {
    if (item.isTagged()) {
      return true;
    }
    CBORType type = item.getType();
    if (type == CBORType.Array) {
      for (CBORObject child : item.getValues()) {
        if (hasTag(child)) {
          return true;
        }
      }
    } else if (type == CBORType.Map) {
      for (CBORObject key : item.getKeys()) {
        if (hasTag(key) || hasTag(item.get(key))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A map's entries by text key, in received order, or an error naming the first key that is not
   * text. Decoders look fields up here rather than in the CBOR map, whose lookups compare encoded
   * keys and cost more than the rest of decoding.
   */
  public static Map<String, CBORObject> textMap(CBORObject map) throws MalformedCoseException {
    Map<String, CBORObject> entries = new java.util.LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<CBORObject, CBORObject> entry : map.getEntries()) {
      CBORObject key = entry.getKey();
      if (key.getType() != CBORType.TextString) {
        throw new MalformedCoseException("map key " + key + " is not a text string");
      }
      entries.put(key.AsString(), entry.getValue());
    }
    return entries;
  }
}
