package org.tracemark.keys.reading;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tracemark.keys.cose.Cbor;
import org.tracemark.keys.cose.MalformedCoseException;
import org.tracemark.keys.device.DeviceId;

/**
 * The CBOR payload of a signed reading v1, both ways. Encoding is deterministic (RFC 8949 §4.2.1:
 * sorted keys, shortest integers and floats, definite lengths). Decoding enforces rule 4 of the
 * contract's decoding rules and names the first broken rule; it never throws anything but {@link
 * MalformedCoseException}.
 */
public final class ReadingPayload {

  private static final Set<String> SINGLE_KEYS =
      Set.of("v", "dev", "boot", "seq", "ts", "kind", "m", "epc", "biz", "loc", "obj");
  private static final Set<String> BATCH_KEYS =
      Set.of("v", "dev", "boot", "seq", "ts", "kind", "r");
  private static final Set<String> OBSERVATION_KEYS =
      Set.of("ts", "kind", "m", "epc", "biz", "loc", "obj");

  private ReadingPayload() {}

  /** The deterministic CBOR encoding of {@code reading}. */
  public static byte[] encode(Reading reading) {
    Map<String, CBORObject> map = new LinkedHashMap<>();
    map.put("v", CBORObject.FromObject(Reading.FORMAT_VERSION));
    map.put("dev", CBORObject.FromObject(reading.device().value()));
    map.put("boot", CBORObject.FromObject(reading.first().boot()));
    map.put("seq", CBORObject.FromObject(reading.first().seq()));
    map.put("ts", CBORObject.FromObject(reading.ts()));
    map.put("kind", CBORObject.FromObject(reading.kind().wireName()));
    if (reading.kind() == ReadingKind.BATCH) {
      CBORObject r = CBORObject.NewArray();
      for (Observation observation : reading.observations()) {
        Map<String, CBORObject> item = new LinkedHashMap<>();
        item.put("ts", CBORObject.FromObject(observation.ts()));
        item.put("kind", CBORObject.FromObject(observation.kind().wireName()));
        putFields(observation, item);
        r.Add(Cbor.deterministicMap(item));
      }
      map.put("r", r);
    } else {
      putFields(reading.observations().get(0), map);
    }
    return Cbor.deterministicMap(map).EncodeToBytes();
  }

  private static void putFields(Observation observation, Map<String, CBORObject> into) {
    if (!observation.measurements().isEmpty()) {
      Map<String, CBORObject> m = new LinkedHashMap<>();
      observation
          .measurements()
          .forEach((name, value) -> m.put(name, CBORObject.FromObject(value)));
      into.put("m", Cbor.deterministicMap(m));
    }
    observation.epc().ifPresent(epc -> into.put("epc", CBORObject.FromObject(epc)));
    observation.biz().ifPresent(biz -> into.put("biz", CBORObject.FromObject(biz)));
    observation.loc().ifPresent(loc -> into.put("loc", CBORObject.FromObject(loc)));
    if (!observation.objects().isEmpty()) {
      CBORObject obj = CBORObject.NewArray();
      observation.objects().forEach(obj::Add);
      into.put("obj", obj);
    }
  }

  /**
   * Decodes a payload.
   *
   * @throws MalformedCoseException naming the first rule of the contract the payload breaks
   */
  public static Reading decode(byte[] payload) throws MalformedCoseException {
    CBORObject map = Cbor.decode(payload);
    if (map.getType() != CBORType.Map) {
      throw new MalformedCoseException("payload is not a map");
    }
    if (Cbor.hasTag(map)) {
      throw new MalformedCoseException("payload carries a CBOR tag");
    }
    Map<String, CBORObject> fields = Cbor.textMap(map);
    Set<String> keys = fields.keySet();
    long version = uint(fields, "v");
    if (version != Reading.FORMAT_VERSION) {
      throw new MalformedCoseException("v is " + version + ", this is format 1");
    }
    String dev = text(fields, "dev");
    if (!DeviceId.isValid(dev)) {
      throw new MalformedCoseException("dev \"" + excerpt(dev) + "\" is not a device id");
    }
    long boot = uint(fields, "boot");
    long seq = uint(fields, "seq");
    long ts = uint(fields, "ts");
    ReadingKind kind = kind(fields);
    ReadingId first = ReadingId.of(DeviceId.of(dev), boot, seq);
    if (kind == ReadingKind.BATCH) {
      onlyKeys(keys, BATCH_KEYS, "a batch");
      CBORObject r = required(fields, "r");
      if (r.getType() != CBORType.Array || r.size() == 0 || r.size() > Reading.MAX_BATCH) {
        throw new MalformedCoseException("r must be an array of 1-" + Reading.MAX_BATCH + " maps");
      }
      if (seq > Long.MAX_VALUE - (r.size() - 1L)) {
        throw new MalformedCoseException("seq + " + (r.size() - 1) + " overflows");
      }
      List<Observation> observations = new ArrayList<>(r.size());
      for (int i = 0; i < r.size(); i++) {
        CBORObject item = r.get(i);
        if (item.getType() != CBORType.Map) {
          throw new MalformedCoseException("r[" + i + "] is not a map");
        }
        try {
          Map<String, CBORObject> itemFields = Cbor.textMap(item);
          onlyKeys(itemFields.keySet(), OBSERVATION_KEYS, "a batch entry");
          ReadingKind itemKind = kind(itemFields);
          if (itemKind == ReadingKind.BATCH) {
            throw new MalformedCoseException("a batch cannot nest a batch");
          }
          observations.add(observation(itemFields, uint(itemFields, "ts"), itemKind));
        } catch (MalformedCoseException e) {
          throw e.in("r[" + i + "]");
        }
      }
      return build(() -> Reading.batch(first, ts, observations));
    }
    onlyKeys(keys, SINGLE_KEYS, "a " + kind + " reading");
    Observation only = observation(fields, ts, kind);
    return build(() -> Reading.single(first, only));
  }

  private static Reading build(java.util.function.Supplier<Reading> reading)
      throws MalformedCoseException {
    try {
      return reading.get();
    } catch (IllegalArgumentException e) {
      throw new MalformedCoseException(e.getMessage());
    }
  }

  private static Observation observation(Map<String, CBORObject> map, long ts, ReadingKind kind)
      throws MalformedCoseException {
    TreeMap<String, Double> measurements = new TreeMap<>();
    CBORObject m = map.get("m");
    if (m != null) {
      if (m.getType() != CBORType.Map || m.size() == 0 || m.size() > Observation.MAX_MEASUREMENTS) {
        throw new MalformedCoseException(
            "m must be a map of 1-" + Observation.MAX_MEASUREMENTS + " measurements");
      }
      for (Map.Entry<String, CBORObject> measurement : Cbor.textMap(m).entrySet()) {
        measurements.put(
            measurement.getKey(), number(measurement.getValue(), measurement.getKey()));
      }
    } else if (kind == ReadingKind.SENSOR) {
      throw new MalformedCoseException("a sensor reading needs m");
    }
    if (kind == ReadingKind.SENSOR) {
      for (String scanOnly : List.of("epc", "biz", "loc")) {
        if (map.containsKey(scanOnly)) {
          throw new MalformedCoseException("a sensor reading has no " + scanOnly);
        }
      }
    }
    Optional<String> epc = optionalText(map, "epc");
    Optional<String> biz = optionalText(map, "biz");
    Optional<String> loc = optionalText(map, "loc");
    if (kind == ReadingKind.SCAN && (epc.isEmpty() || biz.isEmpty())) {
      throw new MalformedCoseException("a scan needs epc and biz");
    }
    List<String> objects = List.of();
    CBORObject obj = map.get("obj");
    if (obj != null) {
      if (obj.getType() != CBORType.Array
          || obj.size() == 0
          || obj.size() > Observation.MAX_OBJECTS) {
        throw new MalformedCoseException("obj must be an array of 1-1000 EPCs");
      }
      List<String> epcs = new ArrayList<>(obj.size());
      for (int i = 0; i < obj.size(); i++) {
        CBORObject item = obj.get(i);
        if (item.getType() != CBORType.TextString || item.AsString().isEmpty()) {
          throw new MalformedCoseException("obj[" + i + "] is not non-empty text");
        }
        epcs.add(item.AsString());
      }
      objects = epcs;
    }
    try {
      return new Observation(ts, kind, measurements, epc, biz, loc, objects);
    } catch (IllegalArgumentException e) {
      throw new MalformedCoseException(e.getMessage());
    }
  }

  private static void onlyKeys(Set<String> keys, Set<String> allowed, String what)
      throws MalformedCoseException {
    for (String key : keys) {
      if (!allowed.contains(key)) {
        throw new MalformedCoseException("key \"" + excerpt(key) + "\" is not allowed in " + what);
      }
    }
  }

  private static CBORObject required(Map<String, CBORObject> map, String key)
      throws MalformedCoseException {
    CBORObject value = map.get(key);
    if (value == null) {
      throw new MalformedCoseException(key + " is missing");
    }
    return value;
  }

  private static long uint(Map<String, CBORObject> map, String key) throws MalformedCoseException {
    CBORObject value = required(map, key);
    if (value.getType() != CBORType.Integer
        || !value.AsNumber().CanFitInInt64()
        || value.AsInt64Value() < 0) {
      throw new MalformedCoseException(key + " must be an unsigned integer below 2^63");
    }
    return value.AsInt64Value();
  }

  private static String text(Map<String, CBORObject> map, String key)
      throws MalformedCoseException {
    CBORObject value = required(map, key);
    if (value.getType() != CBORType.TextString) {
      throw new MalformedCoseException(key + " must be text");
    }
    return value.AsString();
  }

  private static Optional<String> optionalText(Map<String, CBORObject> map, String key)
      throws MalformedCoseException {
    if (!map.containsKey(key)) {
      return Optional.empty();
    }
    String value = text(map, key);
    if (value.isEmpty()) {
      throw new MalformedCoseException(key + " must not be empty");
    }
    return Optional.of(value);
  }

  private static ReadingKind kind(Map<String, CBORObject> map) throws MalformedCoseException {
    String kind = text(map, "kind");
    return ReadingKind.fromWireName(kind)
        .orElseThrow(
            () ->
                new MalformedCoseException(
                    "kind \"" + excerpt(kind) + "\" is not sensor, scan or batch"));
  }

  /** A measurement's value; {@code name} is only echoed (shortened) when it is not a number. */
  private static double number(CBORObject value, String name) throws MalformedCoseException {
    double number;
    if (value.getType() == CBORType.Integer) {
      number =
          com.upokecenter.numbers.EFloat.FromEInteger(value.AsNumber().ToEInteger()).ToDouble();
    } else if (value.getType() == CBORType.FloatingPoint) {
      number = value.AsDoubleValue();
    } else {
      throw new MalformedCoseException("m." + excerpt(name) + " is not a number");
    }
    if (!Double.isFinite(number)) {
      throw new MalformedCoseException("m." + excerpt(name) + " is not finite");
    }
    return number;
  }

  /** At most 40 characters of untrusted text, for messages and logs. */
  static String excerpt(String text) {
    String shown = text.length() <= 40 ? text : text.substring(0, 40) + "…";
    StringBuilder safe = new StringBuilder(shown.length());
    shown
        .codePoints()
        .forEach(
            c ->
                safe.append(
                    Character.isISOControl(c)
                        ? "\\u" + Integer.toHexString(c)
                        : Character.toString(c)));
    return safe.toString();
  }
}
