package org.tracemark.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.tracemark.epcis.Rule.Field;
import org.tracemark.epcis.Rule.Items;
import org.tracemark.epcis.Rule.Scalar;
import org.tracemark.epcis.Rule.Struct;

/**
 * Writes the pre-hash string of one event by walking {@link EventSchema}. Each field becomes zero
 * or more entries ({@code key=value}, or {@code key} followed by its children's entries); entries
 * of one field are sorted, and so are the trailing entries of an object (rules 2 to 4, 10 to 12, 20
 * and 21). Sorting is by Unicode code point, which is the order of the UTF-8 bytes rule 10 names.
 */
final class PreHashWriter {

  /** Deepest nesting of objects and arrays accepted in an event. */
  static final int MAX_DEPTH = 64;

  private static final String RDFS_COMMENT = "{http://www.w3.org/2000/01/rdf-schema#}comment";

  private final JsonLdPrefixes prefixes;
  private final Set<String> ignored;

  PreHashWriter(JsonLdPrefixes prefixes, Collection<String> ignoredFields) {
    this.prefixes = prefixes;
    this.ignored = ignoredFields.stream().map(prefixes::expandKey).collect(Collectors.toSet());
  }

  String write(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new IllegalArgumentException(
          "an EPCIS event is a JSON object, got " + (event == null ? "null" : event.getNodeType()));
    }
    JsonNode type = event.get("type");
    String eventType = type != null && type.isTextual() ? type.asText().strip() : "";
    if (eventType.isEmpty()) {
      throw new IllegalArgumentException(
          "an EPCIS event has a \"type\" (ObjectEvent, AggregationEvent, ...), this one has "
              + (type == null ? "none" : type.toString()));
    }
    return "eventType=" + eventType + struct(event, EventSchema.EVENT, true, 1);
  }

  // --- objects -------------------------------------------------------------------------------

  private String struct(JsonNode object, Struct rule, boolean eventLevel, int depth) {
    StringBuilder b = new StringBuilder();
    for (Field field : rule.ordered()) {
      JsonNode value = object.get(field.name());
      if (value != null) {
        b.append(sorted(entries(field.name(), value, field.rule(), false, depth)));
      }
    }
    List<String> trailing = new ArrayList<>();
    for (Map.Entry<String, JsonNode> property : object.properties()) {
      String key = property.getKey();
      if (isOrdered(rule, key) || isExcluded(rule, key, eventLevel)) {
        continue;
      }
      Rule known = rule.unordered().get(key);
      if (known != null) {
        trailing.addAll(entries(key, property.getValue(), known, false, depth));
      } else {
        trailing.addAll(
            entries(prefixes.expandKey(key), property.getValue(), Struct.GENERIC, true, depth));
      }
    }
    return b.append(sorted(trailing)).toString();
  }

  private static boolean isOrdered(Struct rule, String key) {
    for (Field field : rule.ordered()) {
      if (field.name().equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** JSON-LD keywords, XML text carried over, comments (rdfs:comment) and excluded fields. */
  private boolean isExcluded(Struct rule, String key, boolean eventLevel) {
    if (key.startsWith("@") || key.equals("#text") || key.equals("comment")) {
      return true;
    }
    String expanded = prefixes.expandKey(key);
    if (key.equals("rdfs:comment") || expanded.equals(RDFS_COMMENT)) {
      return true;
    }
    return rule.excluded().contains(key) || (eventLevel && ignored.contains(expanded));
  }

  // --- entries -------------------------------------------------------------------------------

  /**
   * The entries of field {@code name} with {@code value}. {@code extension} fields (user extensions
   * and unknown fields) keep their key even without a value; standard fields without a value are
   * left out (rule 4).
   */
  private List<String> entries(
      String name, JsonNode value, Rule rule, boolean extension, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "the event nests objects and arrays deeper than " + MAX_DEPTH + " levels");
    }
    if (value.isNull() || value.isMissingNode()) {
      return List.of();
    }
    if (rule instanceof Items items) {
      return items(name, value, items, depth + 1);
    }
    if (value.isArray()) {
      // A JSON array stands for repeated elements of the same name (XML's data model).
      List<String> all = new ArrayList<>();
      for (JsonNode element : value) {
        all.addAll(entries(name, element, rule, extension, depth + 1));
      }
      return all;
    }
    if (value.isObject()) {
      Struct struct = rule instanceof Struct s ? s : Struct.GENERIC;
      String body = struct(value, struct, false, depth + 1);
      return body.isEmpty() && !extension ? List.of() : List.of(name + body);
    }
    Scalar scalar = rule instanceof Scalar s ? s : Scalar.TEXT;
    String text = Values.text(value).map(t -> canonical(t, scalar)).orElse("");
    if (text.isEmpty()) {
      return extension ? List.of(name) : List.of();
    }
    return List.of(name + "=" + text);
  }

  private List<String> items(String name, JsonNode value, Items rule, int depth) {
    List<String> all = new ArrayList<>();
    if (value.isArray()) {
      for (JsonNode element : value) {
        all.addAll(entries(rule.itemName(), element, rule.item(), false, depth));
      }
    } else {
      all.addAll(entries(rule.itemName(), value, rule.item(), false, depth));
    }
    String body = sorted(all);
    return body.isEmpty() ? List.of() : List.of(name + body);
  }

  // --- values --------------------------------------------------------------------------------

  /**
   * A value in canonical form: timestamps by rules 8 and 9; otherwise a bare CBV term becomes its
   * Web URI (rule 17), or else a compact IRI is expanded (rule 15), a CBV URN becomes its Web URI
   * (rule 14), a number loses trailing zeros (rule 6) and an EPC or Digital Link URI becomes the
   * constrained canonical Digital Link (rules 18 and 19).
   */
  private String canonical(String text, Scalar rule) {
    if (rule.time()) {
      return Values.timestamp(text);
    }
    Optional<String> term = rule.vocabulary().flatMap(v -> v.expandBare(text));
    if (term.isPresent()) {
      return term.get();
    }
    String value = prefixes.expand(text).orElse(text);
    value = CbvVocabulary.webUri(value);
    value = Values.numeric(value);
    return Identifiers.canonical(value).orElse(value);
  }

  private static String sorted(List<String> entries) {
    if (entries.isEmpty()) {
      return "";
    }
    List<String> copy = new ArrayList<>(entries);
    copy.sort(PreHashWriter::compareCodePoints);
    return String.join("", copy);
  }

  /** Lexical order of Unicode code points (= UTF-8 byte order), unlike {@link String#compareTo}. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
