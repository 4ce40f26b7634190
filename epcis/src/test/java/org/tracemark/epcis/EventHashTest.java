package org.tracemark.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventHashTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonLdPrefixes PREFIXES =
      JsonLdPrefixes.of(Map.of("example", "https://ns.example.com/epcis/"));

  private static final String EVENT =
      """
      {
        "type": "ObjectEvent",
        "eventTime": "2020-03-04T11:00:30.000+01:00",
        "eventTimeZoneOffset": "+01:00",
        "epcList": ["urn:epc:id:sgtin:4012345.011111.9876", "urn:epc:id:sscc:4012345.0000000111"],
        "action": "OBSERVE",
        "bizStep": "shipping",
        "disposition": "in_transit",
        "readPoint": {"id": "urn:epc:id:sgln:4012345.00011.987", "example:dock": "7"},
        "bizTransactionList": [
          {"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:4012345000009:PO1"},
          {"type": "inv", "bizTransaction": "urn:epcglobal:cbv:bt:4012345000009:INV1"}
        ],
        "sensorElementList": [{
          "sensorMetadata": {"time": "2020-03-04T10:59:00Z"},
          "sensorReport": [
            {"type": "Temperature", "value": 4.5, "uom": "CEL"},
            {"type": "gs1:RelativeHumidity", "value": 60, "uom": "P1"}
          ]
        }],
        "example:myField": {"example:b": "2", "example:a": ["3", "1"]}
      }
      """;

  private static JsonNode event() throws Exception {
    return JSON.readTree(EVENT);
  }

  private static String hash(JsonNode event) {
    return EventHash.of(event, PREFIXES);
  }

  @Test
  void hashIsTheNiUriOfThePreHash() throws Exception {
    String preHash = EventHash.preHash(event(), PREFIXES);
    assertThat(preHash)
        .startsWith(
            "eventType=ObjectEventeventTime=2020-03-04T10:00:30.000ZeventTimeZoneOffset=+01:00"
                + "epcListepc=https://id.gs1.org/00/040123450000001112"
                + "epc=https://id.gs1.org/01/04012345111118/21/9876action=OBSERVE"
                + "bizStep=https://ref.gs1.org/cbv/BizStep-shipping"
                + "disposition=https://ref.gs1.org/cbv/Disp-in_transit"
                + "readPointid=https://id.gs1.org/414/4012345000115/254/987"
                + "{https://ns.example.com/epcis/}dock=7"
                + "sensorElementListsensorElementsensorMetadatatime=2020-03-04T10:59:00.000Z"
                + "sensorReporttype=https://gs1.org/voc/RelativeHumidityvalue=60uom=P1"
                + "sensorReporttype=https://gs1.org/voc/Temperaturevalue=4.5uom=CEL"
                + "bizTransactionList"
                + "type=https://ref.gs1.org/cbv/BTT-invbizTransaction=urn:epcglobal:cbv:bt:"
                + "4012345000009:INV1"
                + "type=https://ref.gs1.org/cbv/BTT-pobizTransaction=urn:epcglobal:cbv:bt:"
                + "4012345000009:PO1"
                + "{https://ns.example.com/epcis/}myField{https://ns.example.com/epcis/}a=1"
                + "{https://ns.example.com/epcis/}a=3{https://ns.example.com/epcis/}b=2");
    assertThat(EventHash.of(event(), PREFIXES))
        .isEqualTo(EventHash.ni(preHash))
        .matches("ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0");
  }

  @Test
  void urnAndDigitalLinkOfTheSameEpcHashAlike() throws Exception {
    ObjectNode dl = (ObjectNode) event();
    dl.set(
        "epcList",
        JSON.readTree(
            "[\"https://brand.example/01/04012345111118/21/9876?linkType=gs1:pip\","
                + " \"https://id.gs1.org/sscc/040123450000001112\"]"));
    ((ObjectNode) dl.get("readPoint")).put("id", "https://id.gs1.org/414/4012345000115/254/987");
    assertThat(hash(dl)).isEqualTo(hash(event()));
  }

  @Test
  void cbvTermsHashAlikeInEveryNotation() throws Exception {
    String expected = hash(event());
    for (String bizStep :
        List.of(
            "urn:epcglobal:cbv:bizstep:shipping",
            "https://ref.gs1.org/cbv/BizStep-shipping",
            "cbv:BizStep-shipping",
            " shipping ")) {
      ObjectNode e = (ObjectNode) event();
      e.put("bizStep", bizStep);
      assertThat(hash(e)).as(bizStep).isEqualTo(expected);
    }
  }

  @Test
  void keyOrderDoesNotMatter() throws Exception {
    JsonNode original = event();
    assertThat(hash(reversedKeys(original))).isEqualTo(hash(original));
  }

  @Test
  void listOrderDoesNotMatter() throws Exception {
    JsonNode original = event();
    assertThat(hash(reversedArrays(original))).isEqualTo(hash(original));
  }

  @Test
  void excludedFieldsDoNotMatter() throws Exception {
    ObjectNode e = (ObjectNode) event();
    e.put("eventID", "urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8");
    e.put("recordTime", "2020-03-04T11:00:31.000+01:00");
    e.put("rdfs:comment", "a comment");
    e.set("errorDeclaration", JSON.readTree("{\"declarationTime\":\"2020-03-05T00:00:00Z\"}"));
    e.put("@context", "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
    e.putNull("disposition2");
    assertThat(hash(e)).isEqualTo(hash(event()));
  }

  @Test
  void ignoredFieldsAreLeftOutByExpandedName() throws Exception {
    ObjectNode e = (ObjectNode) event();
    e.put("example:hash", "ni:///sha-256;00?ver=CBV2.0");
    assertThat(hash(e)).isNotEqualTo(hash(event()));
    assertThat(EventHash.of(e, PREFIXES, List.of("{https://ns.example.com/epcis/}hash")))
        .isEqualTo(hash(event()));
  }

  @Test
  void equivalentNumbersAndTimesHashAlike() throws Exception {
    ObjectNode a = (ObjectNode) event();
    a.put("eventTime", "2020-03-04T10:00:30Z");
    a.set(
        "quantityList",
        JSON.readTree(
            "[{\"epcClass\":\"urn:epc:class:lgtin:4012345.011111.L1\",\"quantity\":600}]"));
    ObjectNode b = (ObjectNode) event();
    b.put("eventTime", "2020-03-04T05:00:30.0001-05:00");
    b.set(
        "quantityList",
        JSON.readTree(
            "[{\"epcClass\":\"urn:epc:class:lgtin:4012345.011111.L1\",\"quantity\":\"600.0\"}]"));
    assertThat(hash(a)).isEqualTo(hash(b));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/eventTime=2020-03-04T11:00:30.001+01:00",
        "/action=ADD",
        "/bizStep=receiving",
        "/readPoint/id=urn:epc:id:sgln:4012345.00011.988",
        "/readPoint/example:dock=8",
        "/example:myField/example:b=3",
        "/sensorElementList/0/sensorReport/0/value=4.6",
        "/bizTransactionList/0/type=desadv"
      })
  void aChangedValueChangesTheHash(String change) throws Exception {
    String pointer = change.substring(0, change.indexOf('='));
    String value = change.substring(change.indexOf('=') + 1);
    JsonNode e = event();
    int slash = pointer.lastIndexOf('/');
    ObjectNode parent = (ObjectNode) e.at(pointer.substring(0, slash));
    parent.put(pointer.substring(slash + 1), value);
    assertThat(hash(e)).isNotEqualTo(hash(event()));
  }

  @Test
  void anAddedOrRemovedFieldChangesTheHash() throws Exception {
    ObjectNode added = (ObjectNode) event();
    added.put("example:extra", "");
    ObjectNode removed = (ObjectNode) event();
    removed.remove("disposition");
    assertThat(List.of(hash(added), hash(removed))).doesNotContain(hash(event()));
    assertThat(EventHash.preHash(added, PREFIXES))
        .contains("{https://ns.example.com/epcis/}extra{https://ns.example.com/epcis/}myField");
  }

  @Test
  void badEventsAreIllegalArguments() throws Exception {
    for (String json :
        List.of(
            "[]", "\"ObjectEvent\"", "42", "null", "{}", "{\"type\": 5}", "{\"type\": \" \"}")) {
      assertThatThrownBy(() -> EventHash.of(JSON.readTree(json), PREFIXES))
          .as(json)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("EPCIS event");
    }
    assertThatThrownBy(() -> EventHash.of(null, PREFIXES))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deepNestingIsRefused() throws Exception {
    ObjectNode e = JsonNodeFactory.instance.objectNode().put("type", "ObjectEvent");
    ObjectNode inner = e;
    for (int i = 0; i < 100; i++) {
      inner = inner.putObject("example:n");
    }
    assertThatThrownBy(() -> EventHash.of(e, PREFIXES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deeper than 64");
    ArrayNode arrays = JsonNodeFactory.instance.arrayNode();
    ArrayNode a = arrays;
    for (int i = 0; i < 100; i++) {
      a = a.addArray();
    }
    ObjectNode withArrays = JsonNodeFactory.instance.objectNode().put("type", "ObjectEvent");
    withArrays.set("epcList", arrays);
    assertThatThrownBy(() -> EventHash.of(withArrays, PREFIXES))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oddShapesAndScalarsAreWrittenNotThrown() throws Exception {
    JsonNode e =
        JSON.readTree(
            """
            {"type": "ObjectEvent", "eventTime": {"x": 1}, "epcList": [null, 1.50, true, [], {}],
             "readPoint": "urn:epc:id:sgln:4012345.00011.0", "quantityList": {"quantity": 1e3},
             "bizTransactionList": [{}], "sensorElementList": [], "ilmd": {},
             "example:n": null, "example:t": false, "example:e": [], "example:o": {},
             "example:big": 123456789012345678901234567890, "example:x": "1E-2"}
            """);
    assertThat(EventHash.preHash(e, PREFIXES))
        .isEqualTo(
            "eventType=ObjectEventeventTimex=1epcListepc=1.5epc=true"
                + "quantityListquantityElementquantity=1000"
                + "readPoint=https://id.gs1.org/414/4012345000115"
                + "{https://ns.example.com/epcis/}big=123456789012345678901234567890"
                + "{https://ns.example.com/epcis/}o{https://ns.example.com/epcis/}t=false"
                + "{https://ns.example.com/epcis/}x=0.01");
  }

  @Test
  void randomJsonNeverThrowsAnythingElse() {
    Random random = new Random(20240611L);
    for (int i = 0; i < 2_000; i++) {
      ObjectNode e = JsonNodeFactory.instance.objectNode().put("type", "ObjectEvent");
      for (String key :
          List.of(
              "eventTime",
              "epcList",
              "quantityList",
              "readPoint",
              "bizTransactionList",
              "sensorElementList",
              "persistentDisposition",
              "ilmd",
              "example:x",
              "gs1:y",
              "z")) {
        if (random.nextBoolean()) {
          e.set(key, randomNode(random, 0));
        }
      }
      try {
        assertThat(EventHash.of(e, PREFIXES)).startsWith("ni:///sha-256;");
      } catch (IllegalArgumentException expected) {
        // allowed
      }
    }
  }

  private static JsonNode randomNode(Random random, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    int kind = random.nextInt(depth > 6 ? 6 : 9);
    String[] texts = {
      "",
      " ",
      "shipping",
      "urn:epc:id:sgtin:4012345.011111.9876",
      "urn:epc:id:gdti:4012345..",
      "https://id.gs1.org/01/1/21/x",
      "https://x.example/01/04012345111118/10/L/21/S?x=1",
      "2020-03-04T11:00:30.99999+01:00",
      "9999-12-31T23:59:59.9995Z",
      "1e999999999",
      "-0.000",
      "gs1:",
      "example:%zz",
      "urn:epc:idpat:itip:4012345.012345.01.02.*",
      "\uD800",
      "{x}"
    };
    return switch (kind) {
      case 0 -> f.nullNode();
      case 1 -> f.booleanNode(random.nextBoolean());
      case 2 -> f.numberNode(random.nextDouble() * 1e6);
      case 3 -> f.numberNode(random.nextLong());
      case 4, 5 -> f.textNode(texts[random.nextInt(texts.length)]);
      case 6, 7 -> {
        ArrayNode a = f.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          a.add(randomNode(random, depth + 1));
        }
        yield a;
      }
      default -> {
        ObjectNode o = f.objectNode();
        String[] keys = {"id", "type", "epcClass", "quantity", "time", "value", "example:k", "@id"};
        for (int i = random.nextInt(4); i > 0; i--) {
          o.set(keys[random.nextInt(keys.length)], randomNode(random, depth + 1));
        }
        yield o;
      }
    };
  }

  private static JsonNode reversedKeys(JsonNode node) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
      Collections.reverse(fields);
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      fields.forEach(f -> copy.set(f.getKey(), reversedKeys(f.getValue())));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(n -> copy.add(reversedKeys(n)));
      return copy;
    }
    return node;
  }

  private static JsonNode reversedArrays(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.properties().forEach(f -> copy.set(f.getKey(), reversedArrays(f.getValue())));
      return copy;
    }
    if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(n -> items.add(reversedArrays(n)));
      Collections.reverse(items);
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      items.forEach(copy::add);
      return copy;
    }
    return node;
  }
}
