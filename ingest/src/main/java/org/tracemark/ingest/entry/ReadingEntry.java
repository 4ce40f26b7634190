package org.tracemark.ingest.entry;

import com.upokecenter.cbor.CBORObject;
import java.util.LinkedHashMap;
import java.util.Map;
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
}
