package org.tracemark.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonLdPrefixesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsEveryFormOfContextOverDefaults() throws Exception {
    JsonLdPrefixes p =
        JsonLdPrefixes.ofDocument(
            JSON.readTree(
                """
                {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
                  {"ex": "https://ns.example.com/epcis/", "@vocab": "https://x/", "n": 5},
                  {"gs1": "https://gs1.example/voc/", "term": {"@id": "https://t.example/"}}]}
                """));
    assertThat(p.asMap())
        .containsEntry("ex", "https://ns.example.com/epcis/")
        .containsEntry("gs1", "https://gs1.example/voc/")
        .containsEntry("cbv", "https://ref.gs1.org/cbv/")
        .containsEntry("epcis", "https://ref.gs1.org/epcis/")
        .containsEntry("term", "https://t.example/")
        .doesNotContainKeys("@vocab", "n");
    assertThat(
            JsonLdPrefixes.ofDocument(JSON.readTree("{\"@context\": {\"a\": \"urn:a:\"}}"))
                .namespace("a"))
        .contains("urn:a:");
    assertThat(JsonLdPrefixes.ofDocument(JSON.readTree("[1, 2]")))
        .isEqualTo(JsonLdPrefixes.defaults());
  }

  @Test
  void expandsCompactIrisInValuesAndKeys() {
    JsonLdPrefixes p = JsonLdPrefixes.defaults();
    assertThat(p.expand("gs1:Temperature")).contains("https://gs1.org/voc/Temperature");
    assertThat(p.expand("gs1://host/x")).isEmpty();
    assertThat(p.expand("urn:epc:id:sgtin:1")).isEmpty();
    assertThat(p.expandKey("cbv:x")).isEqualTo("{https://ref.gs1.org/cbv/}x");
    assertThat(p.expandKey("https://ns.example.com/epcis/myField"))
        .isEqualTo("{https://ns.example.com/epcis/}myField");
    assertThat(p.expandKey("unknown:x")).isEqualTo("unknown:x");
    assertThat(p.expandKey("plain")).isEqualTo("plain");
  }
}
