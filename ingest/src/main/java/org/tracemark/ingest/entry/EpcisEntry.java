package org.tracemark.ingest.entry;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.tracemark.keys.cose.Cbor;

/**
 * The ledger entry of a captured EPCIS event (DESIGN §3): the deterministic CBOR map {@code {"t":
 * "epcis", "hash": <GS1 event hash>, "event": <the event's JSON as captured, UTF-8>, "org":
 * <capturing organisation>, "rx": <receive time, ms>}}. An event too large to fit an entry (65,535
 * bytes) is kept off the log and its entry holds the hash alone, which still fixes its content: the
 * hash is recomputed from the event wherever it is stored.
 */
public final class EpcisEntry {

  private EpcisEntry() {}

  /** An EPCIS entry read back from the log; {@code event} is empty when it was kept off the log. */
  public record Read(String hash, Optional<byte[]> event, String org, long receivedAtMillis) {}

  /**
   * Encodes an entry; leaves {@code event} out if the entry would otherwise be too long.
   *
   * @param event the event's JSON exactly as captured, UTF-8
   */
  public static byte[] encode(String hash, byte[] event, UUID org, long receivedAtMillis) {
    if (hash == null || !hash.startsWith("ni:///")) {
      throw new IllegalArgumentException("an event hash is an ni URI, not " + hash);
    }
    if (receivedAtMillis < 0) {
      throw new IllegalArgumentException("receive time must be >= 0, not " + receivedAtMillis);
    }
    byte[] whole = encode(hash, Optional.of(event), org, receivedAtMillis);
    if (whole.length <= ReadingEntry.MAX_ENTRY_BYTES) {
      return whole;
    }
    byte[] hashOnly = encode(hash, Optional.empty(), org, receivedAtMillis);
    if (hashOnly.length > ReadingEntry.MAX_ENTRY_BYTES) {
      throw new IllegalArgumentException("an event hash of " + hash.length() + " characters");
    }
    return hashOnly;
  }

  private static byte[] encode(String hash, Optional<byte[]> event, UUID org, long rx) {
    Map<String, CBORObject> entry = new LinkedHashMap<>();
    entry.put("t", CBORObject.FromObject("epcis"));
    entry.put("hash", CBORObject.FromObject(hash));
    event.ifPresent(e -> entry.put("event", CBORObject.FromObject(e)));
    entry.put("org", CBORObject.FromObject(org.toString()));
    entry.put("rx", CBORObject.FromObject(rx));
    return Cbor.deterministicMap(entry).EncodeToBytes();
  }

  /**
   * Reads an entry of the log back: the EPCIS event it holds, or empty for another type of entry.
   *
   * @throws IllegalArgumentException the entry is not a well-formed entry map, or claims to be an
   *     EPCIS entry without a text {@code hash} and {@code org} and a uint {@code rx}
   */
  public static Optional<Read> read(byte[] entry) {
    CBORObject map;
    try {
      map = CBORObject.DecodeFromBytes(entry);
    } catch (CBORException e) {
      throw new IllegalArgumentException("not a CBOR entry: " + e.getMessage(), e);
    }
    if (map.getType() != CBORType.Map) {
      throw new IllegalArgumentException("an entry is a CBOR map, not " + map.getType());
    }
    CBORObject type = map.get(CBORObject.FromObject("t"));
    if (type == null || type.getType() != CBORType.TextString) {
      throw new IllegalArgumentException("an entry names its type in a text \"t\"");
    }
    if (!"epcis".equals(type.AsString())) {
      return Optional.empty();
    }
    CBORObject hash = map.get(CBORObject.FromObject("hash"));
    CBORObject event = map.get(CBORObject.FromObject("event"));
    CBORObject org = map.get(CBORObject.FromObject("org"));
    CBORObject rx = map.get(CBORObject.FromObject("rx"));
    if (hash == null
        || hash.getType() != CBORType.TextString
        || org == null
        || org.getType() != CBORType.TextString
        || (event != null && event.getType() != CBORType.ByteString)
        || rx == null
        || !rx.isNumber()
        || !rx.AsNumber().CanFitInInt64()
        || rx.AsNumber().IsNegative()) {
      throw new IllegalArgumentException(
          "an epcis entry has a text hash and org, a uint rx and, if any, a byte string event");
    }
    return Optional.of(
        new Read(
            hash.AsString(),
            Optional.ofNullable(event).map(CBORObject::GetByteString),
            org.AsString(),
            rx.AsNumber().ToInt64Checked()));
  }
}
