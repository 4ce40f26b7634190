package org.tracemark.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON-LD test vectors of the CBV reference implementation (see {@code
 * src/test/resources/event-hash-vectors/README.md}): each event of each document must hash to the
 * corresponding line of its {@code .hashes} file.
 */
class EventHashVectorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the vectors declare fields the repository excludes from the hash. */
  private static final String IGNORE_FIELDS = "{https://repository-x.example.com/}ignoreFields";

  static Path vectors() throws URISyntaxException {
    return Path.of(EventHashVectorsTest.class.getResource("/event-hash-vectors").toURI());
  }

  static Stream<String> documents() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(vectors())) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".jsonld"))
          .map(n -> n.substring(0, n.length() - ".jsonld".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void everyJsonLdVectorIsHere() throws Exception {
    assertThat(documents()).hasSize(22);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void eventsHashAsPublished(String name) throws Exception {
    Path dir = vectors();
    JsonNode document = JSON.readTree(Files.readString(dir.resolve(name + ".jsonld")));
    List<String> hashes = lines(dir.resolve(name + ".hashes"));
    List<String> prehashes = lines(dir.resolve(name + ".prehashes"));
    JsonLdPrefixes prefixes = JsonLdPrefixes.ofDocument(document);
    List<String> ignored = ignoredFields(document, prefixes);

    List<JsonNode> events = events(document);
    assertThat(events).as("events in %s", name).hasSize(hashes.size());
    for (int i = 0; i < events.size(); i++) {
      String preHash = EventHash.preHash(events.get(i), prefixes, ignored);
      String expected = i < prehashes.size() ? prehashes.get(i) : "(no .prehashes line)";
      assertThat(EventHash.of(events.get(i), prefixes, ignored))
          .as("event %d of %s%n  ours:      %s%n  published: %s", i, name, preHash, expected)
          .isEqualTo(hashes.get(i));
    }
  }

  /**
   * {@code epcisBody.eventList}, {@code epcisBody.queryResults.resultsBody.eventList} or {@code
   * epcisBody.event}.
   */
  static List<JsonNode> events(JsonNode document) {
    JsonNode body = document.path("epcisBody");
    JsonNode list = body.path("eventList");
    if (list.isMissingNode()) {
      list = body.path("queryResults").path("resultsBody").path("eventList");
    }
    List<JsonNode> events = new ArrayList<>();
    if (list.isArray()) {
      list.forEach(events::add);
    } else if (body.has("event")) {
      events.add(body.get("event"));
    }
    return events;
  }

  /** The vectors' own convention: a document (or its query results) lists fields to leave out. */
  private static List<String> ignoredFields(JsonNode document, JsonLdPrefixes prefixes) {
    List<String> ignored = new ArrayList<>();
    for (JsonNode holder : List.of(document, document.path("epcisBody").path("queryResults"))) {
      if (!holder.isObject()) {
        continue;
      }
      for (Map.Entry<String, JsonNode> field : holder.properties()) {
        if (prefixes.expandKey(field.getKey()).equals(IGNORE_FIELDS)) {
          field.getValue().forEach(v -> ignored.add(v.asText()));
        }
      }
    }
    return ignored;
  }

  private static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readString(file, StandardCharsets.UTF_8).lines().toList();
  }
}
