package org.tracemark.api.readings;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.tracemark.keys.cose.Cbor;
import org.tracemark.keys.cose.MalformedCoseException;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.Reading;
import org.tracemark.keys.reading.SignedReading;

/**
 * One reading as projected from the ledger: a row of the {@code reading} table. A single reading's
 * entry gives one row, a batch entry one row per reading of its {@code r}, reading {@code pos}
 * having sequence {@code seq + pos}, its own {@code ts} and kind.
 *
 * @param ledgerIndex the index of the entry in the ledger
 * @param pos the reading's offset within its entry: 0 for a single reading
 * @param kind {@code sensor} or {@code scan}
 * @param measurements {@code m}, by name (°C, %RH, kg, degrees, g)
 * @param objects {@code obj}: EPCs the reading is about; empty if none
 */
public record ReadingRow(
    long ledgerIndex,
    int pos,
    String device,
    long boot,
    long seq,
    Instant deviceTime,
    Instant receivedAt,
    String kind,
    SortedMap<String, Double> measurements,
    Optional<String> epc,
    Optional<String> bizStep,
    Optional<String> location,
    List<String> objects) {

  /** The entry type (DESIGN §3) this projection reads; others are skipped. */
  static final String READING_TYPE = "reading";

  /**
   * The rows of the entry at {@code ledgerIndex}: none for an entry of another type ({@code epcis},
   * {@code decision}, …).
   *
   * @throws NotAnEntryException the bytes are not a ledger entry at all (no CBOR map with a text
   *     {@code t})
   * @throws MalformedReadingEntryException a {@code reading} entry whose fields or COSE message do
   *     not decode; the message names the first broken rule
   */
  static List<ReadingRow> fromEntry(long ledgerIndex, byte[] entry)
      throws NotAnEntryException, MalformedReadingEntryException {
    Map<String, CBORObject> fields;
    try {
      CBORObject map = Cbor.decode(entry);
      if (map.getType() != CBORType.Map) {
        throw new NotAnEntryException("not a CBOR map");
      }
      fields = Cbor.textMap(map);
    } catch (MalformedCoseException e) {
      throw new NotAnEntryException(e.getMessage());
    }
    CBORObject type = fields.get("t");
    if (type == null || type.getType() != CBORType.TextString) {
      throw new NotAnEntryException("no text t");
    }
    if (!READING_TYPE.equals(type.AsString())) {
      return List.of();
    }
    CBORObject cose = fields.get("cose");
    CBORObject rx = fields.get("rx");
    if (cose == null || cose.getType() != CBORType.ByteString) {
      throw new MalformedReadingEntryException("cose is missing or not a byte string");
    }
    if (rx == null
        || rx.getType() != CBORType.Integer
        || !rx.AsNumber().CanFitInInt64()
        || rx.AsInt64Value() < 0) {
      throw new MalformedReadingEntryException("rx is missing or not an unsigned integer");
    }
    Reading reading;
    try {
      // The codec of firmware-keys: the same rules ingest accepted the message by. The signature
      // is not checked again here: the sequencer only anchors verified messages, and anyone who
      // wants to re-verify does so from the tiles (DESIGN §3).
      reading = SignedReading.decode(cose.GetByteString()).reading();
    } catch (MalformedCoseException e) {
      throw new MalformedReadingEntryException("cose: " + e.getMessage());
    }
    Instant receivedAt = Instant.ofEpochMilli(rx.AsInt64Value());
    List<Observation> observations = reading.observations();
    List<ReadingRow> rows = new ArrayList<>(observations.size());
    for (int pos = 0; pos < observations.size(); pos++) {
      Observation o = observations.get(pos);
      rows.add(
          new ReadingRow(
              ledgerIndex,
              pos,
              reading.device().value(),
              reading.first().boot(),
              reading.first().seq() + pos,
              Instant.ofEpochMilli(o.ts()),
              receivedAt,
              o.kind().wireName(),
              o.measurements(),
              o.epc(),
              o.biz(),
              o.loc(),
              o.objects()));
    }
    return rows;
  }

  /** Bytes in the ledger that are not an entry of DESIGN §3 (e.g. a test's raw entries). */
  static final class NotAnEntryException extends Exception {
    NotAnEntryException(String message) {
      super(message);
    }
  }

  /** A {@code reading} entry that does not decode; cannot come from the sequencer. */
  static final class MalformedReadingEntryException extends Exception {
    MalformedReadingEntryException(String message) {
      super(message);
    }
  }
}
