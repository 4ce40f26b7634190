package org.tracemark.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The CURIE prefixes of a JSON-LD document: prefix to namespace IRI, e.g. {@code example ->
 * https://ns.example.com/epcis/}. The event hash uses them to expand compact IRIs in keys ({@code
 * example:myField} becomes {@code {https://ns.example.com/epcis/}myField}) and values ({@code
 * gs1:Temperature} becomes {@code https://gs1.org/voc/Temperature}), CBV 2.0 event hash rules 15,
 * 19 and 20.
 *
 * <p>This is not a JSON-LD processor: remote contexts (strings in {@code @context}, such as the
 * EPCIS 2.0 context URL) are not fetched. The three prefixes that context defines for the standard
 * vocabularies are built in instead: {@code gs1}, {@code cbv} and {@code epcis}.
 */
public final class JsonLdPrefixes {

  private static final Map<String, String> DEFAULTS =
      Map.of(
          "gs1", "https://gs1.org/voc/",
          "cbv", "https://ref.gs1.org/cbv/",
          "epcis", "https://ref.gs1.org/epcis/");

  private static final JsonLdPrefixes DEFAULT = new JsonLdPrefixes(DEFAULTS);

  private final Map<String, String> namespaces;

  private JsonLdPrefixes(Map<String, String> namespaces) {
    this.namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
  }

  /** Only the built-in {@code gs1}, {@code cbv} and {@code epcis} prefixes. */
  public static JsonLdPrefixes defaults() {
    return DEFAULT;
  }

  /**
   * The built-in prefixes plus those an EPCIS document declares in its {@code @context} (a string,
   * an object, or an array of both), the document's winning. A term defined as {@code {"@id":
   * "..."}} counts as a prefix too; strings (remote contexts), keywords ({@code @vocab}, ...) and
   * anything else are ignored. Never throws on a non-null node.
   */
  public static JsonLdPrefixes ofDocument(JsonNode epcisDocument) {
    Objects.requireNonNull(epcisDocument, "epcisDocument");
    Map<String, String> map = new LinkedHashMap<>(DEFAULTS);
    JsonNode context = epcisDocument.path("@context");
    if (context.isArray()) {
      context.forEach(entry -> collect(entry, map));
    } else {
      collect(context, map);
    }
    return new JsonLdPrefixes(map);
  }

  /** The built-in prefixes plus (overriding them) {@code prefixes}. */
  public static JsonLdPrefixes of(Map<String, String> prefixes) {
    Map<String, String> map = new LinkedHashMap<>(DEFAULTS);
    map.putAll(Objects.requireNonNull(prefixes, "prefixes"));
    return new JsonLdPrefixes(map);
  }

  private static void collect(JsonNode context, Map<String, String> into) {
    if (!context.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> field : context.properties()) {
      String prefix = field.getKey();
      JsonNode value = field.getValue();
      JsonNode iri = value.isObject() ? value.path("@id") : value;
      if (!prefix.startsWith("@") && !prefix.isEmpty() && iri.isTextual()) {
        into.put(prefix, iri.asText());
      }
    }
  }

  /** Prefix to namespace IRI, unmodifiable. */
  public Map<String, String> asMap() {
    return namespaces;
  }

  /** The namespace a prefix stands for. */
  public Optional<String> namespace(String prefix) {
    return Optional.ofNullable(namespaces.get(prefix));
  }

  /**
   * The IRI a compact IRI {@code prefix:suffix} stands for, when the prefix is known and the suffix
   * does not start with {@code //} (which makes it an absolute IRI, as in JSON-LD).
   */
  public Optional<String> expand(String value) {
    return split(value).map(s -> s.namespace() + s.localName());
  }

  /**
   * A key as the event hash writes it (rule 20): {@code {namespace}localName} for a compact IRI
   * with a known prefix or an absolute http(s) IRI (split after its last {@code /} or {@code #}),
   * otherwise the key itself.
   */
  String expandKey(String key) {
    Optional<Split> split = split(key);
    if (split.isPresent()) {
      return "{" + split.get().namespace() + "}" + split.get().localName();
    }
    if (key.startsWith("http://") || key.startsWith("https://")) {
      int cut = Math.max(key.lastIndexOf('/'), key.lastIndexOf('#')) + 1;
      if (cut > key.indexOf("//") + 2 && cut < key.length()) {
        return "{" + key.substring(0, cut) + "}" + key.substring(cut);
      }
    }
    return key;
  }

  private record Split(String namespace, String localName) {}

  private Optional<Split> split(String value) {
    int colon = value.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    String namespace = namespaces.get(value.substring(0, colon));
    String rest = value.substring(colon + 1);
    if (namespace == null || rest.startsWith("//")) {
      return Optional.empty();
    }
    return Optional.of(new Split(namespace, rest));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonLdPrefixes other && other.namespaces.equals(namespaces);
  }

  @Override
  public int hashCode() {
    return namespaces.hashCode();
  }

  @Override
  public String toString() {
    return "JsonLdPrefixes" + namespaces;
  }
}
