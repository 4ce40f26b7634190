package org.tracemark.keys.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORObject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.tracemark.keys.cose.MalformedCoseException;
import org.tracemark.keys.device.DeviceId;

class ReadingPayloadTest {

  private static final List<String> NAMES =
      List.of("temperature", "humidity", "mass", "lat", "lon", "shock", "co2");

  static Gen<Observation> observations() {
    Gen<Map<String, Double>> measurements =
        lists()
            .of(integers().between(0, NAMES.size() - 1))
            .ofSizeBetween(1, 4)
            .zip(
                doubles().between(-90, 90),
                (indices, value) -> {
                  TreeMap<String, Double> m = new TreeMap<>();
                  indices.forEach(i -> m.put(NAMES.get(i), value + i));
                  m.computeIfPresent("lat", (k, v) -> Math.max(-90, Math.min(90, v)));
                  return m;
                });
    Gen<Long> ts = longs().between(0, 4_102_444_800_000L);
    Gen<String> text = strings().basicLatinAlphabet().ofLengthBetween(1, 30);
    Gen<Observation> sensor =
        ts.zip(
            measurements,
            booleans().all(),
            (t, m, withObj) ->
                Observation.sensor(
                    t, m, withObj ? List.of("urn:epc:id:sscc:9520123.0000000001") : List.of()));
    Gen<Observation> scan =
        ts.zip(
            text,
            text,
            booleans().all(),
            (t, epc, biz, withLoc) ->
                Observation.scan(
                    t,
                    epc,
                    biz,
                    withLoc ? Optional.of("urn:epc:id:sgln:9520123.00001.0") : Optional.empty()));
    return Generate.oneOf(sensor, scan);
  }

  static Gen<Reading> readings() {
    Gen<ReadingId> ids =
        strings()
            .basicLatinAlphabet()
            .ofLengthBetween(0, 20)
            .zip(
                longs().between(0, Long.MAX_VALUE / 2),
                longs().between(0, Long.MAX_VALUE / 2),
                (name, boot, seq) ->
                    ReadingId.of(
                        DeviceId.of("d" + name.replaceAll("[^A-Za-z0-9._-]", "x")), boot, seq));
    Gen<Reading> single = ids.zip(observations(), Reading::single);
    Gen<Reading> batch =
        ids.zip(
            lists().of(observations()).ofSizeBetween(1, 20),
            longs().between(0, 4_102_444_800_000L),
            (id, items, ts) -> Reading.batch(id, ts, items));
    return Generate.oneOf(single, batch);
  }

  @Test
  void everyReadingRoundTripsThroughItsEncoding() {
    qt().withExamples(400)
        .forAll(readings())
        .checkAssert(
            reading -> {
              byte[] encoded = ReadingPayload.encode(reading);
              assertThat(decode(encoded)).isEqualTo(reading);
              assertThat(ReadingPayload.encode(decode(encoded))).isEqualTo(encoded);
            });
  }

  @Test
  void encodingIsDeterministicCbor() {
    qt().withExamples(200)
        .forAll(readings())
        .checkAssert(
            reading -> {
              byte[] encoded = ReadingPayload.encode(reading);
              CBORObject decoded =
                  CBORObject.DecodeFromBytes(encoded, new CBOREncodeOptions("keepkeyorder=true"));
              List<String> keys = new ArrayList<>();
              decoded.getKeys().forEach(k -> keys.add(k.AsString()));
              assertThat(keys)
                  .isSortedAccordingTo(
                      (a, b) ->
                          a.length() != b.length()
                              ? Integer.compare(a.length(), b.length())
                              : a.compareTo(b));
            });
  }

  @Test
  void aSensorReadingEncodesToExactlyTheDeterministicBytes() {
    Reading reading = TestDevices.sensor("silo-7", 3, 41, 4.5);
    // Keys sorted by encoded bytes (shorter first): m, v, ts, dev, seq, boot, kind; 81.5 and 4.5
    // fit half floats exactly, so RFC 8949 preferred serialization writes them in 3 bytes.
    String expected =
        "a7"
            + "616d"
            + "a2"
            + "6868756d6964697479"
            + "f95518"
            + "6b74656d7065726174757265"
            + "f94480"
            + "6176"
            + "01"
            + "627473"
            + "1b"
            + String.format("%016x", TestDevices.TS)
            + "63646576"
            + "6673696c6f2d37"
            + "63736571"
            + "1829"
            + "64626f6f74"
            + "03"
            + "646b696e64"
            + "6673656e736f72";
    assertThat(HexFormat.of().formatHex(ReadingPayload.encode(reading))).isEqualTo(expected);
  }

  @Test
  void unknownKeysWrongVersionsAndBadValuesAreMalformedWithTheRuleNamed() {
    assertMalformed(map("v", 2), "v is 2");
    CBORObject extra = valid();
    extra.Add("note", "hello");
    assertMalformed(extra, "key \"note\" is not allowed");
    CBORObject negative = valid();
    negative.set("seq", CBORObject.FromObject(-1));
    assertMalformed(negative, "seq must be an unsigned integer");
    CBORObject badDev = valid();
    badDev.set("dev", CBORObject.FromObject("-x"));
    assertMalformed(badDev, "is not a device id");
    CBORObject lat = valid();
    lat.get("m").set("lat", CBORObject.FromObject(91.0));
    assertMalformed(lat, "lat 91.0 is outside");
    CBORObject nan = valid();
    nan.get("m").set("temperature", CBORObject.FromObject(Double.NaN));
    assertMalformed(nan, "m.temperature is not finite");
    CBORObject intKey = valid();
    intKey.Add(7, 1);
    assertMalformed(intKey, "map key 7 is not a text string");
    CBORObject epcOnSensor = valid();
    epcOnSensor.Add("epc", "x");
    assertMalformed(epcOnSensor, "a sensor reading has no epc");
  }

  @Test
  void batchesNeedOneToAThousandReadingsAndCannotNest() {
    CBORObject empty = batch(0);
    assertMalformed(empty, "r must be an array of 1-1000 maps");
    assertMalformed(batch(1001), "r must be an array of 1-1000 maps");
    CBORObject nested = batch(1);
    nested.get("r").get(0).set("kind", CBORObject.FromObject("batch"));
    assertMalformed(nested, "r[0]: a batch cannot nest a batch");
    CBORObject withDev = batch(2);
    withDev.get("r").get(1).Add("dev", "silo-7");
    assertMalformed(withDev, "r[1]: key \"dev\" is not allowed in a batch entry");
    CBORObject overflow = batch(2);
    overflow.set("seq", CBORObject.FromObject(Long.MAX_VALUE));
    assertMalformed(overflow, "overflows");
  }

  private static CBORObject valid() {
    return CBORObject.DecodeFromBytes(
        ReadingPayload.encode(TestDevices.sensor("silo-7", 3, 41, 4.5)));
  }

  private static CBORObject map(String key, Object value) {
    CBORObject map = valid();
    map.set(key, CBORObject.FromObject(value));
    return map;
  }

  private static CBORObject batch(int size) {
    CBORObject map = valid();
    map.set("kind", CBORObject.FromObject("batch"));
    CBORObject m = map.get("m");
    map.Remove(CBORObject.FromObject("m"));
    CBORObject r = CBORObject.NewArray();
    for (int i = 0; i < size; i++) {
      CBORObject item = CBORObject.NewMap();
      item.Add("ts", TestDevices.TS + i);
      item.Add("kind", "sensor");
      item.Add("m", m);
      r.Add(item);
    }
    map.Add("r", r);
    return map;
  }

  private static void assertMalformed(CBORObject payload, String message) {
    assertThatThrownBy(() -> ReadingPayload.decode(payload.EncodeToBytes()))
        .isInstanceOf(MalformedCoseException.class)
        .hasMessageContaining(message);
  }

  private static Reading decode(byte[] encoded) {
    try {
      return ReadingPayload.decode(encoded);
    } catch (MalformedCoseException e) {
      throw new AssertionError(e);
    }
  }
}
