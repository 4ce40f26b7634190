package org.tracemark.ingest.entry;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tracemark.keys.cose.Cbor;
import org.tracemark.keys.reading.SignedReading;

/**
 * The ledger entry of an accepted reading (DESIGN §3): the deterministic CBOR map {@code {"t":
 * "reading", "cose": <the message exactly as received>, "rx": <receive time, ms>}}. Anyone holding
 * the tiles and the device certificate can verify the reading again from this entry alone.
 */
public final class ReadingEntry {

  /** Entries are at most this long (uint16 length prefix in entry bundles). */
  public static final int MAX_ENTRY_BYTES = 65_535;

  private ReadingEntry() {}

  public static byte[] encode(byte[] message, long receivedAtMillis) {
    if (message.length > SignedReading.MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException(
          "a reading of " + message.length + " bytes cannot be accepted, let alone anchored");
    }
    if (receivedAtMillis < 0) {
      throw new IllegalArgumentException("receive time must be >= 0, not " + receivedAtMillis);
    }
    Map<String, CBORObject> entry = new LinkedHashMap<>();
    entry.put("t", CBORObject.FromObject("reading"));
    entry.put("cose", CBORObject.FromObject(message));
    entry.put("rx", CBORObject.FromObject(receivedAtMillis));
    byte[] encoded = Cbor.deterministicMap(entry).EncodeToBytes();
    if (encoded.length > MAX_ENTRY_BYTES) {
      throw new IllegalStateException("entry of " + encoded.length + " bytes"); // cannot happen
    }
    return encoded;
  }

  /** A reading entry read back from the log: the device's message and the receive time. */
  public record Read(byte[] message, long receivedAtMillis) {}

  /**
   * Reads an entry of the log back: the reading it holds, or empty if it is another type of entry
   * ({@code epcis}, {@code decision}).
   *
   * @throws IllegalArgumentException the entry is not a well-formed entry map, or claims to be a
   *     reading without {@code cose} and {@code rx}
   */
  public static Optional<Read> read(byte[] entry) {
    CBORObject map;
    try {
      map = CBORObject.DecodeFromBytes(entry);
    } catch (com.upokecenter.cbor.CBORException e) {
      throw new IllegalArgumentException("not a CBOR entry: " + e.getMessage(), e);
    }
    if (map.getType() != CBORType.Map) {
      throw new IllegalArgumentException("an entry is a CBOR map, not " + map.getType());
    }
    CBORObject type = map.get(CBORObject.FromObject("t"));
    if (type == null || type.getType() != CBORType.TextString) {
      throw new IllegalArgumentException("an entry names its type in a text \"t\"");
    }
    if (!"reading".equals(type.AsString())) {
      return Optional.empty();
    }
    CBORObject cose = map.get(CBORObject.FromObject("cose"));
    CBORObject rx = map.get(CBORObject.FromObject("rx"));
    if (cose == null
        || cose.getType() != CBORType.ByteString
        || rx == null
        || !rx.isNumber()
        || !rx.AsNumber().CanFitInInt64()
        || rx.AsNumber().IsNegative()) {
      throw new IllegalArgumentException("a reading entry has a byte string cose and a uint rx");
    }
    return Optional.of(new Read(cose.GetByteString(), rx.AsNumber().ToInt64Checked()));
  }
}
